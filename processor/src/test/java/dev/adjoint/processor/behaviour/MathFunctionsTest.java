package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported function of {@code java.lang.Math} and {@code java.lang.StrictMath}, at several
 * points including negative arguments and points near the edges of the domain, compared with a
 * closed-form derivative written out here and with central differences of the original method.
 *
 * <p>Each function is compiled in its own unit (one class with a method per form and owner), so a
 * function the processor rejects fails only its own cases.
 */
class MathFunctionsTest {

  static final String[] OWNERS = {"Math", "StrictMath"};

  private static final double LN10 = Math.log(10.0);

  /**
   * A unary function: its name in Math/StrictMath, its value (for the product form), its
   * derivative written out by hand, and the points to test.
   */
  record Unary(String name, DoubleUnaryOperator f, DoubleUnaryOperator df, double... points) {}

  static final double[] GENERAL = {-3.7, -1.9, -0.4, 0.0, 0.7, 2.3, 10.0};
  static final double[] STEPS = {-2.7, -0.3, 0.4, 1.6, 7.25, -13.2};

  static final Map<String, Unary> UNARY = new LinkedHashMap<>();

  static {
    add(new Unary("sin", Math::sin, Math::cos, GENERAL));
    add(new Unary("cos", Math::cos, x -> -Math.sin(x), GENERAL));
    add(new Unary("tan", Math::tan, x -> 1.0 / (Math.cos(x) * Math.cos(x)),
        -1.5, -1.2, -0.5, 0.0, 0.3, 1.0, 1.5, 3.0));
    add(new Unary("asin", Math::asin, x -> 1.0 / Math.sqrt(1.0 - x * x),
        -0.999, -0.75, -0.5, 0.0, 0.3, 0.75, 0.999));
    add(new Unary("acos", Math::acos, x -> -1.0 / Math.sqrt(1.0 - x * x),
        -0.999, -0.75, -0.5, 0.0, 0.3, 0.75, 0.999));
    add(new Unary("atan", Math::atan, x -> 1.0 / (1.0 + x * x),
        -50.0, -3.7, -0.4, 0.0, 0.7, 2.3, 50.0));
    add(new Unary("sinh", Math::sinh, Math::cosh, -3.0, -0.5, 0.0, 0.8, 2.5));
    add(new Unary("cosh", Math::cosh, Math::sinh, -3.0, -0.5, 0.0, 0.8, 2.5));
    add(new Unary("tanh", Math::tanh, x -> 1.0 / (Math.cosh(x) * Math.cosh(x)),
        -4.0, -0.5, 0.0, 0.8, 2.5));
    add(new Unary("exp", Math::exp, Math::exp, -5.0, -1.0, 0.0, 0.5, 3.0, 10.0));
    add(new Unary("expm1", Math::expm1, Math::exp, -2.0, -1e-5, 0.0, 1e-5, 0.7, 4.0));
    add(new Unary("log", Math::log, x -> 1.0 / x, 1e-3, 0.01, 0.5, 1.0, 2.0, 7.5, 1e3));
    add(new Unary("log10", Math::log10, x -> 1.0 / (x * LN10),
        1e-3, 0.01, 0.5, 1.0, 2.0, 7.5, 1e3));
    add(new Unary("log1p", Math::log1p, x -> 1.0 / (1.0 + x),
        -0.999, -0.5, -1e-6, 0.0, 1e-6, 0.5, 3.0, 100.0));
    add(new Unary("sqrt", Math::sqrt, x -> 0.5 / Math.sqrt(x),
        1e-4, 0.01, 0.25, 1.0, 2.0, 100.0, 1e6));
    add(new Unary("cbrt", Math::cbrt, x -> 1.0 / (3.0 * Math.cbrt(x) * Math.cbrt(x)),
        -8.0, -0.5, -1e-3, 1e-3, 0.3, 1.0, 27.0));
    add(new Unary("abs", Math::abs, Math::signum, -3.5, -0.25, 0.25, 3.5));
    add(new Unary("signum", Math::signum, x -> 0.0, -3.5, -0.25, 0.25, 3.5));
    add(new Unary("toRadians", Math::toRadians, x -> Math.PI / 180.0, GENERAL));
    add(new Unary("toDegrees", Math::toDegrees, x -> 180.0 / Math.PI, GENERAL));
    add(new Unary("nextUp", Math::nextUp, x -> 1.0, GENERAL));
    add(new Unary("nextDown", Math::nextDown, x -> 1.0, GENERAL));
    add(new Unary("ulp", Math::ulp, x -> 0.0, STEPS));
    add(new Unary("floor", Math::floor, x -> 0.0, STEPS));
    add(new Unary("ceil", Math::ceil, x -> 0.0, STEPS));
    add(new Unary("rint", Math::rint, x -> 0.0, STEPS));
    add(new Unary("round", x -> (double) Math.round(x), x -> 0.0, STEPS));
  }

  private static void add(Unary u) {
    UNARY.put(u.name(), u);
  }

  /**
   * One unit per function: for each owner, the function alone ({@code direct}), inside a chain
   * ({@code 3 * f(0.5 * x)}) and multiplied by its argument ({@code x * f(x)}).
   */
  static Compiled unaryUnit(String fn) {
    StringBuilder members = new StringBuilder();
    for (String owner : OWNERS) {
      String o = owner.equals("Math") ? "math" : "strictMath";
      members.append(
          """
            @Differentiable static double %2$sDirect(double x) { return %1$s.%3$s(x); }
            @Differentiable static double %2$sChain(double x) { return 3.0 * %1$s.%3$s(0.5 * x); }
            @Differentiable static double %2$sProduct(double x) { return x * %1$s.%3$s(x); }
          """
              .formatted(owner, o, fn));
    }
    return Sources.compileClass("p.Unary_" + fn, members.toString());
  }

  static DiffMethod unary(String fn, String owner, String form) {
    String o = owner.equals("Math") ? "math" : "strictMath";
    return unaryUnit(fn).method("p.Unary_" + fn, o + form);
  }

  static Stream<Arguments> unaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Unary u : UNARY.values()) {
      for (String owner : OWNERS) {
        for (double x : u.points()) {
          cases.add(Arguments.of(u.name(), owner, x));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1}.{0}(x) at x = {2}")
  @MethodSource("unaryCases")
  void unaryFunction(String fn, String owner, double x) {
    Unary u = UNARY.get(fn);
    unary(fn, owner, "Direct").at(x).hasGradient(u.df().applyAsDouble(x));
  }

  @ParameterizedTest(name = "3 * {1}.{0}(0.5 * x) at x = {2}")
  @MethodSource("unaryCases")
  void unaryFunctionInsideChain(String fn, String owner, double x) {
    Unary u = UNARY.get(fn);
    unary(fn, owner, "Chain").at(x).hasGradient(3.0 * 0.5 * u.df().applyAsDouble(0.5 * x));
  }

  @ParameterizedTest(name = "x * {1}.{0}(x) at x = {2}")
  @MethodSource("unaryCases")
  void unaryFunctionTimesArgument(String fn, String owner, double x) {
    Unary u = UNARY.get(fn);
    unary(fn, owner, "Product")
        .at(x)
        .hasGradient(u.f().applyAsDouble(x) + x * u.df().applyAsDouble(x));
  }

  // ------------------------------------------------------------------ binary and ternary

  /** One unit per binary function with the members given, {@code %1$s} standing for the owner. */
  static Compiled unit(String name, String membersTemplate) {
    StringBuilder members = new StringBuilder();
    for (String owner : OWNERS) {
      String o = owner.equals("Math") ? "math" : "strictMath";
      members.append(membersTemplate.replace("%O", owner).replace("%o", o));
    }
    return Sources.compileClass("p." + name, members.toString());
  }

  static DiffMethod method(String unit, String template, String owner, String name) {
    String o = owner.equals("Math") ? "math" : "strictMath";
    return unit(unit, template).method("p." + unit, o + name);
  }

  static Stream<Arguments> withOwners(double[][] points) {
    List<Arguments> cases = new ArrayList<>();
    for (String owner : OWNERS) {
      for (double[] p : points) {
        Object[] row = new Object[p.length + 1];
        row[0] = owner;
        for (int i = 0; i < p.length; i++) {
          row[i + 1] = p[i];
        }
        cases.add(Arguments.of(row));
      }
    }
    return cases.stream();
  }

  // atan2 ---------------------------------------------------------------------------

  static final String ATAN2 =
      """
        @Differentiable static double %oBoth(double y, double x) { return %O.atan2(y, x); }
        @Differentiable static double %oY(double y) { return %O.atan2(y, 1.5); }
        @Differentiable static double %oX(double x) { return %O.atan2(-0.5, x); }
        @Differentiable static double %oChain(double y, double x) { return %O.atan2(y * y, x - y); }
      """;

  /** (y, x) in all four quadrants, on the axes (away from the branch cut) and near them. */
  static Stream<Arguments> atan2Points() {
    return withOwners(
        new double[][] {
          {1.0, 2.0}, {2.0, -1.0}, {-1.5, -0.5}, {-2.0, 3.0},
          {0.0, 2.0}, {3.0, 0.0}, {-3.0, 0.0}, {1e-3, 1.0}, {0.5, -1e-3}, {-0.5, -1e-3}
        });
  }

  @ParameterizedTest(name = "{0}.atan2(y, x) at y = {1}, x = {2}")
  @MethodSource("atan2Points")
  void atan2(String owner, double y, double x) {
    double r2 = x * x + y * y;
    method("Atan2", ATAN2, owner, "Both").at(y, x).hasGradient(x / r2, -y / r2);
    method("Atan2", ATAN2, owner, "Y").at(y).hasGradient(1.5 / (1.5 * 1.5 + y * y));
    method("Atan2", ATAN2, owner, "X").at(x).hasGradient(0.5 / (x * x + 0.25));
  }

  @ParameterizedTest(name = "{0}.atan2(y*y, x-y) at y = {1}, x = {2}")
  @MethodSource("atan2Points")
  void atan2Chain(String owner, double y, double x) {
    // f = atan2(u, v), u = y^2, v = x - y; df/du = v/(u^2+v^2), df/dv = -u/(u^2+v^2)
    double u = y * y;
    double v = x - y;
    double r2 = u * u + v * v;
    if (r2 == 0.0 || (v < 0 && u == 0.0)) {
      return; // origin or on the branch cut: covered by NonDifferentiablePointsTest
    }
    double du = v / r2;
    double dv = -u / r2;
    method("Atan2", ATAN2, owner, "Chain").at(y, x).hasGradient(du * 2 * y - dv, dv);
  }

  // pow -----------------------------------------------------------------------------

  static final String POW =
      """
        @Differentiable static double %oBoth(double x, double y) { return %O.pow(x, y); }
        @Differentiable static double %oIntExponent(double x, int n) { return %O.pow(x, n); }
        @Differentiable static double %oLiteralExponent(double x) { return %O.pow(x, 3.0); }
        @Differentiable static double %oConstantBase(double y) { return %O.pow(2.0, y); }
        @Differentiable static double %oInactiveExponent(double x, @NoDerivative double y) {
          return %O.pow(x, y);
        }
      """;

  static Stream<Arguments> powPositiveBase() {
    return withOwners(
        new double[][] {
          {0.5, 2.5}, {2.0, -1.5}, {3.0, 0.3}, {1e-3, 2.0}, {7.0, 3.0}, {1.0, 4.0}, {0.9, -7.0}
        });
  }

  @ParameterizedTest(name = "{0}.pow(x, y) at x = {1}, y = {2}")
  @MethodSource("powPositiveBase")
  void powBothActive(String owner, double x, double y) {
    method("Pow", POW, owner, "Both")
        .at(x, y)
        .hasGradient(y * Math.pow(x, y - 1), Math.pow(x, y) * Math.log(x));
  }

  static Stream<Arguments> powIntegerExponent() {
    return withOwners(
        new double[][] {
          {-2.0, 3}, {-1.5, 2}, {-0.5, -3}, {2.5, 4}, {-2.0, 1}, {-3.0, -2}, {1.7, -1}, {-1.1, 5}
        });
  }

  @ParameterizedTest(name = "{0}.pow(x, int n) at x = {1}, n = {2}")
  @MethodSource("powIntegerExponent")
  void powNegativeBaseIntegerExponent(String owner, double x, double nAsDouble) {
    int n = (int) nAsDouble;
    method("Pow", POW, owner, "IntExponent").at(x, n).hasGradient(n * Math.pow(x, n - 1));
    method("Pow", POW, owner, "InactiveExponent")
        .at(x, (double) n)
        .hasGradient(n * Math.pow(x, n - 1));
  }

  static Stream<Arguments> signedPoints() {
    return withOwners(new double[][] {{-2.5}, {-0.3}, {0.4}, {1.7}, {6.0}});
  }

  @ParameterizedTest(name = "{0}.pow(x, 3.0) and pow(2.0, x) at x = {1}")
  @MethodSource("signedPoints")
  void powWithConstantOperand(String owner, double x) {
    method("Pow", POW, owner, "LiteralExponent").at(x).hasGradient(3.0 * x * x);
    method("Pow", POW, owner, "ConstantBase").at(x).hasGradient(Math.pow(2.0, x) * Math.log(2.0));
  }

  // hypot ---------------------------------------------------------------------------

  static final String HYPOT =
      """
        @Differentiable static double %oBoth(double x, double y) { return %O.hypot(x, y); }
        @Differentiable static double %oFirst(double x) { return %O.hypot(x, -2.0); }
        @Differentiable static double %oChain(double x, double y) { return %O.hypot(x * y, x + y); }
      """;

  static Stream<Arguments> hypotPoints() {
    return withOwners(
        new double[][] {{3.0, 4.0}, {-3.0, 4.0}, {-1.0, -2.0}, {1e-3, 2.0}, {5.0, 0.0}, {0.0, -7.0}});
  }

  @ParameterizedTest(name = "{0}.hypot(x, y) at x = {1}, y = {2}")
  @MethodSource("hypotPoints")
  void hypot(String owner, double x, double y) {
    double h = Math.sqrt(x * x + y * y);
    method("Hypot", HYPOT, owner, "Both").at(x, y).hasGradient(x / h, y / h);
    method("Hypot", HYPOT, owner, "First").at(x).hasGradient(x / Math.sqrt(x * x + 4.0));
    double u = x * y;
    double v = x + y;
    double r = Math.sqrt(u * u + v * v);
    method("Hypot", HYPOT, owner, "Chain")
        .at(x, y)
        .hasGradient((u * y + v) / r, (u * x + v) / r);
  }

  // min / max -----------------------------------------------------------------------

  static final String MINMAX =
      """
        @Differentiable static double %oMax(double x, double y) { return %O.max(x, y); }
        @Differentiable static double %oMin(double x, double y) { return %O.min(x, y); }
        @Differentiable static double %oMaxChain(double x, double y) {
          return %O.max(x * x, 3.0 * y) + %O.min(%O.sin(x), y);
        }
        @Differentiable static double %oMaxConst(double x) { return %O.max(x, 0.5) * %O.min(-1.0, x); }
      """;

  /** Either argument larger, negative values, different signs. */
  static Stream<Arguments> minMaxPoints() {
    return withOwners(
        new double[][] {
          {1.0, 2.0}, {2.0, 1.0}, {-3.0, -1.0}, {-1.0, -3.0}, {0.5, -0.5}, {-0.5, 0.5}, {7.0, 6.999}
        });
  }

  @ParameterizedTest(name = "{0}.max/min(x, y) at x = {1}, y = {2}")
  @MethodSource("minMaxPoints")
  void maxAndMin(String owner, double x, double y) {
    method("MinMax", MINMAX, owner, "Max").at(x, y).hasGradient(x > y ? 1 : 0, x > y ? 0 : 1);
    method("MinMax", MINMAX, owner, "Min").at(x, y).hasGradient(x < y ? 1 : 0, x < y ? 0 : 1);
  }

  @ParameterizedTest(name = "{0}.max(x*x, 3y) + min(sin x, y) at x = {1}, y = {2}")
  @MethodSource("minMaxPoints")
  void maxAndMinInsideExpressions(String owner, double x, double y) {
    double dx = (x * x > 3 * y ? 2 * x : 0) + (Math.sin(x) < y ? Math.cos(x) : 0);
    double dy = (x * x > 3 * y ? 0 : 3) + (Math.sin(x) < y ? 0 : 1);
    method("MinMax", MINMAX, owner, "MaxChain").at(x, y).hasGradient(dx, dy);
    // max(x, 0.5) * min(-1, x)
    double a = Math.max(x, 0.5);
    double b = Math.min(-1.0, x);
    double da = x > 0.5 ? 1 : 0;
    double db = x < -1.0 ? 1 : 0;
    if (x != 0.5 && x != -1.0) {
      method("MinMax", MINMAX, owner, "MaxConst").at(x).hasGradient(da * b + a * db);
    }
  }

  // copySign ------------------------------------------------------------------------

  static final String COPYSIGN =
      """
        @Differentiable static double %oBoth(double a, double b) { return %O.copySign(a, b); }
        @Differentiable static double %oChain(double a, double b) {
          return %O.copySign(a * a - 1.0, b) * a;
        }
      """;

  static Stream<Arguments> copySignPoints() {
    return withOwners(
        new double[][] {{2.0, 3.0}, {2.0, -3.0}, {-2.0, 3.0}, {-2.0, -3.0}, {0.25, 1e-3}, {-0.25, -1e-3}});
  }

  @ParameterizedTest(name = "{0}.copySign(a, b) at a = {1}, b = {2}")
  @MethodSource("copySignPoints")
  void copySign(String owner, double a, double b) {
    method("CopySign", COPYSIGN, owner, "Both")
        .at(a, b)
        .hasGradient(Math.signum(a) * Math.copySign(1.0, b), 0.0);
    // g = copySign(u, b) * a, u = a^2 - 1: dg/da = signum(u) * copySign(1, b) * 2a * a + g/a
    double u = a * a - 1.0;
    double cs = Math.copySign(u, b);
    method("CopySign", COPYSIGN, owner, "Chain")
        .at(a, b)
        .hasGradient(Math.signum(u) * Math.copySign(1.0, b) * 2 * a * a + cs, 0.0);
  }

  // nextAfter, IEEEremainder ------------------------------------------------------------

  static final String NEIGHBOURS =
      """
        @Differentiable static double %oNext(double a, double b) { return %O.nextAfter(a, b); }
        @Differentiable static double %oRemainder(double a, double b) { return %O.IEEEremainder(a, b); }
        @Differentiable static double %oChain(double a, double b) {
          return %O.IEEEremainder(a * a, b) * %O.nextAfter(b, a);
        }
      """;

  static Stream<Arguments> remainderPoints() {
    return withOwners(new double[][] {{7.3, 2.0}, {-5.2, 1.5}, {10.1, 3.0}, {0.3, 0.7}, {2.2, -0.9}});
  }

  @ParameterizedTest(name = "{0}.nextAfter and IEEEremainder at a = {1}, b = {2}")
  @MethodSource("remainderPoints")
  void nextAfterAndIeeeRemainder(String owner, double a, double b) {
    method("Neighbours", NEIGHBOURS, owner, "Next").at(a, b).hasGradient(1.0, 0.0);
    // a - n b with n = rint(a / b): 1 and -n.
    method("Neighbours", NEIGHBOURS, owner, "Remainder").at(a, b).hasGradient(1.0, -Math.rint(a / b));
    // g = r(a^2, b) * b' with b' = nextAfter(b, a): dg/da = 2a b', dg/db = -rint(a^2 / b) b' + r.
    double next = Math.nextAfter(b, a);
    double r = Math.IEEEremainder(a * a, b);
    method("Neighbours", NEIGHBOURS, owner, "Chain").at(a, b)
        .hasGradient(2 * a * next, -Math.rint(a * a / b) * next + r);
  }

  // scalb ---------------------------------------------------------------------------

  static final String SCALB =
      """
        @Differentiable static double %oScalb(double a, int n) { return %O.scalb(a, n); }
        @Differentiable static double %oChain(double a, int n) { return %O.scalb(a * a, n) * %O.sin(a); }
      """;

  static Stream<Arguments> scalbPoints() {
    return withOwners(new double[][] {{1.5, 3}, {-0.7, -2}, {2.25, 0}});
  }

  @ParameterizedTest(name = "{0}.scalb(a, n) at a = {1}, n = {2}")
  @MethodSource("scalbPoints")
  void scalb(String owner, double a, double exponent) {
    int n = (int) exponent;
    // a 2^n, exactly: slope 2^n; g = a^2 2^n sin a: dg/da = 2^n (2a sin a + a^2 cos a).
    method("Scalb", SCALB, owner, "Scalb").at(a, n).hasGradient(Math.scalb(1.0, n));
    method("Scalb", SCALB, owner, "Chain").at(a, n)
        .hasGradient(Math.scalb(1.0, n) * (2 * a * Math.sin(a) + a * a * Math.cos(a)));
  }

  // fma -----------------------------------------------------------------------------

  static final String FMA =
      """
        @Differentiable static double %oAll(double a, double b, double c) { return %O.fma(a, b, c); }
        @Differentiable static double %oChain(double x, double y) {
          return %O.fma(x * y, %O.sin(x), y * y);
        }
      """;

  static Stream<Arguments> fmaPoints() {
    return withOwners(
        new double[][] {{2.0, 3.0, 4.0}, {-1.5, 0.5, -2.0}, {0.0, 1.0, 0.0}, {-7.0, -0.25, 3.5}});
  }

  @ParameterizedTest(name = "{0}.fma(a, b, c) at {1}, {2}, {3}")
  @MethodSource("fmaPoints")
  void fma(String owner, double a, double b, double c) {
    method("Fma", FMA, owner, "All").at(a, b, c).hasGradient(b, a, 1.0);
    double x = a;
    double y = b;
    // f = x*y*sin(x) + y^2
    method("Fma", FMA, owner, "Chain")
        .at(x, y)
        .hasGradient(y * Math.sin(x) + x * y * Math.cos(x), x * Math.sin(x) + 2 * y);
  }
}
