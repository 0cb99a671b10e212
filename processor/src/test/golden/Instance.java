package golden;

import dev.adjoint.Differentiable;

/** A linear model's squared error: an instance method, reading the model's fields. */
final class Instance {
  final double[] w;
  final double bias;

  Instance(double[] w, double bias) {
    this.w = w;
    this.bias = bias;
  }

  double predict(double[] x) {
    double s = bias;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  @Differentiable
  double loss(double[] x, double y) {
    double r = predict(x) - y;
    return r * r;
  }
}
