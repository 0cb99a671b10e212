package dev.adjoint.samples;

import static dev.adjoint.samples.ArrayChecks.assertArrayClose;
import static dev.adjoint.samples.ArrayChecks.assertMatchesCentralDifferences;
import static dev.adjoint.samples.ArrayChecks.copy;
import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.LinearRegressionTest.X;
import static dev.adjoint.samples.LinearRegressionTest.Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.LinearRegression_Grad.MseAdjoint;
import dev.adjoint.samples.LinearRegression_Grad.MseGradient;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generated gradient of {@link LinearRegression#mse} against {@code -2/N·Xᵀ(y - Xw)}. */
class LinearRegressionGradientTest {

  /** {@code -2/N · Xᵀ(y - Xw)}, written out here. */
  static double[] closedForm(double[] w, double[][] x, double[] y) {
    int n = x.length;
    double[] grad = new double[w.length];
    for (int i = 0; i < n; i++) {
      double residual = y[i];
      for (int j = 0; j < w.length; j++) {
        residual -= x[i][j] * w[j];
      }
      for (int j = 0; j < w.length; j++) {
        grad[j] += -2.0 / n * x[i][j] * residual;
      }
    }
    return grad;
  }

  @Test
  void gradientByHand() {
    // w = (1, 1): residuals y - Xw = (0, 0, 1); Xᵀ(0, 0, 1) = (1, 2); times -2/3.
    MseGradient g = LinearRegression_Grad.mse(new double[] {1, 1}, X, Y);
    assertEquals(1.0 / 3, g.value());
    assertClose(-2.0 / 3, g.w()[0], "dL/dw0");
    assertClose(-4.0 / 3, g.w()[1], "dL/dw1");
    // w = (0, 0): residuals = y = (1, 2, 4); Xᵀy = (7, 10); times -2/3.
    MseGradient g0 = LinearRegression_Grad.mse(new double[] {0, 0}, X, Y);
    assertClose(-14.0 / 3, g0.w()[0], "dL/dw0");
    assertClose(-20.0 / 3, g0.w()[1], "dL/dw1");
  }

  @Test
  void gradientVanishesAtTheLeastSquaresFit() {
    MseGradient g = LinearRegression_Grad.mse(new double[] {5.0 / 6, 1.5}, X, Y);
    assertClose(0.0, g.w()[0], "dL/dw0");
    assertClose(0.0, g.w()[1], "dL/dw1");
  }

  @Test
  void gradientMatchesClosedFormOnRandomData() {
    Random random = new Random(42);
    int n = 40;
    int p = 5;
    double[][] x = new double[n][p];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        x[i][j] = random.nextGaussian();
      }
      y[i] = random.nextGaussian();
    }
    double[] w = new double[p];
    for (int j = 0; j < p; j++) {
      w[j] = random.nextGaussian();
    }
    double[][] xBefore = copy(x);
    double[] yBefore = y.clone();
    double[] wBefore = w.clone();
    MseGradient g = LinearRegression_Grad.mse(w, x, y);
    assertArrayEquals(xBefore, x);
    assertArrayEquals(yBefore, y);
    assertArrayEquals(wBefore, w);
    assertArrayClose(closedForm(w, x, y), g.w(), "dL/dw");
    assertMatchesCentralDifferences(q -> LinearRegression.mse(q, x, y), w, g.w(), "w");
  }

  @Test
  void vjpSumsTwoDataSets() {
    // The gradient of L1 + L2 is the sum of the gradients: one adjoint, two calls.
    MseAdjoint adjoint = new MseAdjoint();
    double[] w = {0.5, -0.25};
    double[][] x2 = {{2, 1}, {0, 3}};
    double[] y2 = {1, -1};
    LinearRegression_Grad.mseVjp(w, X, Y, 1.0, adjoint);
    LinearRegression_Grad.mseVjp(w, x2, y2, 1.0, adjoint);
    double[] a = closedForm(w, X, Y);
    double[] b = closedForm(w, x2, y2);
    assertArrayClose(new double[] {a[0] + b[0], a[1] + b[1]}, adjoint.w, "sum");
  }
}
