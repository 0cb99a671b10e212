package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.List;

/**
 * Java's {@code float} arithmetic in an IR of doubles. A float value is carried in a double,
 * which holds it exactly, and every operation whose Java type is float is computed in double and
 * rounded to float ({@link #rounded}, written {@code (float) (...)}). For {@code + - * /} and
 * {@code %} of two floats that gives exactly the float result: the double result is exact for
 * {@code *} and {@code %}, and for {@code +}, {@code -}, {@code /} a double has more than 2 * 24
 * + 2 significant bits, so rounding to double first cannot change the float rounding (Figueroa,
 * "When is double rounding innocuous?", 1995). The rounding's derivative is 1, as every AD tool
 * takes it; adjoints and tangents are doubles, never less accurate than floats would be.
 *
 * <p>What is float is decided here, by Java's rules, from the IR: a variable declared float, a
 * float literal or field, a call returning float, a rounding, and the negation or choice
 * ({@code ?:}) of floats.
 */
final class Floats {
  private final Scope scope;

  Floats(Scope scope) {
    this.scope = scope;
  }

  /** Whether {@code e}'s Java type is {@code float}. */
  boolean isFloat(Expr e) {
    if (e instanceof Expr.Read r) {
      return scope.isFloat(r.var());
    }
    if (scope.isFloatLeaf(e)) {
      // A float literal, field, or the result of a call of a method returning float.
      return true;
    }
    if (e instanceof Expr.MathCall m) {
      return isRounding(m);
    }
    if (e instanceof Expr.ArrayRead a) {
      // An element of a float array (carried in an array of doubles).
      return dev.adjoint.processor.ir.ArrayType.holdsFloats(a.array());
    }
    if (e instanceof Expr.Unary u && u.op() != UnaryOp.NOT) {
      return isFloat(u.operand());
    }
    if (e instanceof Expr.Conditional c) {
      return isFloat(c.ifTrue()) && isFloat(c.ifFalse());
    }
    return false;
  }

  static boolean isRounding(Expr.MathCall m) {
    return m.name().equals(DerivativeTable.TO_FLOAT) && m.custom() == null;
  }

  /** {@code (float) e}, for a double {@code e}. */
  static Expr rounded(Expr e) {
    return new Expr.MathCall(DerivativeTable.FLOAT_OWNER, DerivativeTable.TO_FLOAT, List.of(e), Primitive.DOUBLE);
  }

  /** Whether {@code e}'s Java type is {@code double}, not float carried in a double. */
  boolean isDouble(Expr e) {
    return e.type() == Primitive.DOUBLE && !isFloat(e);
  }

  /**
   * {@code e} converted to float as Java converts it: a float as it is, an int or a long rounded
   * (above 2^24 not every int is a float). A long is rounded directly, {@code (float) n}, never
   * through a double, which would round twice; null for anything else.
   */
  Expr toFloat(Expr e) {
    if (isFloat(e)) {
      return e;
    }
    if (e instanceof Expr.Constant c && e.type() == Primitive.INT) {
      try {
        float value = Integer.decode(c.java().replace("_", ""));
        return scope.floatLeaf(new Expr.Constant(Primitive.DOUBLE, Double.toString(value)));
      } catch (NumberFormatException unusual) {
        // A literal in a form decode does not read (octal 0_7): rounded at run time instead.
      }
    }
    if (e.type() == Primitive.INT) {
      return rounded(new Expr.Cast(Primitive.DOUBLE, e));
    }
    if (e.type() == Primitive.DOUBLE || e.type() == Primitive.LONG) {
      return rounded(e);
    }
    return null;
  }

  /**
   * Whether Java computes {@code l op r} in float: no operand is a double, and one is a float.
   */
  boolean isFloatOperation(Expr l, Expr r) {
    return !isDouble(l) && !isDouble(r) && (isFloat(l) || isFloat(r));
  }

  /** {@code l op r} in float, its operands (floats, or ints) already converted by {@link #toFloat}. */
  static Expr operation(BinaryOp op, Expr l, Expr r) {
    return rounded(new Expr.Binary(op, l, r, Primitive.DOUBLE));
  }
}
