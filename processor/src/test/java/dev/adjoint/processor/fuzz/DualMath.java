package dev.adjoint.processor.fuzz;

import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The functions of {@code Math} and {@code StrictMath} the generator calls, on {@link Dual}s:
 * the value is computed by the very function the program calls (so it is the program's bit for
 * bit), the tangent from the partial derivatives of Adjoint's {@code DerivativeTable}, written
 * again here by hand with the same formulas and conventions (abs at 0 is 0, max/min ties 1/2
 * each, pow's d/dx 0 where y == 0 and d/dy 0 where x == 0, hypot and atan2 0 at the origin,
 * IEEE elsewhere: sqrt and log at 0 are +Infinity). Partials that refer to other functions call
 * them on the same class, as the generated code does.
 */
final class DualMath {
  private DualMath() {}

  /** The double functions of one class ({@code Math} or {@code StrictMath}). */
  private record Library(Map<String, DoubleUnaryOperator> unary, Map<String, DoubleBinaryOperator> binary) {
    double f(String name, double x) {
      return unary.get(name).applyAsDouble(x);
    }

    double f(String name, double x, double y) {
      return binary.get(name).applyAsDouble(x, y);
    }
  }

  private static final Library MATH =
      new Library(
          Map.ofEntries(
              entry("sin", Math::sin), entry("cos", Math::cos), entry("tan", Math::tan),
              entry("asin", Math::asin), entry("acos", Math::acos), entry("atan", Math::atan),
              entry("sinh", Math::sinh), entry("cosh", Math::cosh), entry("tanh", Math::tanh),
              entry("exp", Math::exp), entry("expm1", Math::expm1), entry("log", Math::log),
              entry("log10", Math::log10), entry("log1p", Math::log1p), entry("sqrt", Math::sqrt),
              entry("cbrt", Math::cbrt), entry("abs", Math::abs), entry("signum", Math::signum),
              entry("floor", Math::floor), entry("ceil", Math::ceil), entry("rint", Math::rint),
              entry("toRadians", Math::toRadians), entry("toDegrees", Math::toDegrees),
              entry("nextUp", Math::nextUp), entry("nextDown", Math::nextDown), entry("ulp", Math::ulp)),
          Map.of(
              "atan2", Math::atan2, "pow", Math::pow, "hypot", Math::hypot, "max", Math::max,
              "min", Math::min, "copySign", Math::copySign, "nextAfter", Math::nextAfter,
              "IEEEremainder", Math::IEEEremainder));

  private static final Library STRICT =
      new Library(
          Map.ofEntries(
              entry("sin", StrictMath::sin), entry("cos", StrictMath::cos), entry("tan", StrictMath::tan),
              entry("asin", StrictMath::asin), entry("acos", StrictMath::acos), entry("atan", StrictMath::atan),
              entry("sinh", StrictMath::sinh), entry("cosh", StrictMath::cosh), entry("tanh", StrictMath::tanh),
              entry("exp", StrictMath::exp), entry("expm1", StrictMath::expm1), entry("log", StrictMath::log),
              entry("log10", StrictMath::log10), entry("log1p", StrictMath::log1p), entry("sqrt", StrictMath::sqrt),
              entry("cbrt", StrictMath::cbrt), entry("abs", StrictMath::abs), entry("signum", StrictMath::signum),
              entry("floor", StrictMath::floor), entry("ceil", StrictMath::ceil), entry("rint", StrictMath::rint),
              entry("toRadians", StrictMath::toRadians), entry("toDegrees", StrictMath::toDegrees),
              entry("nextUp", StrictMath::nextUp), entry("nextDown", StrictMath::nextDown), entry("ulp", StrictMath::ulp)),
          Map.of(
              "atan2", StrictMath::atan2, "pow", StrictMath::pow, "hypot", StrictMath::hypot,
              "max", StrictMath::max, "min", StrictMath::min, "copySign", StrictMath::copySign,
              "nextAfter", StrictMath::nextAfter, "IEEEremainder", StrictMath::IEEEremainder));

  /** The partials of a function at arguments x with result r, given its class's functions. */
  @FunctionalInterface
  private interface Partials {
    double[] of(Library m, double[] x, double r);
  }

  private static final double[] ZERO = {0};

  private static final Map<String, Partials> PARTIALS =
      Map.ofEntries(
          entry("sin", (m, x, r) -> one(m.f("cos", x[0]))),
          entry("cos", (m, x, r) -> one(-m.f("sin", x[0]))),
          entry("tan", (m, x, r) -> one(1 + r * r)),
          entry("asin", (m, x, r) -> one(1 / m.f("sqrt", 1 - x[0] * x[0]))),
          entry("acos", (m, x, r) -> one(-(1 / m.f("sqrt", 1 - x[0] * x[0])))),
          entry("atan", (m, x, r) -> one(1 / (1 + x[0] * x[0]))),
          // atan2(y, x): x / (x^2 + y^2) and -y / (x^2 + y^2), 0 at the origin
          entry("atan2", (m, x, r) -> x[0] == 0 && x[1] == 0
              ? new double[] {0, 0}
              : new double[] {x[1] / squares(x), -(x[0] / squares(x))}),
          entry("sinh", (m, x, r) -> one(m.f("cosh", x[0]))),
          entry("cosh", (m, x, r) -> one(m.f("sinh", x[0]))),
          entry("tanh", (m, x, r) -> one(1 - r * r)),
          entry("exp", (m, x, r) -> one(r)),
          entry("expm1", (m, x, r) -> one(r + 1)),
          entry("log", (m, x, r) -> one(1 / x[0])),
          entry("log10", (m, x, r) -> one(1 / (x[0] * Math.log(10)))),
          entry("log1p", (m, x, r) -> one(1 / (1 + x[0]))),
          entry("sqrt", (m, x, r) -> one(0.5 / r)),
          entry("cbrt", (m, x, r) -> one(1 / (3 * (r * r)))),
          entry("pow", (m, x, r) -> new double[] {
              x[1] == 0 ? 0 : x[1] * m.f("pow", x[0], x[1] - 1),
              x[0] == 0 ? 0 : m.f("log", x[0]) * r}),
          entry("hypot", (m, x, r) -> r == 0 ? new double[] {0, 0} : new double[] {x[0] / r, x[1] / r}),
          entry("abs", (m, x, r) -> one(m.f("signum", x[0]))),
          entry("max", (m, x, r) -> new double[] {pick(x[0] > x[1], x[0] == x[1]), pick(x[1] > x[0], x[1] == x[0])}),
          entry("min", (m, x, r) -> new double[] {pick(x[0] < x[1], x[0] == x[1]), pick(x[1] < x[0], x[1] == x[0])}),
          entry("copySign", (m, x, r) -> new double[] {m.f("signum", x[0]) * m.f("copySign", 1, x[1]), 0}),
          entry("fma", (m, x, r) -> new double[] {x[1], x[0], 1}),
          entry("toRadians", (m, x, r) -> one(Math.PI / 180)),
          entry("toDegrees", (m, x, r) -> one(180 / Math.PI)),
          entry("nextUp", (m, x, r) -> one(1)),
          entry("nextDown", (m, x, r) -> one(1)),
          entry("nextAfter", (m, x, r) -> new double[] {1, 0}),
          entry("IEEEremainder", (m, x, r) -> new double[] {1, -m.f("rint", x[0] / x[1])}),
          entry("ulp", (m, x, r) -> ZERO),
          // piecewise constant: derivative 0 wherever it exists
          entry("floor", (m, x, r) -> ZERO),
          entry("ceil", (m, x, r) -> ZERO),
          entry("rint", (m, x, r) -> ZERO),
          entry("signum", (m, x, r) -> ZERO));

  private static double[] one(double p) {
    return new double[] {p};
  }

  private static double squares(double[] x) {
    return x[0] * x[0] + x[1] * x[1];
  }

  /** 1 where the argument wins, 1/2 at a tie, 0 where it loses. */
  private static double pick(boolean wins, boolean tie) {
    return wins ? 1 : tie ? 0.5 : 0;
  }

  /**
   * {@code owner.name(args)}, owner {@code Math} or {@code StrictMath}: an Integer, Long or Dual
   * as Java's overload resolution picks (abs, max and min of ints stay ints, round of a double is
   * a long with tangent 0).
   */
  static Object call(String owner, String name, List<Object> args) {
    boolean strict = switch (owner) {
      case "Math" -> false;
      case "StrictMath" -> true;
      default -> throw new DualInterpreter.Unsupported("class " + owner);
    };
    if (List.of("abs", "max", "min").contains(name) && args.stream().noneMatch(a -> a instanceof Dual)) {
      return integral(name, args);
    }
    if (name.equals("scalb")) {
      Dual x = Values.toDual(args.get(0));
      int n = Values.toInt(args.get(1));
      return strict ? new Dual(StrictMath.scalb(x.v(), n), x.t() * StrictMath.scalb(1.0, n))
          : new Dual(Math.scalb(x.v(), n), x.t() * Math.scalb(1.0, n));
    }
    if (name.equals("round")) {
      if (args.size() != 1 || !(args.get(0) instanceof Dual x)) {
        throw new DualInterpreter.Unsupported(owner + ".round of " + args);
      }
      return strict ? StrictMath.round(x.v()) : Math.round(x.v());
    }
    Partials partials = PARTIALS.get(name);
    if (partials == null) {
      throw new DualInterpreter.Unsupported(owner + "." + name);
    }
    Library lib = strict ? STRICT : MATH;
    double[] x = new double[args.size()];
    double[] t = new double[args.size()];
    for (int i = 0; i < x.length; i++) {
      Dual d = Values.toDual(args.get(i));
      x[i] = d.v();
      t[i] = d.t();
    }
    double r = switch (x.length) {
      case 1 -> lib.unary.containsKey(name) ? lib.f(name, x[0]) : arity(owner, name, 1);
      case 2 -> lib.binary.containsKey(name) ? lib.f(name, x[0], x[1]) : arity(owner, name, 2);
      case 3 -> name.equals("fma")
          ? (strict ? StrictMath.fma(x[0], x[1], x[2]) : Math.fma(x[0], x[1], x[2]))
          : arity(owner, name, 3);
      default -> arity(owner, name, x.length);
    };
    double[] p = partials.of(lib, x, r);
    double tangent = 0;
    for (int i = 0; i < x.length; i++) {
      tangent += Dual.times(t[i], p[i]);
    }
    return new Dual(r, tangent);
  }

  private static double arity(String owner, String name, int n) {
    throw new DualInterpreter.Unsupported(owner + "." + name + " with " + n + " arguments");
  }

  /** abs, max, min of ints or longs, by binary numeric promotion. */
  private static Object integral(String name, List<Object> args) {
    boolean isLong = args.stream().anyMatch(a -> a instanceof Long);
    if (args.stream().anyMatch(a -> !(a instanceof Integer || a instanceof Long))) {
      throw new DualInterpreter.Unsupported("Math." + name + " of " + args);
    }
    if (isLong) {
      long x = ((Number) args.get(0)).longValue();
      return switch (name + args.size()) {
        case "abs1" -> Math.abs(x);
        case "max2" -> Math.max(x, ((Number) args.get(1)).longValue());
        case "min2" -> Math.min(x, ((Number) args.get(1)).longValue());
        default -> throw new DualInterpreter.Unsupported("Math." + name + " of " + args);
      };
    }
    int x = (Integer) args.get(0);
    return switch (name + args.size()) {
      case "abs1" -> Math.abs(x);
      case "max2" -> Math.max(x, (Integer) args.get(1));
      case "min2" -> Math.min(x, (Integer) args.get(1));
      default -> throw new DualInterpreter.Unsupported("Math." + name + " of " + args);
    };
  }
}
