package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

/** Assertions and helpers for the samples whose parameters are arrays. */
final class ArrayChecks {
  private ArrayChecks() {}

  /** Every entry of {@code actual} is {@link Checks#assertClose close} to {@code expected}'s. */
  static void assertArrayClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      Checks.assertClose(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  /** Every entry of {@code actual} is {@link Checks#assertClose close} to {@code expected}'s. */
  static void assertArrayClose(double[][] expected, double[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int i = 0; i < expected.length; i++) {
      assertArrayClose(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  /** A deep copy, to check afterwards that a call left its arguments unchanged. */
  static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  /** Central difference {@code (f(x + h e_k) - f(x - h e_k)) / 2h}; {@code x} is left unchanged. */
  static double centralDifference(ToDoubleFunction<double[]> f, double[] x, int k, double h) {
    double saved = x[k];
    x[k] = saved + h;
    double plus = f.applyAsDouble(x);
    x[k] = saved - h;
    double minus = f.applyAsDouble(x);
    x[k] = saved;
    return (plus - minus) / (2 * h);
  }

  /**
   * Five-point central difference {@code (8(f(+h) - f(-h)) - (f(+2h) - f(-2h))) / 12h} of {@code
   * objective} in entry {@code j} of {@code v}, an array it reads; {@code v} is left unchanged.
   */
  static double fivePoint(java.util.function.DoubleSupplier objective, double[] v, int j, double h) {
    double saved = v[j];
    double[] f = new double[4];
    double[] steps = {h, -h, 2 * h, -2 * h};
    for (int s = 0; s < 4; s++) {
      v[j] = saved + steps[s];
      f[s] = objective.getAsDouble();
    }
    v[j] = saved;
    return (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * h);
  }

  /**
   * Every entry of {@code gradient} matches the central difference of {@code f} in that entry of
   * {@code x}, to the tolerance of {@link Checks#assertMatchesCentralDifferences}.
   */
  static void assertMatchesCentralDifferences(
      ToDoubleFunction<double[]> f, double[] x, double[] gradient, String name) {
    assertEquals(x.length, gradient.length, name + ": length");
    for (int k = 0; k < x.length; k++) {
      double h = 1e-5 * Math.max(1.0, Math.abs(x[k]));
      double numeric = centralDifference(f, x, k, h);
      double g = gradient[k];
      String entry = name + "[" + k + "]";
      assertTrue(
          Math.abs(numeric - g)
              <= Checks.CENTRAL_DIFFERENCE_TOLERANCE * Math.max(1.0, Math.abs(numeric)),
          () -> "d/d" + entry + ": generated " + g + " but central difference " + numeric);
    }
  }

  /** {@link #assertMatchesCentralDifferences(ToDoubleFunction, double[], double[], String)}, row by row. */
  static void assertMatchesCentralDifferences(
      ToDoubleFunction<double[][]> f, double[][] x, double[][] gradient, String name) {
    assertEquals(x.length, gradient.length, name + ": rows");
    for (int i = 0; i < x.length; i++) {
      double[] row = x[i];
      // Perturbing an entry of row perturbs x itself, which f reads.
      assertMatchesCentralDifferences(
          r -> f.applyAsDouble(x), row, gradient[i], name + "[" + i + "]");
    }
  }
}
