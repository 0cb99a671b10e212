package golden;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/** The seed documents' first example: u = wx, v = u + b, y = e^v, l = (y - y*)^2. */
class Regression {
  @Differentiable
  static double loss(double w, double b, @NoDerivative double x, @NoDerivative double yStar) {
    double u = w * x;
    double v = u + b;
    double y = Math.exp(v);
    return (y - yStar) * (y - yStar);
  }
}
