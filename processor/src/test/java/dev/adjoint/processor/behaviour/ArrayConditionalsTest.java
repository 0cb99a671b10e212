package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code c ? a : b} of arrays: the chosen array is read and written as Java does (only the branch
 * taken is evaluated, writes reach the array chosen), and its adjoint follows it. Checked against
 * central differences and closed forms, with both choices.
 */
class ArrayConditionalsTest {
  static final String CLASS = "p.Chosen";
  static final String MEMBERS =
      """
        static double[] squares(double[] v) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * v[i];
          }
          return out;
        }
        static void bump(double[] a, double[] b, boolean first) {
          (first ? a : b)[0] += 1.5 * a[1] * b[1];
        }
        @Differentiable static double alias(double[] a, double[] b, boolean c) {
          double[] r = c ? a : b;
          r[0] *= r[1];
          return r[0] * a[1] + b[0];
        }
        @Differentiable static double element(double[] a, double[] b, double x, boolean c) {
          (c ? a : b)[1] += x * x;
          return a[1] * b[1] + a[0];
        }
        @Differentiable static double rows(double[][] m, int k) {
          double[] row = k > 0 ? m[k] : m[0];
          row[1] = row[0] * row[1];
          return m[0][1] + m[1][1] * m[1][0];
        }
        @Differentiable static double throughHelper(double[] a, double[] b, boolean c) {
          bump(a, b, c);
          return a[0] * b[0];
        }
        @Differentiable static double fresh(double[] a, double[] b, boolean c) {
          double[] u = c ? squares(a) : squares(b);
          return u[0] * u[1] + a[0];
        }
        static void axpy(double s, double[] x, double[] y) {
          for (int i = 0; i < y.length; i++) {
            y[i] += s * x[i];
          }
        }
        // The fuzzer's m188 (seed 77), shrunk: a helper writes w, which a choice ties to v. Read
        // as one alias class, as the IR reads it, not as a write of v hidden in a call (refused).
        @Differentiable static double besideAWrite(double[] v, boolean c) {
          double[] w = squares(v);
          axpy(0.5, v, w);
          double[] r = c ? w : v;
          return r[0] * v[1] + w[1];
        }
        @Differentiable static double inALoop(double[] a, double[] b, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double[] r = i % 2 == 0 ? a : b;
            r[i % 2] += s * 0.5;
            s += r[0] * r[1];
          }
          return s;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anAliasOfTheChosenArray(boolean c) {
    double[] a = {0.3, 1.7};
    double[] b = {-0.4, 2.2};
    // c: a0' = a0 a1, f = a0 a1^2 + b0; else b0' = b0 b1, f = b0 b1 a1 + b0 b1.
    if (c) {
      m("alias").at(a, b, c).hasClosedFormArrayGradient(new double[] {a[1] * a[1], 2 * a[0] * a[1]},
          new double[] {1, 0});
    } else {
      m("alias").at(a, b, c).hasClosedFormArrayGradient(new double[] {0, b[0] * b[1]},
          new double[] {b[1] * a[1] + b[1], b[0] * a[1] + b[0]});
    }
    m("alias").at(a, b, c).matchesCentralDifferences().vjpIsConsistent();
    m("element").at(a, b, 0.8, c).matchesCentralDifferences().vjpIsConsistent();
    m("throughHelper").at(a, b, c).matchesCentralDifferences().vjpIsConsistent();
    m("fresh").at(a, b, c).matchesCentralDifferences().vjpIsConsistent();
    m("besideAWrite").at(a, c).matchesCentralDifferences().vjpIsConsistent();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aRowChosenByACondition(int k) {
    double[][] m = {{0.5, -1.25}, {1.5, 0.75}};
    m("rows").at(m, k).matchesCentralDifferences().vjpIsConsistent();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5})
  void aChoiceInEachIteration(int n) {
    m("inALoop").at(new double[] {0.3, 1.7}, new double[] {-0.4, 2.2}, n).matchesCentralDifferences()
        .vjpIsConsistent();
  }
}
