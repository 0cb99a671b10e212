package dev.adjoint.processor.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds double expressions for derivative code, folding the multiplications by one and zero
 * and double negations that would otherwise clutter what a reviewer reads.
 */
public final class Exprs {
  public static final Expr.Constant ZERO = new Expr.Constant(Primitive.DOUBLE, "0.0");
  public static final Expr.Constant ONE = new Expr.Constant(Primitive.DOUBLE, "1.0");

  private Exprs() {}

  /** The variable an array expression such as {@code a} or {@code m[i]} reads. */
  public static Var rootVar(Expr array) {
    if (array instanceof Expr.Read r) {
      return r.var();
    }
    if (array instanceof Expr.ArrayRead a) {
      return rootVar(a.array());
    }
    throw new IllegalArgumentException("not an array variable: " + array);
  }

  /**
   * What an array expression indexes in the end: {@code m} for {@code m[i][j]}, a variable's
   * read or a table ({@link Expr.StaticField}); unlike {@link #rootVar}, for any array.
   */
  public static Expr base(Expr array) {
    while (array instanceof Expr.ArrayRead row) {
      array = row.array();
    }
    return array;
  }

  /** What a variable of {@code type} holds before anything is assigned: 0, false or null. */
  public static Expr.Constant zeroOf(Type type) {
    if (type.isArray()) {
      return new Expr.Constant(type, "null");
    }
    return switch ((Primitive) type) {
      case DOUBLE -> ZERO;
      case INT -> new Expr.Constant(Primitive.INT, "0");
      case LONG -> new Expr.Constant(Primitive.LONG, "0L");
      case BOOLEAN -> new Expr.Constant(Primitive.BOOLEAN, "false");
    };
  }

  public static Expr.Read read(Var v) {
    return new Expr.Read(v);
  }

  public static Expr constant(double value) {
    return Expr.Constant.ofDouble(value);
  }

  public static boolean isZero(Expr e) {
    return e instanceof Expr.Constant c && c.isDoubleValue(0);
  }

  public static boolean isOne(Expr e) {
    return e instanceof Expr.Constant c && c.isDoubleValue(1);
  }

  public static Expr add(Expr a, Expr b) {
    if (isZero(a)) {
      return b;
    }
    if (isZero(b)) {
      return a;
    }
    if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return sub(a, u.operand());
    }
    return new Expr.Binary(BinaryOp.ADD, a, b, Primitive.promote(prim(a), prim(b)));
  }

  /** The sum of {@code terms}, with a term that occurs k times written once as {@code k * term}. */
  public static Expr sum(List<Expr> terms) {
    Map<Expr, Integer> counts = new LinkedHashMap<>();
    terms.forEach(t -> counts.merge(t, 1, Integer::sum));
    Expr total = ZERO;
    for (var entry : counts.entrySet()) {
      int k = entry.getValue();
      total = add(total, k == 1 ? entry.getKey() : mul(constant(k), entry.getKey()));
    }
    return total;
  }

  public static Expr sub(Expr a, Expr b) {
    if (isZero(b)) {
      return a;
    }
    if (isZero(a)) {
      return neg(b);
    }
    return new Expr.Binary(BinaryOp.SUB, a, b, Primitive.promote(prim(a), prim(b)));
  }

  public static Expr neg(Expr a) {
    if (a instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return u.operand();
    }
    if (isZero(a)) {
      return a;
    }
    return new Expr.Unary(UnaryOp.NEG, a);
  }

  public static Expr mul(Expr a, Expr b) {
    if (isOne(a)) {
      return b;
    }
    if (isOne(b)) {
      return a;
    }
    if (a instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return neg(mul(u.operand(), b));
    }
    if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return neg(mul(a, u.operand()));
    }
    if (b instanceof Expr.Binary d && d.op() == BinaryOp.DIV && d.type() == Primitive.DOUBLE && isOne(d.left())) {
      // a * (1.0 / r) is a / r; but 1 / n of ints is Java's integer division, 0 for n > 1.
      return div(a, d.right());
    }
    return new Expr.Binary(BinaryOp.MUL, a, b, Primitive.promote(prim(a), prim(b)));
  }

  public static Expr div(Expr a, Expr b) {
    if (isOne(b)) {
      return a;
    }
    return new Expr.Binary(BinaryOp.DIV, a, b, Primitive.promote(prim(a), prim(b)));
  }

  public static Expr compare(BinaryOp op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b, Primitive.BOOLEAN);
  }

  public static Expr not(Expr condition) {
    return new Expr.Unary(UnaryOp.NOT, condition);
  }

  public static Expr and(Expr a, Expr b) {
    return new Expr.Binary(BinaryOp.AND, a, b, Primitive.BOOLEAN);
  }

  public static Expr choose(Expr condition, Expr ifTrue, Expr ifFalse) {
    return new Expr.Conditional(condition, ifTrue, ifFalse, Primitive.DOUBLE);
  }

  public static Expr call(String owner, String name, Expr... args) {
    return new Expr.MathCall(owner, name, List.of(args), Primitive.DOUBLE);
  }

  private static Primitive prim(Expr e) {
    return e.type() instanceof Primitive p ? p : Primitive.DOUBLE;
  }
}
