package golden;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/** A call of another differentiable method, with a constant parameter. */
class Calls {
  @Differentiable
  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Differentiable
  static double logLoss(double w, double b, @NoDerivative double x, @NoDerivative double label) {
    double p = sigmoid(w * x + b);
    return -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
  }
}
