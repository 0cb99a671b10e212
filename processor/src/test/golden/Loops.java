package golden;

import dev.adjoint.Differentiable;

/** A loop that overwrites a value the reverse sweep needs, branches, break and an early return. */
class Loops {
  @Differentiable
  static double power(double x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
      p *= x;
    }
    return p;
  }

  @Differentiable
  static double firstAbove(double x, double limit) {
    double s = 0;
    for (int i = 1; i < 100; i++) {
      if (s > limit) {
        break;
      }
      s += Math.sin(i * x);
    }
    if (s < 0) {
      return -s;
    }
    return s * limit;
  }
}
