package golden;

import dev.adjoint.Differentiable;

/** Reassignment, compound assignment, ?: and values kept for the reverse sweep. */
class Overwrites {
  static final double RATE = 0.5;

  @Differentiable
  static double step(double x, double y, int n) {
    double s = x * y;
    s = s * s;
    s += Math.sin(y) * RATE;
    double t = s > 1 ? Math.log(s) : s * n;
    s = Math.exp(s) / t;
    return Math.sqrt(s + t);
  }
}
