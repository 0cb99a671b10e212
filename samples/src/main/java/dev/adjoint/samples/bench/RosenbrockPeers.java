package dev.adjoint.samples.bench;

import dev.adjoint.samples.Rosenbrock;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The gradients of {@link Rosenbrock#value} that Adjoint's is measured against: one written by
 * hand, as a careful Java programmer writes it, and one by Hipparchus' forward-mode {@link
 * Gradient}, what a Java user has without Adjoint. Checked against the generated gradient in
 * {@code RosenbrockPeersTest}.
 */
public final class RosenbrockPeers {
  private RosenbrockPeers() {}

  /** Returns the value and adds the gradient to {@code xBar}, in one pass over the pairs. */
  public static double byHand(double[] x, double[] xBar) {
    double f = 0;
    for (int i = 0; i < x.length; i += 2) {
      double xi = x[i];
      double a = x[i + 1] - xi * xi;
      double b = 1 - xi;
      f += 100 * a * a + b * b;
      xBar[i] += -400 * a * xi - 2 * b;
      xBar[i + 1] += 200 * a;
    }
    return f;
  }

  /**
   * The value and gradient by forward-mode operator overloading: every intermediate carries all
   * {@code n} partials, so one call costs O(n²) time and allocates O(n²) bytes.
   */
  public static Gradient hipparchus(double[] x) {
    int n = x.length;
    Gradient f = Gradient.constant(n, 0);
    for (int i = 0; i < n; i += 2) {
      Gradient xi = Gradient.variable(n, i, x[i]);
      Gradient a = Gradient.variable(n, i + 1, x[i + 1]).subtract(xi.multiply(xi));
      Gradient b = xi.negate().add(1);
      f = f.add(a.multiply(a).multiply(100)).add(b.multiply(b));
    }
    return f;
  }
}
