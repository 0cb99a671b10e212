package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Gmm_Grad.LogsumexpGradient;
import dev.adjoint.samples.Gmm_Grad.ObjectiveAdjoint;
import dev.adjoint.samples.Gmm_Grad.ObjectiveGradient;
import org.junit.jupiter.api.Test;

/**
 * The generated gradient of {@link Gmm#objective} against ADBench's golden gradient ({@code d2K5})
 * and against central differences ({@code d10K5}).
 */
class GmmGradientTest {

  /**
   * ADBench's gradient on {@code 1k/gmm_d2_K5.txt}: alphas (5), means (5 × 2), icf (5 × 3), from
   * its hand-written C++ gradient.
   */
  static final double[] GOLDEN_GRADIENT_D2_K5 = {
    167.21527511000127, -507.21378215753725, 38.768024221622269, 231.55351328608938,
    69.676969539824839, -392.85648991749628, 22.379315492948713, -263.44763767706542,
    -52.434022625078576, -300.34614538823848, -337.75812033703204, -82.534463569000337,
    60.436829057146355, -210.89209542318554, -3.1046846440399842, 18.729232887095183,
    270.84947853585669, 223.55581655483508, -339.07083239286266, -192.72843179246155,
    -16.352568144725204, -301.74035671454533, -164.24280511887162, 10.942966487810446,
    268.63279871705487, 256.22865491097127, 486.40316947004658, -106.65926966747557,
    140.61138738107832, 4.1699407394196015
  };

  /** ADBench's relative difference {@code |x - y| / max(1, |x| + |y|)}. */
  static double rho(double x, double y) {
    return Math.abs(x - y) / Math.max(1.0, Math.abs(x) + Math.abs(y));
  }

  static ObjectiveGradient gradient(GmmInput in) {
    return Gmm_Grad.objective(
        in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(), in.gamma(), in.m(),
        in.logGammaDistrib());
  }

  /** The gradient as ADBench lays it out: alphas, then means, then icf. */
  static double[] concatenated(ObjectiveGradient g) {
    double[] all = new double[g.alphas().length + g.means().length + g.icf().length];
    System.arraycopy(g.alphas(), 0, all, 0, g.alphas().length);
    System.arraycopy(g.means(), 0, all, g.alphas().length, g.means().length);
    System.arraycopy(g.icf(), 0, all, g.alphas().length + g.means().length, g.icf().length);
    return all;
  }

  @Test
  void gradientMatchesAdbenchOnD2K5() {
    GmmInput in = GmmInput.load("gmm_d2_K5");
    ObjectiveGradient g = gradient(in);
    assertEquals(
        GmmObjectiveTest.GOLDEN_D2_K5, g.value(), 1e-10 * Math.abs(GmmObjectiveTest.GOLDEN_D2_K5));
    double[] all = concatenated(g);
    assertEquals(30, all.length);
    StringBuilder report = new StringBuilder();
    double worst = 0;
    for (int i = 0; i < all.length; i++) {
      double r = rho(GOLDEN_GRADIENT_D2_K5[i], all[i]);
      worst = Math.max(worst, r);
      report.append(String.format("%n  [%2d] golden %22.17g  generated %22.17g  rho %.1e",
          i, GOLDEN_GRADIENT_D2_K5[i], all[i], r));
    }
    double largest = worst;
    assertTrue(largest < 1e-8, () -> "rho up to " + largest + ":" + report);
  }

  @Test
  void gradientLeavesArgumentsUnchanged() {
    GmmInput in = GmmInput.load("gmm_d2_K5");
    GmmInput pristine = GmmInput.load("gmm_d2_K5");
    gradient(in);
    assertArrayEquals(pristine.alphas(), in.alphas());
    assertArrayEquals(pristine.means(), in.means());
    assertArrayEquals(pristine.icf(), in.icf());
    assertArrayEquals(pristine.x(), in.x());
  }

  /**
   * Five-point central difference {@code (8(f(+h) - f(-h)) - (f(+2h) - f(-2h))) / 12h} of the
   * plain objective in entry {@code j} of {@code v} (one of {@code in}'s parameter arrays). With
   * {@code h = 1e-3} it agrees with itself at {@code h/2} and {@code 2h} to rho below 1e-8 on
   * d10K5.
   */
  static double fivePoint(GmmInput in, double[] v, int j, double h) {
    return ArrayChecks.fivePoint(in::objective, v, j, h);
  }

  @Test
  void gradientMatchesCentralDifferencesOnD10K5() {
    GmmInput in = GmmInput.load("gmm_d10_K5");
    ObjectiveGradient g = gradient(in);
    assertEquals(in.objective(), g.value());
    String[] names = {"alphas", "means", "icf"};
    double[][] at = {in.alphas(), in.means(), in.icf()};
    double[][] generated = {g.alphas(), g.means(), g.icf()};
    int[] stride = {1, 7, 11}; // all 5 alphas, 8 of 50 means, 25 of 275 icf entries
    for (int b = 0; b < 3; b++) {
      assertEquals(at[b].length, generated[b].length, names[b]);
      for (int j = 0; j < at[b].length; j += stride[b]) {
        double numeric = fivePoint(in, at[b], j, 1e-3);
        double actual = generated[b][j];
        String entry = names[b] + "[" + j + "]";
        assertTrue(
            rho(numeric, actual) < 1e-7,
            () -> "d/d" + entry + ": generated " + actual + " but central difference " + numeric);
      }
    }
  }

  @Test
  void vjpWithReusedAdjointMatchesRecord() {
    GmmInput in = GmmInput.load("gmm_d2_K5");
    ObjectiveGradient g = gradient(in);
    ObjectiveAdjoint adjoint = new ObjectiveAdjoint();
    for (int round = 0; round < 2; round++) {
      adjoint.reset();
      double value =
          Gmm_Grad.objectiveVjp(
              in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(), in.gamma(),
              in.m(), in.logGammaDistrib(), 2.0, adjoint);
      assertEquals(g.value(), value);
      for (int i = 0; i < 5; i++) {
        assertEquals(2 * g.alphas()[i], adjoint.alphas[i], 1e-12 * Math.abs(g.alphas()[i]));
      }
      for (int i = 0; i < 10; i++) {
        assertEquals(2 * g.means()[i], adjoint.means[i], 1e-12 * Math.abs(g.means()[i]));
      }
      for (int i = 0; i < 15; i++) {
        assertEquals(2 * g.icf()[i], adjoint.icf[i], 1e-12 * Math.abs(g.icf()[i]));
      }
    }
  }

  @Test
  void logsumexpGradientIsSoftmax() {
    double[] a = {7.0, 0.5, -1.0, 2.0, 99.0};
    LogsumexpGradient g = Gmm_Grad.logsumexp(a, 1, 3);
    double z = Math.exp(0.5) + Math.exp(-1.0) + Math.exp(2.0);
    assertEquals(Math.log(z), g.value(), 1e-15);
    assertEquals(5, g.a().length);
    assertEquals(0.0, g.a()[0]);
    assertEquals(Math.exp(0.5) / z, g.a()[1], 1e-15);
    assertEquals(Math.exp(-1.0) / z, g.a()[2], 1e-15);
    assertEquals(Math.exp(2.0) / z, g.a()[3], 1e-15);
    assertEquals(0.0, g.a()[4]);
  }
}
