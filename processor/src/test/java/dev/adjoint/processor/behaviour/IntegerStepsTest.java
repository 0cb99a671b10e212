package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Integer indices stepped by constants ({@code k++}, {@code k += 2}) outside a counted loop's
 * update: the reverse sweep steps them back instead of recording them, which must stay exact in
 * branches, in nested loops and when the index is overwritten afterwards.
 */
class IntegerStepsTest {
  static final String CLASS = "p.Steps";
  static final String MEMBERS =
      """
        @Differentiable static double walk(double[] a, int n) {
          int k = 0;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += a[k] * a[k + 1];
            k++;
            if (i % 2 == 0) {
              k += 2;
              s += Math.sin(a[k]);
            }
          }
          k = 0;
          return s + a[k] * s;
        }
        @Differentiable static double triangle(double[] packed, int d) {
          int p = 0;
          double s = 0;
          for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
              s += packed[p] * packed[p] * (j - i + 1);
              p++;
            }
          }
          return s;
        }
        // k += 1.5 narrows: (int) (k + 1.5) is k + 1, which k - 1.5 would not undo.
        @Differentiable static double fractionalStep(double a, double b, double[] v) {
          int k = 0;
          v[k] = a * b;
          k += 1.5;
          v[k] = v[0] * a;
          k -= 0.75;
          return v[0] * v[k] + v[1];
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "3"})
  void stepsInBranchesAndAnOverwriteAfter(int n) {
    double[] a = {0.3, -1.2, 0.8, 1.5, -0.4, 2.2, 0.9, -0.6, 1.1, 0.5};
    m("walk").at(a, n).matchesCentralDifferences();
  }

  @Test
  void packedTriangleIndex() {
    double[] packed = {0.5, -1.0, 2.0, 0.25, 1.5, -0.75};
    double[] expected = new double[6];
    int p = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = i; j < 3; j++) {
        expected[p] = 2 * packed[p] * (j - i + 1);
        p++;
      }
    }
    m("triangle").at(packed, 3).hasArrayGradient(expected);
  }

  @Test
  void aFractionalStepNarrowsAndIsRecordedRatherThanSteppedBack() {
    // k = 1 after the first step, (int) (1 - 0.75) = 0 after the second: v[0] * v[0] + v[1],
    // with v[0] = ab and v[1] = a^2 b.
    double a = 0.7;
    double b = -1.3;
    m("fractionalStep").at(a, b, new double[] {0.2, 0.4, 0.6}).valueMatchesPrimal()
        .hasArrayGradient(2 * a * b * b + 2 * a * b, 2 * a * a * b + a * a, new double[] {0, 0, 0});
  }
}
