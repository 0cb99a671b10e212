package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * The model that {@link Demo} trains: two-feature logistic regression with a small L2 penalty on
 * the weights. {@link #loss} is the loss of ONE example; the data point {@code (x1, x2, label)}
 * enters as inactive parameters, so the generated gradient is with respect to {@code (w1, w2, b)}
 * only.
 *
 * <p>With {@code z = w1·x1 + w2·x2 + b} and {@code label ∈ {0, 1}}, the cross-entropy {@code
 * -label·log σ(z) - (1 - label)·log(1 - σ(z))} equals {@code max(z, 0) - label·z + log(1 +
 * e^-|z|)}, which never overflows; the conditional operator computes {@code max(z, 0)} and {@code
 * -|z|}. Its gradient is {@code dL/dz = σ(z) - label}, plus {@code L2·w} for the weights.
 */
public final class LogisticRegression {
  private LogisticRegression() {}

  /** Strength of the L2 penalty {@code L2/2 · (w1² + w2²)} added to every example's loss. */
  static final double L2 = 1e-3;

  // max(z, 0) + log(1 + e^-|z|), the cross-entropy written so it never overflows: smooth as a whole.
  @Differentiable
  @SuppressWarnings("adjoint.piecewise")
  public static double loss(
      double w1,
      double w2,
      double b,
      @NoDerivative double x1,
      @NoDerivative double x2,
      int label) {
    double z = w1 * x1 + w2 * x2 + b;
    double positivePart = z > 0 ? z : 0.0;
    double minusAbs = z > 0 ? -z : z;
    double loss = positivePart - label * z + Math.log1p(Math.exp(minusAbs));
    loss += 0.5 * L2 * (w1 * w1 + w2 * w2);
    return loss;
  }
}
