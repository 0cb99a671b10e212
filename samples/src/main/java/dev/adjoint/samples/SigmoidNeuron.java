package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * Worked example "one neuron": a single sigmoid unit with squared-error loss,
 *
 * <pre>
 *   z = w·x + b
 *   y = σ(z)
 *   L = (y - t)² / 2
 * </pre>
 *
 * <p>with the input {@code x} and the target {@code t} as data. σ is {@link
 * LogSigmoidLoss#sigmoid}, a {@code @Differentiable} method of another class. In closed form
 * {@code dL/dz = (y - t)·y(1 - y)}, so {@code dL/dw = (y - t)·y(1 - y)·x} and {@code dL/db = (y -
 * t)·y(1 - y)}.
 */
public final class SigmoidNeuron {
  private SigmoidNeuron() {}

  @Differentiable
  public static double loss(double w, double b, @NoDerivative double x, @NoDerivative double t) {
    double z = w * x + b;
    double y = LogSigmoidLoss.sigmoid(z);
    double e = y - t;
    return e * e / 2;
  }
}
