package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statements everyday numeric Java is full of: {@code assert} (left out of the derivative code,
 * as Java leaves it out without {@code -ea}), {@code for (;;)} and {@code while (true)} left by
 * {@code break}, and the checks and comparisons of {@code Double} and {@code Integer}. Checked
 * against central differences and the method's own value.
 */
class EverydayStatementsTest {
  static final String CLASS = "p.Everyday";
  static final String MEMBERS =
      """
        @Differentiable static double f(double x, double y, int n) {
          assert n >= 0 : "n must not be negative, is " + n;
          double s = 0;
          if (Double.isNaN(x) || !Double.isFinite(y)) {
            return 0;
          }
          int c = Integer.compare(n, 3) + Double.compare(x, y) + Math.max(n, 2);
          for (;;) {
            s += x * c;
            if (++c > 5) {
              break;
            }
          }
          int k = 0;
          while (true) {
            assert k <= n;
            if (k++ >= n) {
              break;
            }
            s += Math.hypot(x, k) * y;
          }
          double z = Double.max(x, y) + Double.sum(x, y) + Integer.signum(n);
          s += Double.isInfinite(z) ? 0 : z * x;
          return s;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 1.3, 0", "0.7, 1.3, 4", "-1.2, 0.4, 2", "2.5, -0.5, 7"})
  void assertionsLoopsLeftByBreakAndTheChecksOfDouble(double x, double y, int n) {
    m("f").at(x, y, n).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
  }
}
