package dev.adjoint.processor.fuzz;

/**
 * The largest magnitude among the values a generated method computes, recorded by its probe copy
 * ({@link Probes}): public, because generated classes call it. A value of 1e12 somewhere swallows
 * a perturbation of 1e-5 in x (x + 1e12 - 1e12 is not x), so central differences of a method whose
 * intermediates are that large say nothing about its derivative, and two orders of evaluation
 * of the gradient differ by rounding of that size: the oracles scale their tolerances by it.
 */
public final class Magnitudes {
  private static final ThreadLocal<double[]> MAX = ThreadLocal.withInitial(() -> new double[1]);

  private Magnitudes() {}

  public static double t(double x) {
    double[] max = MAX.get();
    double a = Math.abs(x);
    if (Double.isNaN(a)) {
      max[0] = Double.POSITIVE_INFINITY;
    } else if (a > max[0]) {
      max[0] = a;
    }
    return x;
  }

  public static double[] t(double[] a) {
    if (a != null) {
      for (double x : a) {
        t(x);
      }
    }
    return a;
  }

  public static double[][] t(double[][] m) {
    if (m != null) {
      for (double[] row : m) {
        t(row);
      }
    }
    return m;
  }

  static void reset() {
    MAX.get()[0] = 0;
  }

  static double max() {
    return MAX.get()[0];
  }
}
