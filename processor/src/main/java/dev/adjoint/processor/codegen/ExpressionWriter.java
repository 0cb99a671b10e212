package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.List;

/**
 * Prints IR expressions as Java with the fewest parentheses that keep the IR's structure. A
 * right operand of the same precedence is always parenthesised: floating-point {@code a + (b +
 * c)} is not {@code a + b + c}, and the primal must compute exactly what the user's code does.
 */
final class ExpressionWriter {
  private static final int CONDITIONAL = 1;
  private static final int UNARY = 13;
  private static final int PRIMARY = 15;

  private ExpressionWriter() {}

  static CodeBlock write(Expr e) {
    return write(e, 0);
  }

  /** {@code e} as an operand of an operator of precedence {@code context}, parenthesised if needed. */
  static CodeBlock write(Expr e, int context) {
    int precedence = precedence(e);
    CodeBlock code = writeBare(e);
    return precedence < context ? CodeBlock.of("($L)", code) : code;
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op().precedence();
    }
    if (e instanceof Expr.Conditional) {
      return CONDITIONAL;
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast || (e instanceof Expr.Pop p && p.type().isArray())
        || (e instanceof Expr.MathCall m && m.custom() == null
            && m.name().equals(dev.adjoint.processor.rules.DerivativeTable.TO_FLOAT))) {
      return UNARY;
    }
    if (e instanceof Expr.Constant c && c.java().startsWith("-")) {
      return UNARY;
    }
    return PRIMARY;
  }

  /**
   * The arguments of a primal call of the user's method: a float parameter's double as {@code
   * (float) x} (it holds a float, so the cast is exact), and record parameters, which the IR
   * passes as their components, as {@code new Point(x, y)} in their place.
   */
  private static List<Expr> userArgs(Expr.Call c) {
    List<Expr> args = new java.util.ArrayList<>();
    List<dev.adjoint.processor.ir.Callee.Param> params = c.callee().params();
    for (int i = 0; i < params.size(); i++) {
      var slot = params.get(i).slot();
      if (slot == null) {
        args.add(asDeclared(params.get(i), c.args().get(i)));
      } else if (slot.index() == 0) {
        List<Expr> components = new java.util.ArrayList<>();
        for (int k = i; k < i + slot.count(); k++) {
          components.add(asDeclared(params.get(k), c.args().get(k)));
        }
        args.add(new Expr.PrimalCall(slot.type(), "new", components,
            new dev.adjoint.processor.ir.RecordType(slot.type()), true, null));
      }
    }
    return args;
  }

  private static Expr asDeclared(dev.adjoint.processor.ir.Callee.Param param, Expr arg) {
    boolean rounded = arg instanceof Expr.MathCall m && m.custom() == null
        && m.name().equals(dev.adjoint.processor.rules.DerivativeTable.TO_FLOAT);
    return !param.declaredFloat() || rounded ? arg : new Expr.MathCall(
        dev.adjoint.processor.rules.DerivativeTable.FLOAT_OWNER, dev.adjoint.processor.rules.DerivativeTable.TO_FLOAT,
        List.of(arg), dev.adjoint.processor.ir.Primitive.DOUBLE);
  }

  private static CodeBlock writeBare(Expr e) {
    if (e instanceof Expr.Constant c) {
      // Double.NaN and the infinities: through JavaPoet, so that no class Double of the user's
      // package captures the name.
      String java = c.java();
      String sign = java.startsWith("-") ? "-" : "";
      if (java.startsWith(sign + "Double.")) {
        return CodeBlock.of("$L$T.$L", sign, Double.class, java.substring(sign.length() + "Double.".length()));
      }
      return CodeBlock.of("$L", java);
    } else if (e instanceof Expr.Read r) {
      return CodeBlock.of("$N", r.var().name());
    } else if (e instanceof Expr.StaticField f) {
      return CodeBlock.of("$T.$N", JavaTypes.className(f.owner()), f.name());
    } else if (e instanceof Expr.Unary u) {
      CodeBlock operand = write(u.operand(), UNARY);
      boolean clash = u.op() != UnaryOp.NOT && operand.toString().startsWith(u.op().symbol());
      return clash ? CodeBlock.of("$L($L)", u.op().symbol(), operand) : CodeBlock.of("$L$L", u.op().symbol(), operand);
    } else if (e instanceof Expr.Binary b) {
      int p = b.op().precedence();
      if (b.type() == dev.adjoint.processor.ir.Primitive.DOUBLE && !isJavaDouble(b.left()) && !isJavaDouble(b.right())
          && (isJavaFloat(b.left()) || isJavaFloat(b.right()))) {
        // Two floats (elements of float arrays, roundings) that the IR combines in double:
        // Java would compute in float, so one operand is widened first.
        return CodeBlock.of("(double) $L $L $L", write(b.left(), UNARY), b.op().symbol(), write(b.right(), p + 1));
      }
      return CodeBlock.of("$L $L $L", write(b.left(), p), b.op().symbol(), write(b.right(), p + 1));
    } else if (e instanceof Expr.Cast c) {
      return CodeBlock.of("($L) $L", c.type().javaName(), write(c.operand(), UNARY));
    } else if (e instanceof Expr.Conditional c) {
      return CodeBlock.of("$L ? $L : $L", write(c.condition(), CONDITIONAL + 2), write(c.ifTrue(), CONDITIONAL + 1),
          write(c.ifFalse(), CONDITIONAL));
    } else if (e instanceof Expr.MathCall m && m.custom() == null
        && m.name().equals(dev.adjoint.processor.rules.DerivativeTable.TO_FLOAT)) {
      // Java's float arithmetic, computed in double and rounded as Java rounds it; an int is
      // converted directly, (float) i rather than (float) (double) i, which is the same value.
      Expr arg = m.args().get(0);
      if (arg instanceof Expr.Cast c && c.type() == dev.adjoint.processor.ir.Primitive.DOUBLE
          && c.operand().type() == dev.adjoint.processor.ir.Primitive.INT) {
        arg = c.operand();
      }
      if (arg instanceof Expr.Binary b && isJavaFloat(b.left()) && isJavaFloat(b.right())) {
        // Java's float operation is the rounded double one (see the front end's Floats): the
        // user's own spelling, (float) (a[i] * b[i]), needs no widening inside the rounding.
        return CodeBlock.of("(float) ($L $L $L)", write(b.left(), b.op().precedence()), b.op().symbol(),
            write(b.right(), b.op().precedence() + 1));
      }
      return CodeBlock.of("(float) $L", write(arg, UNARY));
    } else if (e instanceof Expr.MathCall m) {
      return call(m.custom() != null ? JavaTypes.className(m.custom().targetOwner()) : ClassName.get("java.lang", m.owner()),
          m.name(), m.args());
    } else if (e instanceof Expr.PrimalCall p && p.name().equals("new")) {
      // A record built for a call (see userArgs).
      return CodeBlock.of("new $T($L)", JavaTypes.className(p.owner()),
          p.args().stream().map(ExpressionWriter::write).collect(CodeBlock.joining(", ")));
    } else if (e instanceof Expr.PrimalCall p) {
      return call(JavaTypes.className(p.owner()), p.name(), p.args());
    } else if (e instanceof Expr.Call c && c.callee().recordResult() != null) {
      // The record the user's method returns, as the array of its components the IR carries.
      return call(JavaTypes.className(c.callee().owner().gradClass()),
          dev.adjoint.processor.ir.Names.recordResultMethodName(c.callee().name()), c.args());
    } else if (e instanceof Expr.Call c && c.callee().isInstance()) {
      // this.m(...) of the user's instance method: the receiver is the first argument.
      List<Expr> all = userArgs(c);
      CodeBlock args = all.subList(1, all.size()).stream().map(ExpressionWriter::write)
          .collect(CodeBlock.joining(", "));
      return CodeBlock.of("$L.$N($L)", write(all.get(0), PRIMARY), c.callee().name(), args);
    } else if (e instanceof Expr.Call c) {
      return call(JavaTypes.className(c.callee().owner()), c.callee().name(), userArgs(c));
    } else if (e instanceof Expr.ForwardCall f) {
      List<Expr> args = new java.util.ArrayList<>(f.call().args());
      args.add(new Expr.Read(f.tape()));
      String name = f.call().callee().name();
      return call(JavaTypes.className(f.call().callee().owner().gradClass()), f.call().callee().writesArrays()
          ? dev.adjoint.processor.ir.Names.forwardInOutMethodName(name)
          : dev.adjoint.processor.ir.Names.forwardMethodName(name), args);
    } else if (e instanceof Expr.GradientCall g) {
      return call(JavaTypes.className(g.callee().owner().gradClass()), g.callee().name(), g.args());
    } else if (e instanceof Expr.ArrayRead a) {
      return CodeBlock.of("$L[$L]", write(a.array(), PRIMARY), write(a.index()));
    } else if (e instanceof Expr.Length l) {
      return CodeBlock.of("$L.length", write(l.array(), PRIMARY));
    } else if (e instanceof Expr.NewArray n) {
      CodeBlock.Builder b = CodeBlock.builder().add("new $T",
          n.type().floats() ? com.palantir.javapoet.TypeName.FLOAT : JavaTypes.of(n.type().element()));
      n.dims().forEach(d -> b.add("[$L]", write(d)));
      for (int k = n.dims().size(); k < n.type().dims(); k++) {
        b.add("[]");
      }
      return b.build();
    } else if (e instanceof Expr.ArrayLiteral l) {
      return CodeBlock.of("new $T $L", JavaTypes.of(l.type()), literalBody(l));
    } else if (e instanceof Expr.CopyOf c) {
      return CodeBlock.of("$T.copyOf($L)", JavaTypes.SHAPES, write(c.array()));
    } else if (e instanceof Expr.ZerosLike z) {
      return CodeBlock.of("$T.zerosLike($L)", JavaTypes.SHAPES, write(z.array()));
    } else if (e instanceof Expr.Field f) {
      return CodeBlock.of(f.accessor() ? "$N.$N()" : "$N.$N", f.object().name(), f.name());
    } else if (e instanceof Expr.OutputField o) {
      return CodeBlock.of("$N.$N", o.object(), o.name());
    } else if (e instanceof Expr.Pop p && p.type().isArray()) {
      return CodeBlock.of("($T) $N.popArray($L)", JavaTypes.of(p.type()), p.stack().name(), bareSite(p.site()));
    } else if (e instanceof Expr.Pop p) {
      String kind = switch ((dev.adjoint.processor.ir.Primitive) p.type()) {
        case DOUBLE -> "Double";
        case INT -> "Int";
        case LONG -> "Long";
        case BOOLEAN -> "Boolean";
      };
      return CodeBlock.of("$N.pop$L($L)", p.stack().name(), kind, bareSite(p.site()));
    } else if (e instanceof Expr.Component c) {
      return CodeBlock.of("$L.$N()", write(c.record(), PRIMARY), c.name());
    } else if (e instanceof Expr.NewObject n) {
      return CodeBlock.of("new $T()", JavaTypes.of(n.type()));
    }
    throw new IllegalArgumentException("cannot print " + e);
  }

  /** {@code , "site"} for the tape checker's variant of a push, or nothing. */
  static CodeBlock site(String site) {
    return site == null ? CodeBlock.of("") : CodeBlock.of(", $S", site);
  }

  private static CodeBlock bareSite(String site) {
    return site == null ? CodeBlock.of("") : CodeBlock.of("$S", site);
  }

  /**
   * {@code e} where Java needs a float (an element stored into a float array): as it is if Java
   * already computes it in float, else {@code (float) e}, which is exact, since the IR value
   * holds a float (the front end rounded every value stored into a float array).
   */
  static CodeBlock asFloat(Expr e) {
    if (e.type() != dev.adjoint.processor.ir.Primitive.DOUBLE || isJavaFloat(e)) {
      return write(e);
    }
    return CodeBlock.of("(float) $L", write(e, UNARY));
  }

  /** {@code value} as stored into an element of {@code array}: a float for a float array. */
  static CodeBlock stored(Expr array, Expr value) {
    return dev.adjoint.processor.ir.ArrayType.holdsFloats(array) ? asFloat(value) : write(value);
  }

  /** Whether Java computes {@code e} as it will be printed in {@code float}. */
  static boolean isJavaFloat(Expr e) {
    if (e instanceof Expr.MathCall m && m.custom() == null) {
      if (m.name().equals(dev.adjoint.processor.rules.DerivativeTable.TO_FLOAT)) {
        return true;
      }
      // Math's float overloads: Java picks them where every argument is a float.
      return FLOAT_OVERLOADS.contains(m.name()) && !m.args().isEmpty() && m.args().stream().allMatch(ExpressionWriter::isJavaFloat);
    }
    if (e instanceof Expr.ArrayRead a) {
      return dev.adjoint.processor.ir.ArrayType.holdsFloats(a.array());
    }
    if (e instanceof Expr.Unary u) {
      return u.op() != UnaryOp.NOT && isJavaFloat(u.operand());
    }
    if (e instanceof Expr.Conditional c) {
      return isJavaFloat(c.ifTrue()) && isJavaFloat(c.ifFalse());
    }
    return false;
  }

  private static final java.util.Set<String> FLOAT_OVERLOADS =
      java.util.Set.of("abs", "max", "min", "copySign", "signum", "nextUp", "nextDown", "ulp");

  /** Whether Java computes {@code e} as it will be printed in {@code double}. */
  private static boolean isJavaDouble(Expr e) {
    return e.type() == dev.adjoint.processor.ir.Primitive.DOUBLE && !isJavaFloat(e);
  }

  private static CodeBlock literalBody(Expr.ArrayLiteral l) {
    CodeBlock elements = l.elements().stream()
        .map(e -> e instanceof Expr.ArrayLiteral row ? literalBody(row) : l.type().floats() ? asFloat(e) : write(e))
        .collect(CodeBlock.joining(", "));
    return CodeBlock.of("{$L}", elements);
  }

  private static CodeBlock call(ClassName owner, String name, List<Expr> args) {
    CodeBlock joined = args.stream().map(ExpressionWriter::write).collect(CodeBlock.joining(", "));
    return CodeBlock.of("$T.$N($L)", owner, name, joined);
  }
}
