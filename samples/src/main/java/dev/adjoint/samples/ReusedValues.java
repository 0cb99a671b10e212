package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Worked example "a value used twice": in
 *
 * <pre>
 *   a = x^2
 *   b = 5a
 *   c = a·b
 *   L = -c
 * </pre>
 *
 * <p>{@code a} reaches {@code c} along two paths (directly and through {@code b}), so its adjoint
 * is the sum of both contributions. {@code L = -5x⁴}, hence {@code dL/dx = -20x³}: {@code -160} at
 * {@code x = 2}.
 */
public final class ReusedValues {
  private ReusedValues() {}

  @Differentiable
  static double loss(double x) {
    double a = x * x;
    double b = 5 * a;
    double c = a * b;
    return -c;
  }
}
