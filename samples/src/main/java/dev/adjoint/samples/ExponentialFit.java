package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * Worked example "a tiny exponential model": the squared error of {@code y = e^(w*x + b)} against
 * a target {@code yStar}, written as the evaluation trace
 *
 * <pre>
 *   u = w * x
 *   v = u + b
 *   y = e^v
 *   l = (y - yStar)^2
 * </pre>
 *
 * <p>Only the parameters {@code w} and {@code b} are active; the data point {@code (x, yStar)} is
 * marked {@link NoDerivative}. By the chain rule, {@code dl/dw = 2(y - yStar)·y·x} and {@code dl/db
 * = 2(y - yStar)·y}.
 */
public final class ExponentialFit {
  private ExponentialFit() {}

  @Differentiable
  public static double loss(double w, double b, @NoDerivative double x, @NoDerivative double yStar) {
    double u = w * x;
    double v = u + b;
    double y = Math.exp(v);
    double r = y - yStar;
    double l = r * r;
    return l;
  }
}
