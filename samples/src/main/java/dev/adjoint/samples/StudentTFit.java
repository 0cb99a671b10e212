package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;
import java.util.Random;
import org.hipparchus.special.Gamma;

/**
 * Maximum-likelihood fit of a Student-t distribution (location {@code mu}, scale {@code sigma =
 * e^s}, degrees of freedom {@code nu = e^t}, unconstrained in {@code s} and {@code t}) by gradient
 * descent on the mean negative log-likelihood. The likelihood calls Hipparchus' {@code
 * Gamma.logGamma}, which Adjoint differentiates through the rules of {@link SpecialFunctionRules}.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.adjoint.samples.StudentTFit}
 */
public final class StudentTFit {
  private StudentTFit() {}

  /**
   * -(1/n) sum_i log p(x_i), with log p(x) = logGamma((nu + 1) / 2) - logGamma(nu / 2) - log(nu
   * pi) / 2 - log sigma - (nu + 1) / 2 log(1 + ((x - mu) / sigma)^2 / nu).
   */
  @Differentiable
  public static double meanNegLogLikelihood(double mu, double s, double t, @NoDerivative double[] x) {
    double sigma = Math.exp(s);
    double nu = Math.exp(t);
    double half = 0.5 * (nu + 1);
    double logNormaliser = Gamma.logGamma(half) - Gamma.logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI) - s;
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = (x[i] - mu) / sigma;
      sum += half * Math.log1p(z * z / nu);
    }
    return sum / x.length - logNormaliser;
  }

  /** Where the fit stopped: the parameters (mu, s, t), the objective and its gradient norm. */
  public record Fit(double mu, double s, double t, double value, double gradientNorm, int iterations) {
    public double sigma() {
      return Math.exp(s);
    }

    public double nu() {
      return Math.exp(t);
    }
  }

  /**
   * Gradient descent from the sample's median and spread and nu = 10, with a backtracking step,
   * until the gradient norm is below {@code tolerance}.
   */
  public static Fit fit(double[] x, double tolerance, int maxIterations) {
    double[] sorted = x.clone();
    java.util.Arrays.sort(sorted);
    double[] p = {sorted[x.length / 2], Math.log(sorted[3 * x.length / 4] - sorted[x.length / 4]), Math.log(10)};
    double step = 1;
    for (int k = 0; ; k++) {
      var g = StudentTFit_Grad.meanNegLogLikelihood(p[0], p[1], p[2], x);
      double[] d = {g.mu(), g.s(), g.t()};
      double norm = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      if (norm < tolerance || k == maxIterations) {
        return new Fit(p[0], p[1], p[2], g.value(), norm, k);
      }
      // Armijo backtracking: halve the step until it decreases the objective enough.
      step *= 2;
      while (true) {
        double[] q = {p[0] - step * d[0], p[1] - step * d[1], p[2] - step * d[2]};
        double value = meanNegLogLikelihood(q[0], q[1], q[2], x);
        if (value <= g.value() - 1e-4 * step * norm * norm || step < 1e-12) {
          p = q;
          break;
        }
        step /= 2;
      }
    }
  }

  /** n draws of mu + sigma T, T Student-t with an integer nu: a normal over sqrt(chi^2_nu / nu). */
  public static double[] sample(long seed, int n, double mu, double sigma, int nu) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double chi2 = 0;
      for (int k = 0; k < nu; k++) {
        double g = random.nextGaussian();
        chi2 += g * g;
      }
      x[i] = mu + sigma * random.nextGaussian() / Math.sqrt(chi2 / nu);
    }
    return x;
  }

  public static void main(String[] args) {
    double[] x = sample(42, 5000, 1.5, 2.0, 5);
    Fit fit = fit(x, 1e-8, 10_000);
    System.out.printf("Student-t fit of 5000 draws (mu 1.5, sigma 2, nu 5): mu %.4f, sigma %.4f, nu %.3f,"
        + " mean -log p %.6f, |gradient| %.1e after %d steps%n", fit.mu(), fit.sigma(), fit.nu(), fit.value(),
        fit.gradientNorm(), fit.iterations());
  }
}
