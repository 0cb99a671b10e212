package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * Worked example "backpropagation through linear layers": four linear layers without activation
 * and a squared loss,
 *
 * <pre>
 *   h1 = W1·x,  h2 = W2·h1,  h3 = W3·h2,  h4 = W4·h3 (a scalar: W4 is a row vector)
 *   L  = (h4 - y)²
 * </pre>
 *
 * <p>(the loss is the plain square, not half of it, so {@code dL/dh4 = 2(h4 - y)}). Each layer's
 * weights get {@code dL/dW = (dL/dh_out)·h_inᵀ}, and the adjoint flows back as {@code dL/dh_in =
 * Wᵀ·dL/dh_out}. The worked numbers, at {@code W1 = [[1,1],[1,1]]}, {@code W2 = [[1,2],[1,1]]},
 * {@code W3 = [[1,1],[2,1]]}, {@code W4 = [2,1]}, {@code x = [1,1]}, {@code y = 35}: {@code h1 =
 * [2,2]}, {@code h2 = [6,4]}, {@code h3 = [10,16]}, {@code h4 = 36}, {@code L = 1}.
 *
 * <p>The layers may have any shapes that fit together: they are read from the arrays.
 */
public final class LinearLayers {
  private LinearLayers() {}

  @Differentiable
  public static double loss(
      double[][] W1,
      double[][] W2,
      double[][] W3,
      double[] W4,
      @NoDerivative double[] x,
      @NoDerivative double y) {
    double[] h1 = new double[W1.length];
    for (int i = 0; i < W1.length; i++) {
      for (int j = 0; j < x.length; j++) {
        h1[i] += W1[i][j] * x[j];
      }
    }
    double[] h2 = new double[W2.length];
    for (int i = 0; i < W2.length; i++) {
      for (int j = 0; j < h1.length; j++) {
        h2[i] += W2[i][j] * h1[j];
      }
    }
    double[] h3 = new double[W3.length];
    for (int i = 0; i < W3.length; i++) {
      for (int j = 0; j < h2.length; j++) {
        h3[i] += W3[i][j] * h2[j];
      }
    }
    double h4 = 0.0;
    for (int j = 0; j < h3.length; j++) {
      h4 += W4[j] * h3[j];
    }
    double e = h4 - y;
    return e * e;
  }
}
