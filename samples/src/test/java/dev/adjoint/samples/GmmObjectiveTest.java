package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The plain {@link Gmm#objective} and its inputs against ADBench's golden values: independent of
 * the generated gradient.
 */
class GmmObjectiveTest {

  /** ADBench's objective on {@code 1k/gmm_d2_K5.txt} (its C++ reference code). */
  static final double GOLDEN_D2_K5 = -5240.5905625496471;

  @Test
  void loaderReadsEveryBlock() {
    GmmInput in = GmmInput.load("gmm_d2_K5");
    assertEquals(2, in.d());
    assertEquals(5, in.k());
    assertEquals(1000, in.n());
    assertEquals(5, in.alphas().length);
    assertEquals(10, in.means().length);
    assertEquals(15, in.icf().length);
    assertEquals(2000, in.x().length);
    // First and last values of each block, as in the file.
    assertEquals(-0.649014, in.alphas()[0]);
    assertEquals(-0.845551, in.alphas()[4]);
    assertEquals(0.345561, in.means()[0]);
    assertEquals(0.417305, in.means()[9]);
    assertEquals(0.166813, in.icf()[0]);
    assertEquals(-0.292535, in.icf()[14]);
    assertEquals(1.270848, in.x()[0]);
    assertEquals(-0.447613, in.x()[1999]);
    assertEquals(1.0, in.gamma());
    assertEquals(0, in.m());
  }

  @Test
  void largerInputsHaveTheirShapes() {
    for (String name : new String[] {"gmm_d10_K5", "gmm_d10_K25", "gmm_d32_K100"}) {
      GmmInput in = GmmInput.load(name);
      assertEquals(in.k() * in.d(), in.means().length, name);
      assertEquals(in.k() * in.d() * (in.d() + 1) / 2, in.icf().length, name);
      assertEquals(1000 * in.d(), in.x().length, name);
    }
    assertEquals(32, GmmInput.load("gmm_d32_K100").d());
    assertEquals(100, GmmInput.load("gmm_d32_K100").k());
  }

  @Test
  void objectiveMatchesAdbenchOnD2K5() {
    double objective = GmmInput.load("gmm_d2_K5").objective();
    assertEquals(GOLDEN_D2_K5, objective, 1e-10 * Math.abs(GOLDEN_D2_K5));
  }

  @Test
  void lgammaOfHalfIntegers() {
    // Γ(1) = Γ(2) = 1, Γ(5) = 4! = 24, Γ(½) = √π, Γ(5/2) = (3/4)√π, Γ(11/2) = (945/32)√π.
    assertEquals(0.0, GmmInput.lgammaOfHalfInteger(1.0));
    assertEquals(0.0, GmmInput.lgammaOfHalfInteger(2.0));
    assertEquals(Math.log(24.0), GmmInput.lgammaOfHalfInteger(5.0), 1e-15);
    assertEquals(0.5723649429247001, GmmInput.lgammaOfHalfInteger(0.5), 1e-15);
    assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), GmmInput.lgammaOfHalfInteger(2.5), 1e-15);
    assertEquals(
        Math.log(945.0 / 32 * Math.sqrt(Math.PI)), GmmInput.lgammaOfHalfInteger(5.5), 1e-14);
    assertThrows(IllegalArgumentException.class, () -> GmmInput.lgammaOfHalfInteger(1.25));
    assertThrows(IllegalArgumentException.class, () -> GmmInput.lgammaOfHalfInteger(0.0));
  }

  @Test
  void logGammaDistribOfD2() {
    // a = 3/2, p = 2: ½·log π + lgamma(3/2) + lgamma(1) = ½ log π + log(√π / 2).
    double expected = 0.5 * Math.log(Gmm.PI) + Math.log(Math.sqrt(Math.PI) / 2);
    assertEquals(expected, GmmInput.logGammaDistrib(1.5, 2), 1e-15);
  }

  @Test
  void logsumexpOfASlice() {
    double[] a = {100.0, Math.log(1.0), Math.log(2.0), Math.log(5.0), -100.0};
    // log(1 + 2 + 5) = log 8
    assertEquals(Math.log(8.0), Gmm.logsumexp(a, 1, 3), 1e-15);
    // Large entries do not overflow: log(e^1000 + e^1000) = 1000 + log 2.
    assertEquals(1000 + Math.log(2.0), Gmm.logsumexp(new double[] {1000.0, 1000.0}, 0, 2), 1e-12);
    assertEquals(-100.0, Gmm.logsumexp(a, 4, 1));
  }

  @Test
  void objectiveByClosedFormForOneComponentInOneDimension() {
    // d = 1, k = 1: icf = (q), Q = e^q, err = -n/2 log 2π + Σ_i (α + q - ½ e^{2q} (x_i - μ)²)
    // - n α + ½ e^{2q} - C, with C = 2(0 - ½ log 2) - lgamma(1) = -log 2.
    double alpha = 0.3;
    double mu = -0.2;
    double q = 0.4;
    double[] x = {1.0, -0.5, 2.0};
    double expected = -3 * 0.5 * Math.log(2 * Gmm.PI);
    for (double xi : x) {
      expected += alpha + q - 0.5 * Math.exp(2 * q) * (xi - mu) * (xi - mu);
    }
    expected += -3 * alpha + 0.5 * Math.exp(2 * q) + Math.log(2);
    double actual =
        Gmm.objective(
            new double[] {alpha}, new double[] {mu}, new double[] {q}, x, 1, 1, 3, 1.0, 0,
            GmmInput.logGammaDistrib(1.0, 1));
    assertEquals(expected, actual, 1e-13);
  }
}
