package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The Student-t log-likelihood through Hipparchus' {@code Gamma.logGamma}, differentiated by the
 * rules of {@link SpecialFunctionRules}: the gradient against the closed form (with digamma) and
 * central differences, the rules against central differences of the functions they describe, the
 * Hessian (second order through {@code logGammaJvp}) against central differences of the
 * gradient, and the gradient-descent fit recovering the distribution the data were drawn from.
 */
class StudentTFitTest {
  private static final double[] X = StudentTFit.sample(7, 400, 1.5, 2.0, 5);

  @Test
  void rulesMatchTheFunctionsTheyDescribe() {
    // Hipparchus' digamma is accurate to about 3e-9 near 1 (digamma(1) = -0.57721566779 against
    // -0.57721566490), so central differences of it are checked where it is accurate.
    for (double x : new double[] {2.5, 4.5, 7.25, 40.0}) {
      double h = 1e-5 * x;
      double logGammaSlope = (Gamma.logGamma(x + h) - Gamma.logGamma(x - h)) / (2 * h);
      double digammaSlope = (Gamma.digamma(x + h) - Gamma.digamma(x - h)) / (2 * h);
      assertEquals(logGammaSlope, SpecialFunctionRules.logGammaJvp(x, 1.0), 1e-7 * Math.max(1, Math.abs(logGammaSlope)));
      assertEquals(digammaSlope, SpecialFunctionRules.digammaJvp(x, 1.0), 1e-6 * Math.max(1, Math.abs(digammaSlope)));
      // Linear in the tangent.
      assertEquals(-2.5 * SpecialFunctionRules.logGammaJvp(x, 1.0), SpecialFunctionRules.logGammaJvp(x, -2.5), 1e-15 * 3);
    }
  }

  @Test
  void gradientIsTheClosedFormAndMatchesCentralDifferences() {
    double mu = 1.2;
    double s = Math.log(1.7);
    double t = Math.log(4.0);
    var g = StudentTFit_Grad.meanNegLogLikelihood(mu, s, t, X);
    assertEquals(StudentTFit.meanNegLogLikelihood(mu, s, t, X), g.value(), 0.0);
    double sigma = Math.exp(s);
    double nu = Math.exp(t);
    double half = 0.5 * (nu + 1);
    double dMu = 0;
    double dS = 1;
    double dNu = -0.5 * Gamma.digamma(half) + 0.5 * Gamma.digamma(0.5 * nu) + 0.5 / nu;
    for (double x : X) {
      double z = (x - mu) / sigma;
      dMu -= half * 2 * z / (sigma * (nu + z * z)) / X.length;
      dS -= (nu + 1) * z * z / (nu + z * z) / X.length;
      dNu += (0.5 * Math.log1p(z * z / nu) - half * z * z / (nu * (nu + z * z))) / X.length;
    }
    assertEquals(dMu, g.mu(), 1e-12 * Math.max(1, Math.abs(dMu)));
    assertEquals(dS, g.s(), 1e-12 * Math.max(1, Math.abs(dS)));
    assertEquals(nu * dNu, g.t(), 1e-12 * Math.max(1, Math.abs(nu * dNu)));
    Checks.assertMatchesCentralDifferences(p -> StudentTFit.meanNegLogLikelihood(p[0], p[1], p[2], X),
        new double[] {mu, s, t}, new double[] {g.mu(), g.s(), g.t()}, "mu", "s", "t");
  }

  @Test
  void hessianMatchesCentralDifferencesOfTheGradient() {
    // nu = 9: digamma at nu / 2 and (nu + 1) / 2 is accurate there (see above).
    double[] p = {1.2, Math.log(1.7), Math.log(9.0)};
    double[][] hessian = StudentTFit_Grad.meanNegLogLikelihoodHessian(p[0], p[1], p[2], X);
    for (int j = 0; j < 3; j++) {
      // The gradient holds digamma, whose last digits Hipparchus gets only to about 1e-10: a
      // step of 1e-3 keeps that noise near 1e-7 against a truncation error near 1e-6.
      double h = 1e-3;
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[j] += h;
      minus[j] -= h;
      double[] gp = gradient(plus);
      double[] gm = gradient(minus);
      for (int i = 0; i < 3; i++) {
        double numeric = (gp[i] - gm[i]) / (2 * h);
        assertEquals(numeric, hessian[i][j], 2e-5 * Math.max(1, Math.abs(numeric)), "H[" + i + "][" + j + "]");
        assertEquals(hessian[j][i], hessian[i][j], 1e-12 * Math.max(1, Math.abs(hessian[i][j])));
      }
    }
  }

  private static double[] gradient(double[] p) {
    var g = StudentTFit_Grad.meanNegLogLikelihood(p[0], p[1], p[2], X);
    return new double[] {g.mu(), g.s(), g.t()};
  }

  @Test
  void gradientDescentRecoversTheDistribution() {
    double[] x = StudentTFit.sample(42, 5000, 1.5, 2.0, 5);
    StudentTFit.Fit fit = StudentTFit.fit(x, 1e-7, 20_000);
    assertTrue(fit.gradientNorm() < 1e-7, () -> "not converged: " + fit);
    // Within a few standard errors of the truth for 5000 draws.
    assertEquals(1.5, fit.mu(), 0.1, fit::toString);
    assertEquals(2.0, fit.sigma(), 0.15, fit::toString);
    assertEquals(5.0, fit.nu(), 1.0, fit::toString);
    // A maximum: no better than the truth's likelihood by less than nothing.
    assertTrue(fit.value() <= StudentTFit.meanNegLogLikelihood(1.5, Math.log(2.0), Math.log(5.0), x));
  }
}
