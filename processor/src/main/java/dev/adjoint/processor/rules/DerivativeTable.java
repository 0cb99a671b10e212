package dev.adjoint.processor.rules;

import static dev.adjoint.processor.ir.Exprs.ONE;
import static dev.adjoint.processor.ir.Exprs.ZERO;
import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.and;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.choose;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.constant;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.DerivativeRule;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Primitive;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The derivative of every differentiable function of {@code java.lang.Math} and {@code
 * StrictMath}, as partial derivatives written in terms of the arguments and the result.
 *
 * <p>Conventions at points where the derivative does not exist follow JAX and PyTorch: the
 * derivative of {@code abs} at 0 is 0; {@code max}/{@code min} split the seed evenly at a tie;
 * {@code pow(x, y)} has d/dx = 0 where y == 0 (y x^(y-1) everywhere but at x == 0) and d/dy = 0 where x == 0; {@code hypot} and
 * {@code atan2} have gradient 0 at the origin. Elsewhere IEEE arithmetic decides: d sqrt(x) at 0
 * is +Infinity, d log(x) at 0 is +Infinity.
 */
public final class DerivativeTable {

  /** Partial derivative of a call with respect to argument {@code i}. */
  @FunctionalInterface
  interface Partial {
    Expr of(Site site);
  }

  /**
   * What a rule can refer to: the call's arguments and result as expressions the caller chose
   * (variables where it kept them), and the class ({@code Math} or {@code StrictMath}) to call.
   */
  public record Site(String owner, List<Expr> args, Expr result) {
    Expr x() {
      return args.get(0);
    }

    Expr y() {
      return args.get(1);
    }

    Expr math(String name, Expr... a) {
      return call(owner, name, a);
    }
  }

  /**
   * A differentiable function: its arity, and whether its partials refer to the call's result
   * and to its arguments (which decides what the forward sweep must keep).
   */
  public record Rule(String name, int arity, boolean usesResult, boolean usesArgs, List<Partial> partials) {
    public Expr partial(int argument, Site site) {
      return partials.get(argument).of(site);
    }

    /** As cheap to compute again as to read back from memory: not worth a place on the tape. */
    public boolean cheap() {
      return CHEAP.contains(name);
    }
  }

  private static final Set<String> CHEAP = Set.of("abs", "max", "min", "copySign", "fma", "toRadians", "toDegrees",
      "toFloat", "nextUp", "nextDown", "nextAfter");

  /**
   * The rounding of a double to float, {@code (float) x}, by which the front end computes Java's
   * float arithmetic in doubles; its derivative is 1. Not a Math function: written as a cast.
   */
  public static final String TO_FLOAT = "toFloat";

  /** The owner of {@link #TO_FLOAT}. */
  public static final String FLOAT_OWNER = "float";

  /** Functions whose derivative is a function of the result alone. */
  private static final Set<String> RESULT_ONLY = Set.of("tan", "tanh", "exp", "expm1", "sqrt", "cbrt", "toFloat");

  private static final Map<String, Rule> RULES = Map.ofEntries(
      rule("sin", false, s -> s.math("cos", s.x())),
      rule("cos", false, s -> neg(s.math("sin", s.x()))),
      rule("tan", true, s -> add(ONE, mul(s.result(), s.result()))),
      rule("asin", false, s -> div(ONE, s.math("sqrt", sub(ONE, mul(s.x(), s.x()))))),
      rule("acos", false, s -> neg(div(ONE, s.math("sqrt", sub(ONE, mul(s.x(), s.x())))))),
      rule("atan", false, s -> div(ONE, add(ONE, mul(s.x(), s.x())))),
      rule("atan2", false,
          // atan2(y, x): d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2); 0 at the origin.
          s -> atOrigin(s, div(s.args().get(1), squares(s))),
          s -> atOrigin(s, neg(div(s.args().get(0), squares(s))))),
      rule("sinh", false, s -> s.math("cosh", s.x())),
      rule("cosh", false, s -> s.math("sinh", s.x())),
      rule("tanh", true, s -> sub(ONE, mul(s.result(), s.result()))),
      rule("exp", true, Site::result),
      rule("expm1", true, s -> add(s.result(), ONE)),
      rule("log", false, s -> div(ONE, s.x())),
      rule("log10", false, s -> div(ONE, mul(s.x(), constant(Math.log(10))))),
      rule("log1p", false, s -> div(ONE, add(ONE, s.x()))),
      rule("sqrt", true, s -> div(constant(0.5), s.result())),
      rule("cbrt", true, s -> div(ONE, mul(constant(3), mul(s.result(), s.result())))),
      rule("pow", true, DerivativeTable::powBase, DerivativeTable::powExponent),
      rule("hypot", true,
          s -> unlessZero(s.result(), div(s.x(), s.result())),
          s -> unlessZero(s.result(), div(s.y(), s.result()))),
      rule("abs", false, s -> s.math("signum", s.x())),
      rule("max", false, s -> pick(s, BinaryOp.GT, 0), s -> pick(s, BinaryOp.GT, 1)),
      rule("min", false, s -> pick(s, BinaryOp.LT, 0), s -> pick(s, BinaryOp.LT, 1)),
      rule("copySign", false, s -> mul(s.math("signum", s.x()), s.math("copySign", ONE, s.y())), s -> ZERO),
      rule("fma", false, s -> s.args().get(1), s -> s.args().get(0), s -> ONE),
      rule("toRadians", false, s -> constant(Math.PI / 180)),
      rule("toDegrees", false, s -> constant(180 / Math.PI)),
      // The neighbouring double: x moved by one ulp, slope 1 (ulp itself is piecewise constant).
      rule("nextUp", false, s -> ONE),
      rule("nextDown", false, s -> ONE),
      rule("nextAfter", false, s -> ONE, s -> ZERO),
      // x - n y with n = rint(x / y), constant between the jumps where x / y crosses a half-integer.
      rule("IEEEremainder", false, s -> ONE, s -> neg(s.math("rint", div(s.x(), s.y())))),
      // x 2^n, exactly: the slope is 2^n, written scalb(1.0, n) (over- and underflowing as the result).
      rule("scalb", false, s -> s.math("scalb", ONE, s.y()), s -> ZERO),
      rule(TO_FLOAT, false, s -> ONE));

  /** Functions whose derivative is zero wherever it exists: they run as in the primal. */
  private static final Set<String> PIECEWISE_CONSTANT = Set.of("floor", "ceil", "rint", "round", "signum", "ulp");

  private DerivativeTable() {}

  /** Whether argument {@code index} of the function is an {@code int} (the exponent of scalb). */
  public static boolean takesInt(String name, int index) {
    return name.equals("scalb") && index == 1;
  }

  public static Optional<Rule> lookup(String name, int arity) {
    Rule rule = RULES.get(name);
    return rule != null && rule.arity() == arity ? Optional.of(rule) : Optional.empty();
  }

  /**
   * The rule of a call: the table's for a Math function; for a call of a method with a user's
   * JVP rule, partials that call the rule with a unit tangent in the argument's place (the rule
   * is linear in the tangents), which read the arguments and not the result.
   */
  public static Rule of(Expr.MathCall m) {
    if (m.custom() == null) {
      return lookup(m.name(), m.args().size()).orElseThrow();
    }
    List<Partial> partials = new java.util.ArrayList<>();
    for (int i = 0; i < m.args().size(); i++) {
      int argument = i;
      partials.add(s -> customTangent(m.custom(), s.args(), j -> j == argument ? ONE : ZERO));
    }
    return new Rule(m.custom().displayName(), m.args().size(), false, true, partials);
  }

  /**
   * {@code rule(args, tangents)}: the tangent of a call of the rule's target, given the tangent
   * of each argument ({@code tangent.apply(i)} for argument i, asked only of the double ones).
   */
  public static Expr customTangent(DerivativeRule rule, List<Expr> args,
      java.util.function.IntFunction<Expr> tangent) {
    List<Expr> all = new java.util.ArrayList<>(args);
    for (int j = 0; j < args.size(); j++) {
      if (rule.active(j)) {
        all.add(tangent.apply(j));
      }
    }
    if (rule.differentiable() != null) {
      return new Expr.Call(rule.differentiable(), all, Origin.NONE, java.util.Collections.nCopies(all.size(), Origin.NONE));
    }
    return new Expr.PrimalCall(rule.ruleOwner(), rule.rule(), all, Primitive.DOUBLE, false, Origin.NONE);
  }

  public static boolean isPiecewiseConstant(String name) {
    return PIECEWISE_CONSTANT.contains(name);
  }

  public static Set<String> differentiableNames() {
    Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(RULES.keySet());
    names.remove(TO_FLOAT);
    return names;
  }

  private static Map.Entry<String, Rule> rule(String name, boolean usesResult, Partial... partials) {
    boolean usesArgs = !RESULT_ONLY.contains(name);
    return Map.entry(name, new Rule(name, partials.length, usesResult, usesArgs, List.of(partials)));
  }

  private static Expr squares(Site s) {
    return add(mul(s.x(), s.x()), mul(s.y(), s.y()));
  }

  private static Expr atOrigin(Site s, Expr elsewhere) {
    return choose(and(compare(BinaryOp.EQ, s.x(), ZERO), compare(BinaryOp.EQ, s.y(), ZERO)), ZERO, elsewhere);
  }

  private static Expr unlessZero(Expr guard, Expr elsewhere) {
    return choose(compare(BinaryOp.EQ, guard, ZERO), ZERO, elsewhere);
  }

  /** d max(a, b)/d arg: 1 where arg wins, 1/2 at a tie, 0 where it loses (likewise min). */
  private static Expr pick(Site s, BinaryOp wins, int argument) {
    Expr self = s.args().get(argument);
    Expr other = s.args().get(1 - argument);
    return choose(compare(wins, self, other), ONE,
        choose(compare(BinaryOp.EQ, self, other), constant(0.5), ZERO));
  }

  /**
   * d pow(x, y)/dx = y * x^(y-1), and 0 at x == y == 0, where that would be 0 * infinity (so
   * that x^0 has derivative 0 at x = 0). The guard is no wider: elsewhere at y == 0 the formula
   * gives 0 too, and keeps its derivative in y (1/x), which second-order code differentiates.
   */
  private static Expr powBase(Site s) {
    Expr y = s.y();
    if (y instanceof Expr.Constant c && isPlainNumber(c.java())) {
      double exponent = Double.parseDouble(c.java());
      if (exponent == 0) {
        return ZERO;
      }
      if (exponent == 1) {
        return ONE;
      }
      if (exponent == 2) {
        return mul(constant(2), s.x());
      }
      return mul(constant(exponent), s.math("pow", s.x(), constant(exponent - 1)));
    }
    return choose(and(compare(BinaryOp.EQ, s.x(), ZERO), compare(BinaryOp.EQ, y, ZERO)), ZERO,
        mul(y, s.math("pow", s.x(), sub(y, ONE))));
  }

  /** d pow(x, y)/dy = log(x) * x^y, and 0 where x == 0 (where x^y is flat or undefined). */
  private static Expr powExponent(Site s) {
    return unlessZero(s.x(), mul(s.math("log", s.x()), s.result()));
  }

  private static boolean isPlainNumber(String java) {
    return java.matches("[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?[dD]?");
  }
}
