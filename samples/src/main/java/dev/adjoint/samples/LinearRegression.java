package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * Worked example "linear regression": the mean squared error of a linear model on {@code N}
 * examples, the rows of {@code X} ({@code N × p}) with targets {@code y},
 *
 * <pre>
 *   a = X·w
 *   b = y - a
 *   L = Σ b_i² / N
 * </pre>
 *
 * <p>The weights {@code w} are differentiated, the data are not. In closed form {@code dL/dw =
 * -2/N · Xᵀ(y - Xw)}.
 */
public final class LinearRegression {
  private LinearRegression() {}

  @Differentiable
  public static double mse(double[] w, @NoDerivative double[][] X, @NoDerivative double[] y) {
    int n = X.length;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < w.length; j++) {
        a[i] += X[i][j] * w[j];
      }
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = y[i] - a[i];
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += b[i] * b[i];
    }
    return sum / n;
  }
}
