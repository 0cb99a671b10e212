package demo;

import dev.adjoint.Differentiable;

/** Least squares of a line through three points, fitted by gradient descent with the generated gradient. */
public final class Fit {
  private Fit() {}

  @Differentiable
  static double loss(double a, double b) {
    double[] x = {0, 1, 2};
    double[] y = {1, 3, 5};
    double s = 0;
    for (int i = 0; i < 3; i++) {
      double r = a * x[i] + b - y[i];
      s += r * r;
    }
    return s;
  }

  public static void main(String[] args) {
    double a = 0;
    double b = 0;
    for (int step = 0; step < 2000; step++) {
      Fit_Grad.LossGradient g = Fit_Grad.loss(a, b);
      a -= 0.05 * g.a();
      b -= 0.05 * g.b();
    }
    System.out.printf("a=%.6f b=%.6f%n", a, b);
  }
}
