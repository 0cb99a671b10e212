package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reverse-sweep loop that adds into one element of a private work array's adjoint on every
 * iteration keeps that element in a local. The derivative must not change: not when the loop
 * runs zero times with an index out of range, not when the element is also reset or read in the
 * loop, and not when another name could reach the array (then nothing is kept in a local).
 */
class ScalarReplacementTest {
  static final String CLASS = "p.Replaced";
  static final String MEMBERS =
      """
        // work[i] is read on every j: its adjoint accumulates over j.
        @Differentiable static double triangle(double[] w, double[] x, int d) {
          double[] work = new double[d];
          double[] out = new double[d];
          for (int i = 0; i < d; i++) {
            work[i] = x[i] * x[i];
          }
          int p = 0;
          for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
              out[j] += w[p] * work[i];
              p++;
            }
          }
          double s = 0;
          for (int i = 0; i < d; i++) {
            s += out[i] * out[i];
          }
          return s;
        }
        // The inner loop runs zero times when i == d - 1... and reads work[i + 1] there, out of range.
        @Differentiable static double emptyInnerLoop(double[] x, int d) {
          double[] work = new double[d];
          for (int i = 0; i < d; i++) {
            work[i] = Math.sin(x[i]);
          }
          double s = 0;
          for (int i = 0; i < d; i++) {
            for (int j = 0; j < d - 1 - i; j++) {
              s += work[i + 1] * x[j];
            }
          }
          return s;
        }
        // The same element is overwritten in the loop: its adjoint is read and reset each time.
        @Differentiable static double overwrittenInLoop(double[] x, int d, int n) {
          double[] acc = new double[d];
          double s = 0;
          for (int i = 0; i < d; i++) {
            for (int t = 0; t < n; t++) {
              acc[i] = acc[i] * x[i] + x[t];
              s += acc[i];
            }
          }
          return s;
        }
        // row aliases a matrix row that the loop also writes through m: must not be replaced.
        @Differentiable static double aliased(double[] x, int d) {
          double[][] m = new double[2][d];
          double[] row = m[0];
          double s = 0;
          for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
              m[0][0] += x[j] * row[0];
              row[0] += x[i] * x[j];
            }
          }
          for (int i = 0; i < d; i++) {
            s += m[0][i] * x[i];
          }
          return s;
        }
      """;

  static final double[] W = {0.7, -1.3, 0.4, 1.1, 0.2, -0.6};
  static final double[] X = {0.5, 1.5, -2.0, 0.25};

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void triangleMatchesCentralDifferences() {
    m("triangle").at(W, X, 4).matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "4"})
  void emptyInnerLoopNeitherThrowsNorChangesTheDerivative(int d) {
    m("emptyInnerLoop").at(X, d).matchesCentralDifferences();
  }

  @Test
  void emptyInnerLoopHasTheClosedForm() {
    // s = sum_i sin(x[i+1]) * sum_{j < d-1-i} x[j], d = 3, x = (a, b, c):
    // i = 0: sin(b)·(a + b); i = 1: sin(c)·a.
    double a = 0.5;
    double b = 1.5;
    double c = -2.0;
    m("emptyInnerLoop").at(new double[] {a, b, c}, 3)
        .hasClosedFormArrayGradient(new double[] {Math.sin(b) + Math.sin(c),
            Math.cos(b) * (a + b) + Math.sin(b), Math.cos(c) * a});
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 2", "4, 4"})
  void overwrittenInLoopMatchesCentralDifferences(int d, int n) {
    m("overwrittenInLoop").at(X, d, n).matchesCentralDifferences();
  }

  @Test
  void aliasedMatchesCentralDifferences() {
    m("aliased").at(X, 3).matchesCentralDifferences();
  }

  @Test
  void onlyPrivateArraysAreKeptInLocals() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Replaced_Grad");
    assertTrue(method(grad, "triangleVjp").contains("workBarAtI2 += "), "the accumulation is in a local");
    assertTrue(method(grad, "triangleVjp").contains("workBar[i_2] = workBarAtI2;"), "and written back");
    assertTrue(method(grad, "overwrittenInLoopVjp").contains("accBarAtI"), "reset and read through the local");
    assertFalse(method(grad, "aliasedVjp").contains("BarAt"), "an aliased array stays in memory");
  }

  private static String method(String source, String name) {
    int start = source.indexOf("public static double " + name + "(");
    return source.substring(start, source.indexOf("\n    }\n", start));
  }
}
