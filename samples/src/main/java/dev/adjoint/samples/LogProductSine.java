package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Worked example "the evaluation trace": {@code y = ln(x1) + x1·x2 - sin(x2)}, evaluated at
 * {@code (x1, x2) = (2, 5)}.
 *
 * <p>The gradient is {@code (1/x1 + x2, x1 - cos(x2))}, which at {@code (2, 5)} is {@code (5.5,
 * 1.716...)}; the value is {@code ln 2 + 10 - sin 5 = 11.652...}.
 */
public final class LogProductSine {
  private LogProductSine() {}

  @Differentiable
  public static double f(double x1, double x2) {
    double v1 = Math.log(x1);
    double v2 = x1 * x2;
    double v3 = Math.sin(x2);
    return v1 + v2 - v3;
  }
}
