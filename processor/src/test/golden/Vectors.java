package golden;

import dev.adjoint.Differentiable;

/** A vector function: its Jacobian by rows and by columns, its JVP and VJP. */
class Vectors {
  @Differentiable
  static double[] polar(double r, double theta) {
    double[] xy = new double[2];
    xy[0] = r * Math.cos(theta);
    xy[1] = r * Math.sin(theta);
    return xy;
  }
}
