package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented conventions at points where the derivative does not exist, checked exactly (0.0
 * and -0.0 count as equal), through both Math and StrictMath, for the gradient entry point and
 * (with seeds, accumulation and reset) for the VJP entry point.
 *
 * <ul>
 *   <li>d|x|/dx at 0 is 0 (signum);
 *   <li>max/min at a tie give 0.5 of the seed to each argument;
 *   <li>d sqrt(x)/dx at 0 is +Infinity;
 *   <li>pow(x, y): d/dx is 0 when y == 0, d/dy is 0 when x == 0;
 *   <li>hypot and atan2 at (0,0) have gradient (0,0);
 *   <li>signum, floor, ceil, rint, round have derivative 0 everywhere;
 *   <li>copySign(a, b): d/da = signum(a) * copySign(1, b), d/db = 0.
 * </ul>
 */
class NonDifferentiablePointsTest {

  static final String MEMBERS =
      """
        @Differentiable static double abs(double x) { return %O.abs(x); }
        @Differentiable static double absInExpression(double x) { return 3.0 * %O.abs(x) + x; }
        @Differentiable static double absOfExpression(double x) { return %O.abs(x * x - 4.0); }
        @Differentiable static double max(double x, double y) { return %O.max(x, y); }
        @Differentiable static double min(double x, double y) { return %O.min(x, y); }
        @Differentiable static double maxSame(double x) { return %O.max(x, x); }
        @Differentiable static double minSame(double x) { return %O.min(x, x); }
        @Differentiable static double maxConst(double x) { return %O.max(x, 2.0); }
        @Differentiable static double minConst(double x) { return %O.min(-1.5, x); }
        @Differentiable static double minTieChain(double x, double y) {
          return %O.min(x * x, 3.0 * y);
        }
        @Differentiable static double maxTieChain(double x, double y) {
          return 2.0 * %O.max(%O.sin(x), y) + x;
        }
        @Differentiable static double sqrt(double x) { return %O.sqrt(x); }
        @Differentiable static double pow(double x, double y) { return %O.pow(x, y); }
        @Differentiable static double powInt(double x, int n) { return %O.pow(x, n); }
        @Differentiable static double powZeroExponent(double x) { return %O.pow(x, 0.0); }
        @Differentiable static double powZeroBase(double y) { return %O.pow(0.0, y); }
        @Differentiable static double hypot(double x, double y) { return %O.hypot(x, y); }
        @Differentiable static double atan2(double y, double x) { return %O.atan2(y, x); }
        @Differentiable static double signum(double x) { return %O.signum(x); }
        @Differentiable static double signumTimesX(double x) { return x * %O.signum(x); }
        @Differentiable static double floor(double x) { return %O.floor(x); }
        @Differentiable static double ceil(double x) { return %O.ceil(x); }
        @Differentiable static double rint(double x) { return %O.rint(x); }
        @Differentiable static double round(double x) { return %O.round(x); }
        @Differentiable static double stepsOfExpression(double x) {
          return %O.floor(x * x) + %O.ceil(2.0 * x) + %O.rint(x - 0.5) + %O.round(x * 4.0)
              + %O.signum(x - 1.0);
        }
        @Differentiable static double copySign(double a, double b) { return %O.copySign(a, b); }
      """;

  static DiffMethod m(String owner, String name) {
    String cls = "p.NonDiff_" + owner;
    return Sources.compileClass(cls, MEMBERS.replace("%O", owner)).method(cls, name);
  }

  // abs ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}.abs at 0 and -0")
  @ValueSource(strings = {"Math", "StrictMath"})
  void absAtZeroIsZero(String owner) {
    m(owner, "abs").at(0.0).hasExactGradient(0.0);
    m(owner, "abs").at(-0.0).hasExactGradient(0.0);
    m(owner, "absInExpression").at(0.0).hasExactGradient(1.0);
    m(owner, "absOfExpression").at(2.0).hasExactGradient(0.0);
    m(owner, "absOfExpression").at(-2.0).hasExactGradient(0.0);
  }

  @ParameterizedTest(name = "{0}.abs away from 0")
  @ValueSource(strings = {"Math", "StrictMath"})
  void absAwayFromZeroIsSignum(String owner) {
    m(owner, "abs").at(-1e-300).hasExactGradient(-1.0);
    m(owner, "abs").at(1e-300).hasExactGradient(1.0);
    m(owner, "abs").at(-5.0).hasExactGradient(-1.0);
  }

  // max / min -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}.max/min tie at {1}")
  @CsvSource({"Math, 1.0", "Math, 0.0", "Math, -2.5", "StrictMath, 1.0", "StrictMath, 0.0",
      "StrictMath, -2.5"})
  void tieSplitsSeedInHalves(String owner, double v) {
    m(owner, "max").at(v, v).hasExactGradient(0.5, 0.5);
    m(owner, "min").at(v, v).hasExactGradient(0.5, 0.5);
  }

  @ParameterizedTest(name = "{0}.max(x, x) and min(x, x)")
  @ValueSource(strings = {"Math", "StrictMath"})
  void sameVariableOnBothSidesGetsTheWholeSeed(String owner) {
    m(owner, "maxSame").at(1.25).hasExactGradient(1.0);
    m(owner, "minSame").at(-3.0).hasExactGradient(1.0);
  }

  @ParameterizedTest(name = "{0}.max(x, 2.0) / min(-1.5, x) at the tie")
  @ValueSource(strings = {"Math", "StrictMath"})
  void tieWithConstant(String owner) {
    m(owner, "maxConst").at(2.0).hasExactGradient(0.5);
    m(owner, "minConst").at(-1.5).hasExactGradient(0.5);
  }

  @ParameterizedTest(name = "{0}: ties inside expressions")
  @ValueSource(strings = {"Math", "StrictMath"})
  void tieInsideExpressions(String owner) {
    // min(x^2, 3y) at x = 3, y = 3: 9 == 9
    m(owner, "minTieChain").at(3.0, 3.0).hasExactGradient(0.5 * 6.0, 0.5 * 3.0);
    // 2 max(sin x, y) + x at x = 0, y = 0: sin 0 == 0
    m(owner, "maxTieChain").at(0.0, 0.0).hasExactGradient(2 * 0.5 * 1.0 + 1.0, 2 * 0.5);
  }

  // sqrt ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}.sqrt at 0")
  @ValueSource(strings = {"Math", "StrictMath"})
  void sqrtAtZeroIsPositiveInfinity(String owner) {
    m(owner, "sqrt").at(0.0).hasExactGradient(Double.POSITIVE_INFINITY);
  }

  // pow -----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}.pow(x, 0)")
  @ValueSource(strings = {"Math", "StrictMath"})
  void powWithZeroExponentHasZeroDerivativeInBase(String owner) {
    // d/dx = 0 when y == 0 (even at x == 0 where y x^(y-1) would be 0 * inf)
    m(owner, "pow").at(0.0, 0.0).hasExactGradient(0.0, 0.0);
    m(owner, "pow").at(-3.0, 0.0).partialIs("x", 0.0);
    m(owner, "pow").at(2.0, 0.0).hasClosedFormGradient(0.0, Math.log(2.0));
    m(owner, "powInt").at(0.0, 0).hasExactGradient(0.0);
    m(owner, "powInt").at(-2.0, 0).hasExactGradient(0.0);
    m(owner, "powZeroExponent").at(0.0).hasExactGradient(0.0);
    m(owner, "powZeroExponent").at(-4.0).hasExactGradient(0.0);
  }

  @ParameterizedTest(name = "{0}.pow(0, y)")
  @ValueSource(strings = {"Math", "StrictMath"})
  void powWithZeroBaseHasZeroDerivativeInExponent(String owner) {
    // d/dy = 0 when x == 0 (y ln x x^y would be 0 * -inf)
    m(owner, "pow").at(0.0, 2.0).hasExactGradient(0.0, 0.0);
    m(owner, "pow").at(0.0, 3.0).hasExactGradient(0.0, 0.0);
    m(owner, "pow").at(0.0, 1.0).hasExactGradient(1.0, 0.0);
    m(owner, "pow").at(0.0, 0.5).hasExactGradient(Double.POSITIVE_INFINITY, 0.0);
    m(owner, "pow").at(0.0, -1.0).hasExactGradient(Double.NEGATIVE_INFINITY, 0.0);
    m(owner, "powZeroBase").at(2.0).hasExactGradient(0.0);
    m(owner, "powZeroBase").at(0.0).hasExactGradient(0.0);
    m(owner, "powInt").at(0.0, 3).hasExactGradient(0.0);
  }

  // hypot / atan2 -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}.hypot(0, 0)")
  @ValueSource(strings = {"Math", "StrictMath"})
  void hypotAtOrigin(String owner) {
    m(owner, "hypot").at(0.0, 0.0).hasExactGradient(0.0, 0.0);
    m(owner, "hypot").at(-0.0, 0.0).hasExactGradient(0.0, 0.0);
  }

  @ParameterizedTest(name = "{0}.atan2(0, 0)")
  @ValueSource(strings = {"Math", "StrictMath"})
  void atan2AtOrigin(String owner) {
    m(owner, "atan2").at(0.0, 0.0).hasExactGradient(0.0, 0.0);
    m(owner, "atan2").at(0.0, -0.0).hasExactGradient(0.0, 0.0);
    m(owner, "atan2").at(-0.0, 0.0).hasExactGradient(0.0, 0.0);
  }

  // zero-derivative functions at their jumps ----------------------------------------------

  @ParameterizedTest(name = "{0}: signum/floor/ceil/rint/round at jumps")
  @ValueSource(strings = {"Math", "StrictMath"})
  void stepFunctionsHaveZeroDerivativeEvenAtJumps(String owner) {
    for (double x : new double[] {0.0, -0.0, 2.0, -3.0, 0.5, -0.5, 2.5, 3.5, 1e-300}) {
      m(owner, "signum").at(x).hasExactGradient(0.0);
      m(owner, "floor").at(x).hasExactGradient(0.0);
      m(owner, "ceil").at(x).hasExactGradient(0.0);
      m(owner, "rint").at(x).hasExactGradient(0.0);
      m(owner, "round").at(x).hasExactGradient(0.0);
    }
    // floor(x^2) + ceil(2x) + rint(x - 0.5) + round(4x) + signum(x - 1) at x = 1: all at jumps
    m(owner, "stepsOfExpression").at(1.0).hasExactGradient(0.0);
    m(owner, "stepsOfExpression").at(0.5).hasExactGradient(0.0);
    m(owner, "signumTimesX").at(0.0).hasExactGradient(0.0);
    m(owner, "signumTimesX").at(-2.0).hasExactGradient(-1.0);
  }

  // copySign ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}.copySign(a = {1}, b = {2})")
  @CsvSource({
    "Math, 2.0, 3.0, 1.0", "Math, 2.0, -3.0, -1.0", "Math, -2.0, 3.0, -1.0",
    "Math, -2.0, -3.0, 1.0", "Math, 0.0, 5.0, 0.0", "Math, 0.0, -5.0, 0.0",
    "Math, 2.0, 0.0, 1.0", "Math, 2.0, -0.0, -1.0", "Math, -2.0, -0.0, 1.0",
    "StrictMath, 2.0, 3.0, 1.0", "StrictMath, 2.0, -3.0, -1.0", "StrictMath, -2.0, 3.0, -1.0",
    "StrictMath, -2.0, -3.0, 1.0", "StrictMath, 0.0, 5.0, 0.0", "StrictMath, 0.0, -5.0, 0.0",
    "StrictMath, 2.0, 0.0, 1.0", "StrictMath, 2.0, -0.0, -1.0", "StrictMath, -2.0, -0.0, 1.0"
  })
  void copySignConvention(String owner, double a, double b, double expectedDa) {
    // d/da = signum(a) * copySign(1, b); d/db = 0
    m(owner, "copySign").at(a, b).hasExactGradient(expectedDa, 0.0);
  }
}
