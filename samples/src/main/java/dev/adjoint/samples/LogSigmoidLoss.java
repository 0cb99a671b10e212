package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Worked example "composing differentiable functions": the loss {@code L = -log σ(w·x²)} built
 * from the trace
 *
 * <pre>
 *   a = x^2
 *   b = w * a
 *   c = σ(b)
 *   g = log c
 *   L = -g
 * </pre>
 *
 * <p>The logistic function σ is its own {@code @Differentiable} method, {@link #sigmoid}, which the
 * loss calls like any other function; the processor chains its derivative {@code σ'(b) =
 * σ(b)(1 - σ(b))} into the loss. In closed form {@code dL/db = σ(b) - 1}, so {@code dL/dw = (σ(b) -
 * 1)·x²} and {@code dL/dx = (σ(b) - 1)·2wx}.
 */
public final class LogSigmoidLoss {
  private LogSigmoidLoss() {}

  /** The logistic function {@code σ(z) = 1 / (1 + e^-z)}. */
  @Differentiable
  public static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  @Differentiable
  public static double loss(double w, double x) {
    double a = x * x;
    double b = w * a;
    double c = sigmoid(b);
    double g = Math.log(c);
    double l = -g;
    return l;
  }
}
