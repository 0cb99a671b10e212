package dev.adjoint.processor.testing;

import java.util.function.DoubleUnaryOperator;

/** Tolerances and the finite-difference reference used by the behaviour tests. */
public final class Numeric {

  /** Relative+absolute tolerance against a closed form written in the test. */
  public static final double CLOSED_FORM_TOLERANCE = 1e-9;

  /** Relative+absolute tolerance against central differences. */
  public static final double CENTRAL_DIFFERENCE_TOLERANCE = 1e-6;

  /** Relative+absolute tolerance for the VJP against the gradient entry point. */
  public static final double VJP_TOLERANCE = 1e-12;

  private Numeric() {}

  /** {@code |a-b| <= tol * max(1, |a|, |b|)}; infinities must be equal, NaN matches only NaN. */
  public static boolean close(double expected, double actual, double tol) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      return expected == actual;
    }
    double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual)));
    return Math.abs(expected - actual) <= tol * scale;
  }

  /** Numeric equality: {@code 0.0} equals {@code -0.0}, NaN equals NaN. */
  public static boolean same(double expected, double actual) {
    return expected == actual || (Double.isNaN(expected) && Double.isNaN(actual));
  }

  /** The step used around {@code x}: {@code 1e-6 * max(1, |x|)}. */
  public static double step(double x) {
    return 1e-6 * Math.max(1.0, Math.abs(x));
  }

  /** Result of a central difference: the estimate and the size of its rounding noise. */
  public record Estimate(double derivative, double noise) {}

  /**
   * Central difference {@code (f(x+h) - f(x-h)) / 2h} with {@code h = 1e-6 * max(1, |x|)}, refined
   * by one Richardson step with {@code h/2} (cancels the h^2 error term, which matters close to
   * singular points such as log near 0+). The denominator is the step actually represented in
   * floating point. {@code noise} bounds the rounding error of the estimate, relative to the
   * magnitude of f.
   */
  public static Estimate centralDifference(DoubleUnaryOperator f, double x) {
    double h = step(x);
    double[] big = central(f, x, h);
    double[] small = central(f, x, h / 2);
    double d = (4 * small[0] - big[0]) / 3;
    double fMax = Math.max(big[1], small[1]);
    // Rounding of f is about 1 ulp (2.2e-16 relative) per evaluation; the extrapolation
    // multiplies the error by about 3 relative to one central difference with step h.
    double noise = 1e-14 * fMax / h;
    return new Estimate(d, noise);
  }

  private static double[] central(DoubleUnaryOperator f, double x, double h) {
    double xp = x + h;
    double xm = x - h;
    double fp = f.applyAsDouble(xp);
    double fm = f.applyAsDouble(xm);
    return new double[] {(fp - fm) / (xp - xm), Math.max(Math.abs(fp), Math.abs(fm))};
  }
}
