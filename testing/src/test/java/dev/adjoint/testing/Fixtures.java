package dev.adjoint.testing;

/** Methods whose "generated" classes are written by hand in {@link Fixtures_Grad}, right and wrong. */
final class Fixtures {
  private Fixtures() {}

  /** a^2 sum(x_i^3) + k; k without a derivative. */
  static double f(double a, double[] x, double k) {
    double s = 0;
    for (double v : x) {
      s += v * v * v;
    }
    return a * a * s + k;
  }

  /** sin(a) m[0][1] + m[1][0]^2, whose Fixtures_Grad.g gets d/dm[1][0] wrong. */
  static double g(double a, double[][] m) {
    return Math.sin(a) * m[0][1] + m[1][0] * m[1][0];
  }

  /** k a^2, with only a differentiated. */
  static double h(double k, double a) {
    return k * a * a;
  }

  /** (a x0, a^2 x1). */
  static double[] v(double a, double[] x) {
    return new double[] {a * x[0], a * a * x[1]};
  }
}
