package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * Worked example "a tiny classifier": three sigmoid hidden units on two inputs, then a logistic
 * output, trained on the negative log-likelihood of labels {@code y_i ∈ {0, 1}}:
 *
 * <pre>
 *   φ(x)       = (σ(W_1·x), σ(W_2·x), σ(W_3·x))       W is 3×2, W_j its rows
 *   NLL(w0, W) = -Σ_i log σ((2y_i - 1)·φ(x_i)ᵀw0)
 * </pre>
 *
 * <p>{@code w0} (3 entries) and {@code W} are differentiated; the inputs {@code x} (one row of two
 * per example) and the labels are data. With {@code s_i = 2y_i - 1} and {@code z_i = s_i·φ(x_i)ᵀw0},
 * {@code dNLL/dz_i = σ(z_i) - 1}, so {@code dNLL/dw0_j = Σ_i (σ(z_i) - 1)·s_i·φ_j(x_i)} and
 * {@code dNLL/dW_jk = Σ_i (σ(z_i) - 1)·s_i·w0_j·φ_j(1 - φ_j)·x_ik}.
 */
public final class Classifier {
  private Classifier() {}

  /** The logistic function {@code σ(z) = 1 / (1 + e^-z)}. */
  @Differentiable
  public static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  /** {@code log σ(z) = -log(1 + e^-z)}, written so that it overflows for neither sign of z. */
  // Both branches are the one smooth function, written two ways so that neither overflows.
  @Differentiable
  @SuppressWarnings("adjoint.piecewise")
  public static double logSigmoid(double z) {
    if (z >= 0) {
      return -Math.log1p(Math.exp(-z));
    }
    return z - Math.log1p(Math.exp(z));
  }

  @Differentiable
  public static double nll(double[] w0, double[][] W, @NoDerivative double[][] x, int[] y) {
    double nll = 0.0;
    double[] phi = new double[3];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 3; j++) {
        phi[j] = sigmoid(W[j][0] * x[i][0] + W[j][1] * x[i][1]);
      }
      double score = phi[0] * w0[0] + phi[1] * w0[1] + phi[2] * w0[2];
      double sign = 2 * y[i] - 1;
      nll -= logSigmoid(sign * score);
    }
    return nll;
  }
}
