package dev.adjoint.spark;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/** Logistic regression: the loss of one example, which Adjoint differentiates. */
public final class LogisticModel {
  private LogisticModel() {}

  /**
   * The cross-entropy of {@code σ(w·x + b)} against {@code label} (0 or 1), written as {@code
   * max(z, 0) - label z + log(1 + e^{-|z|})} so that it never overflows; smooth as a whole.
   */
  @Differentiable
  @SuppressWarnings("adjoint")
  public static double loss(double[] w, double b, @NoDerivative double[] x, int label) {
    double z = b;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * x[i];
    }
    double positive = z > 0 ? z : 0;
    return positive - label * z + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** Whether the model puts {@code x} in class 1. */
  public static boolean predicts(double[] w, double b, double[] x) {
    double z = b;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * x[i];
    }
    return z > 0;
  }
}
