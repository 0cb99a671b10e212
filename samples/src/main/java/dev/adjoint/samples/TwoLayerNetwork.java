package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * A two-layer network for binary classification of points in the plane: {@code h = tanh(W1 x +
 * b1)}, {@code z = w2 · h + b2}, and the mean cross-entropy of {@code σ(z)} over a data set.
 * {@link NetworkTraining} fits it with the generated gradient.
 */
public final class TwoLayerNetwork {
  private TwoLayerNetwork() {}

  /**
   * Mean cross-entropy over the data set {@code (x[i], label[i])}. The cross-entropy of {@code
   * σ(z)} is written {@code max(z, 0) - label·z + log(1 + e^-|z|)}, which never overflows.
   */
  // max(z, 0) + log(1 + e^-|z|) is log(1 + e^z): smooth, though each part has a kink at 0.
  @Differentiable
  @SuppressWarnings("adjoint")
  public static double loss(double[][] w1, double[] b1, double[] w2, double b2,
      @NoDerivative double[][] x, int[] label) {
    int hidden = b1.length;
    double[] h = new double[hidden];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b2;
      for (int j = 0; j < hidden; j++) {
        h[j] = Math.tanh(w1[j][0] * x[i][0] + w1[j][1] * x[i][1] + b1[j]);
        z += w2[j] * h[j];
      }
      double positivePart = z > 0 ? z : 0;
      total += positivePart - label[i] * z + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return total / x.length;
  }

  /** The network's probability that {@code (x0, x1)} has label 1. */
  public static double predict(double[][] w1, double[] b1, double[] w2, double b2, double x0, double x1) {
    double z = b2;
    for (int j = 0; j < b1.length; j++) {
      z += w2[j] * Math.tanh(w1[j][0] * x0 + w1[j][1] * x1 + b1[j]);
    }
    return 1 / (1 + Math.exp(-z));
  }
}
