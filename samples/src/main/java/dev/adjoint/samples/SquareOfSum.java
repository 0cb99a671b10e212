package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Worked example "fan-out": {@code d = (a + b)²}, computed as {@code c = a + b; d = c·c}. The
 * intermediate {@code c} feeds both factors of the product, so {@code dd/dc = 2c} and the gradient
 * is {@code (2(a + b), 2(a + b))}: {@code (10, 10)} at {@code a = 2, b = 3}.
 */
public final class SquareOfSum {
  private SquareOfSum() {}

  @Differentiable
  static double d(double a, double b) {
    double c = a + b;
    return c * c;
  }
}
