package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * The extended Rosenbrock function in {@code n} (even) variables, a standard test of
 * unconstrained minimisers: {@code sum over pairs of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2},
 * minimised at all ones, from the standard start {@code (-1.2, 1, -1.2, 1, ...)}. Its Hessian is
 * block diagonal with 2x2 blocks, so Newton's method with Hessian-vector products (conjugate
 * gradients on {@code valueHvp}) works at any size without forming it.
 */
public final class Rosenbrock {
  private Rosenbrock() {}

  @Differentiable
  public static double value(double[] x) {
    double f = 0;
    for (int i = 0; i < x.length; i += 2) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      f += 100 * a * a + b * b;
    }
    return f;
  }

  /** The standard start: {@code -1.2} at even indices, {@code 1} at odd ones. */
  public static double[] start(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i += 2) {
      x[i] = -1.2;
      x[i + 1] = 1;
    }
    return x;
  }
}
