package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;

/**
 * Java divides ints as ints: {@code 1 / n} is 0 for n > 1, {@code 1 / 2} is 0. Adjoint code built
 * from such factors must keep Java's types, however it simplifies ({@code a * (1.0 / r)} may become
 * {@code a / r}; {@code a * (1 / n)} may not).
 */
class IntegerDivisionTest {
  static final String CLASS = "p.IntDiv";
  static final String MEMBERS =
      """
        @Differentiable static double reciprocalOfInt(double s, int n) {
          return s * (1 / n);
        }
        @Differentiable static double halfAsInts(double x) {
          return 1 / 2 * x + x * (3 / 2);
        }
        @Differentiable static double reciprocalOfDouble(double s, int n) {
          return s * (1.0 / n);
        }
        // A loop of sums whose factor in the return is an integer quotient.
        @Differentiable static double meanByIntegerFactor(double[] x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += x[i] * x[i];
          }
          return s * (1 / n);
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void oneOverAnIntIsZeroUnlessTheIntIsOne() {
    m("reciprocalOfInt").at(0.7, 3).valueMatchesPrimal().hasClosedFormGradient(0.0).matchesCentralDifferences();
    m("reciprocalOfInt").at(0.7, 1).valueMatchesPrimal().hasClosedFormGradient(1.0).matchesCentralDifferences();
  }

  @Test
  void integerQuotientsOfLiteralsStayIntegers() {
    // 1 / 2 == 0 and 3 / 2 == 1.
    m("halfAsInts").at(0.7).valueMatchesPrimal().hasClosedFormGradient(1.0).matchesCentralDifferences();
  }

  @Test
  void aDoubleQuotientIsADivision() {
    m("reciprocalOfDouble").at(0.7, 4).valueMatchesPrimal().hasClosedFormGradient(0.25).matchesCentralDifferences();
  }

  @Test
  void theFactorOfALoopOfSumsKeepsIntegerDivision() {
    double[] x = {0.5, -0.25, 2};
    m("meanByIntegerFactor").at(x, 3).valueMatchesPrimal()
        .hasClosedFormArrayGradient(new double[] {0, 0, 0}).matchesCentralDifferences();
    m("meanByIntegerFactor").at(x, 1).valueMatchesPrimal()
        .hasClosedFormArrayGradient(new double[] {1.0, 0, 0}).matchesCentralDifferences();
  }
}
