package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

/** Assertions shared by the sample tests. */
final class Checks {
  private Checks() {}

  /** Relative tolerance for comparing generated derivatives with closed forms. */
  static final double CLOSED_FORM_TOLERANCE = 1e-12;

  /** Relative tolerance for comparing generated derivatives with central differences. */
  static final double CENTRAL_DIFFERENCE_TOLERANCE = 1e-7;

  /**
   * {@code actual} equals the hand-derived {@code expected} up to rounding: the generated code may
   * evaluate the same closed form in a different order.
   */
  static void assertClose(double expected, double actual, String what) {
    double tolerance = CLOSED_FORM_TOLERANCE * Math.max(1.0, Math.abs(expected));
    assertTrue(
        Math.abs(expected - actual) <= tolerance,
        () -> what + ": expected " + expected + " but was " + actual);
  }

  /**
   * Every component of {@code gradient} matches the central difference {@code (f(x + h e_k) - f(x -
   * h e_k)) / 2h} of the primal {@code f} at {@code x}.
   */
  static void assertMatchesCentralDifferences(
      ToDoubleFunction<double[]> f, double[] x, double[] gradient, String... names) {
    for (int k = 0; k < x.length; k++) {
      double h = 1e-5 * Math.max(1.0, Math.abs(x[k]));
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[k] += h;
      minus[k] -= h;
      double numeric = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
      double g = gradient[k];
      String name = names[k];
      assertTrue(
          Math.abs(numeric - g) <= CENTRAL_DIFFERENCE_TOLERANCE * Math.max(1.0, Math.abs(numeric)),
          () -> "d/d" + name + ": generated " + g + " but central difference " + numeric);
    }
  }

  /** σ(z), written out here so that closed forms do not depend on code under test. */
  static double logistic(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
