package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Forward mode's {@code mJvp} against closed forms (every other behaviour test also checks it
 * against reverse mode, through {@code Point}): the seed material's trace, helpers that write
 * into arrays or return them, recursion, loops and a matrix.
 */
class ForwardModeTest {
  static final String CLASS = "p.Tangents";
  static final String MEMBERS =
      """
        // The forward-mode trace of the AD material: f(x1, x2) = ln x1 + x1 x2 - sin x2.
        @Differentiable static double trace(double x1, double x2) {
          return Math.log(x1) + x1 * x2 - Math.sin(x2);
        }
        static void scale(double[] v, double k) {
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * k;
          }
        }
        static double[] squares(double[] v) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * v[i];
          }
          return out;
        }
        // sum_i (k x_i)^2 through an in-place helper and an array-returning one.
        @Differentiable static double helpers(double[] x, double k) {
          double[] w = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            w[i] = x[i];
          }
          scale(w, k);
          double[] s = squares(w);
          double total = 0;
          for (double e : s) {
            total += e;
          }
          return total;
        }
        static double nest(double x, int n) {
          return n == 0 ? x : Math.sin(nest(x, n - 1));
        }
        @Differentiable static double recursion(double x, int n) {
          return nest(x, n);
        }
        // Fuzz fault: the for-each variable, read in place from the int array, made the int
        // array look like it shared elements with w, and it got a tangent (not compiling).
        @Differentiable static double intArrayInALiteral(double x) {
          int[] ix = {0, 1, 0};
          double s = 0;
          for (int q : ix) {
            double[] w = {0.5, x, 0.5 + q};
            s += w[1] * w[2];
          }
          return s;
        }
        static double fill(double[] w, double v) {
          w[0] = v;
          return v * 2;
        }
        // A double-returning call that writes into an array, with no varied argument, assigned
        // to a local that does not vary either: the JVP call's record must give its value.
        @Differentiable static double fillsAConstant(double x) {
          double[] w = {0, 0};
          double t = fill(w, 0.5);
          return x * t + w[0];
        }
        // x^T A x with a row alias.
        @Differentiable static double quadratic(double[][] a, double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double[] row = a[i];
            for (int j = 0; j < x.length; j++) {
              s += x[i] * row[j] * x[j];
            }
          }
          return s;
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  private static double[] jvp(DiffMethod m, Object... arguments) throws Exception {
    Method jvp = m.jvpMethod();
    assertNotNull(jvp, m + " has no mJvp");
    Object record = jvp.invoke(null, arguments);
    return new double[] {
        (double) record.getClass().getMethod("value").invoke(record),
        (double) record.getClass().getMethod("tangent").invoke(record)};
  }

  @Test
  void theTraceOfTheAdMaterial() throws Exception {
    double[] r = jvp(m("trace"), 2.0, 5.0, 1.0, 0.0);
    assertEquals(Math.log(2) + 10 - Math.sin(5), r[0], 0.0);
    assertEquals(5.5, r[1], 1e-15);
    // Along x2: x1 - cos x2.
    assertEquals(2 - Math.cos(5), jvp(m("trace"), 2.0, 5.0, 0.0, 1.0)[1], 1e-15);
    m("trace").at(2.0, 5.0).hasGradient(5.5, 2 - Math.cos(5));
  }

  @Test
  void helpersWritingAndReturningArrays() throws Exception {
    double[] x = {0.5, -1.25, 2.0};
    double k = 0.75;
    double[] xDot = {0.3, 0.1, -0.2};
    double kDot = 0.4;
    // f = k^2 sum x_i^2: df = 2 k^2 sum x_i dx_i + 2 k dk sum x_i^2.
    double sumSq = 0;
    double dot = 0;
    for (int i = 0; i < x.length; i++) {
      sumSq += x[i] * x[i];
      dot += x[i] * xDot[i];
    }
    double[] r = jvp(m("helpers"), x.clone(), k, xDot.clone(), kDot);
    assertEquals(2 * k * k * dot + 2 * k * kDot * sumSq, r[1], 1e-12);
    m("helpers").at(x, k).matchesCentralDifferences();
  }

  @Test
  void recursionHasTheChainRuleOfItsLevels() throws Exception {
    double x = 0.8;
    double value = x;
    double derivative = 1;
    for (int level = 0; level < 6; level++) {
      derivative *= Math.cos(value);
      value = Math.sin(value);
    }
    double[] r = jvp(m("recursion"), x, 6, 1.0);
    assertEquals(value, r[0], 0.0);
    assertEquals(derivative, r[1], 1e-14);
  }

  @Test
  void anIntArrayReadInsideADoubleArrayLiteralHasNoTangent() throws Exception {
    // s = x (0.5 + 1.5 + 0.5) = 2.5 x.
    assertEquals(2.5, jvp(m("intArrayInALiteral"), 0.3, 1.0)[1], 1e-15);
    m("intArrayInALiteral").at(0.3).hasGradient(2.5);
  }

  @Test
  void aCallWritingAnArrayWithConstantArguments() throws Exception {
    double[] r = jvp(m("fillsAConstant"), 0.3, 1.0);
    assertEquals(0.3 + 0.5, r[0], 0.0);
    assertEquals(1.0, r[1], 0.0);
    m("fillsAConstant").at(0.3).hasGradient(1.0);
  }

  @Test
  void aQuadraticFormThroughRowAliases() throws Exception {
    double[][] a = {{1.0, 2.0}, {-0.5, 3.0}};
    double[] x = {0.7, -1.1};
    double[][] aDot = {{0.1, 0.0}, {0.2, -0.3}};
    double[] xDot = {1.0, 0.5};
    // d(x^T A x) = x^T dA x + x^T (A + A^T) dx.
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        expected += x[i] * aDot[i][j] * x[j] + (a[i][j] + a[j][i]) * x[i] * xDot[j];
      }
    }
    assertEquals(expected, jvp(m("quadratic"), a, x, aDot, xDot)[1], 1e-14);
    m("quadratic").at(a, x).matchesCentralDifferences();
  }
}
