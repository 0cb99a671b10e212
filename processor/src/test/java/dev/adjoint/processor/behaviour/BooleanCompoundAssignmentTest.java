package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code flag |= c}, {@code &=} and {@code ^=} on boolean variables, as statements: ordinary Java,
 * with {@code c} evaluated (side effects included) every time.
 */
class BooleanCompoundAssignmentTest {
  static final String SOURCE = """
      package p;

      import dev.adjoint.Differentiable;

      final class Flags {
        @Differentiable static double orAnd(double x, double y) {
          boolean flag = false;
          flag |= x < -3;
          flag |= y > x;
          boolean all = true;
          all &= x > 0;
          all &= y > 0;
          return flag ? x * y + (all ? x : 0) : Math.sin(x) * y;
        }

        @Differentiable static double xorInLoop(double x, double[] a) {
          boolean odd = false;
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            odd ^= a[i] * x > 1;
            s += odd ? a[i] * x : a[i] * a[i];
          }
          return s;
        }

        /** The right side's side effect happens whatever the flag holds. */
        @Differentiable static double sideEffects(double x, int k) {
          boolean seen = true;
          seen |= k++ > 2;
          seen &= k++ > 4;
          return seen ? x * k : x * x * k;
        }
      }
      """;

  private static Compiled unit() {
    return AdjointCompiler.compile("p.Flags", SOURCE);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"-4.0, 1.0", "1.0, 2.0", "2.0, 1.0", "0.5, -1.5", "-1.0, -2.0"})
  void orAndAnd(double x, double y) {
    boolean flag = x < -3 || y > x;
    boolean all = x > 0 && y > 0;
    double dx = flag ? y + (all ? 1 : 0) : Math.cos(x) * y;
    double dy = flag ? x : Math.sin(x);
    unit().method("p.Flags", "orAnd").at(x, y).hasGradient(dx, dy);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"0.3", "0.9", "1.7", "-0.4"})
  void exclusiveOrInALoop(double x) {
    unit().method("p.Flags", "xorInLoop").at(x, new double[] {0.5, 2.0, 3.5, -1.0}).matchesCentralDifferences();
  }

  @ParameterizedTest(name = "x = {0}, k = {1}")
  @CsvSource({"0.7, 0", "0.7, 3", "-1.5, 5"})
  void sideEffectsOfTheRightSideHappenEveryTime(double x, int k) {
    // seen = true | (k > 2) is true, then true & (k + 1 > 4); k is stepped twice either way.
    boolean seen = k + 1 > 4;
    int end = k + 2;
    unit().method("p.Flags", "sideEffects").at(x, k).valueMatchesPrimal()
        .hasGradient(seen ? end : 2 * x * end);
  }
}
