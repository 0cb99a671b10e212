package golden;

import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;

/** A JVP rule for a function of numbers and a VJP rule for a function of arrays. */
class CustomRules {
  /** Stands in for a library function: its body is not read, its rule gives its derivative. */
  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  @DerivativeOf(value = CustomRules.class, method = "softplus")
  static double softplusJvp(double x, double xDot) {
    return xDot / (1 + Math.exp(-x));
  }

  static double dot(double[] u, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }

  @DerivativeOf(value = CustomRules.class, method = "dot")
  static void dotVjp(double[] u, double[] v, double sBar, double[] uBar, double[] vBar) {
    for (int i = 0; i < u.length; i++) {
      uBar[i] += sBar * v[i];
      vBar[i] += sBar * u[i];
    }
  }

  /** The logistic loss of a linear model: softplus(w . x) - y (w . x). */
  @Differentiable
  static double loss(double[] w, double[] x, double y) {
    double z = dot(w, x);
    return softplus(z) - y * z;
  }
}
