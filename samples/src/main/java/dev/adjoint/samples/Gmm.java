package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * ADBench's Gaussian mixture model objective (Srajer, Kukelova and Fitzgibbon, "A benchmark of
 * selected algorithmic differentiation tools on some problems in computer vision and machine
 * learning", 2018), written as plain Java over flat arrays, the way ADBench's C++ reference writes
 * it.
 *
 * <p>{@code k} components in {@code d} dimensions, {@code n} points {@code x_i}:
 *
 * <pre>
 *   err = -n·d/2·log(2π) + Σ_i logsumexp_k(α_k + Σ q_k - ½‖Q_k (x_i - μ_k)‖²)
 *         - n·logsumexp(α) + log_wishart_prior
 *   Q_k = diag(exp(q_k)) + L_k                       (L_k strictly lower triangular)
 *   log_wishart_prior = Σ_k [½γ²(‖exp(q_k)‖² + ‖L_k‖²) - m·Σ q_k] - k·C
 *   C = n'·d·(log γ - ½ log 2) - log_gamma_distrib(n'/2, d),   n' = d + m + 1
 * </pre>
 *
 * <p>The parameters, differentiated, are {@code alphas} ({@code k} mixture weights, unnormalised
 * log-weights), {@code means} ({@code k × d}, row by row) and {@code icf} ({@code k} blocks of
 * {@code d(d+1)/2}: the {@code d} log-diagonal entries {@code q_k}, then the strictly lower
 * triangle of {@code L_k} column by column). The points {@code x} ({@code n × d}, row by row) are
 * data. {@code π} is ADBench's {@link #PI}, kept for comparability of values.
 *
 * <p>{@code log_gamma_distrib} sums {@code lgamma}, which {@link Math} lacks; it depends on
 * {@code d} and {@code m} only, so {@link GmmInput#logGammaDistrib} computes it outside and it is
 * passed in as {@code @NoDerivative}.
 */
public final class Gmm {
  private Gmm() {}

  /** ADBench's value of π (its C++ {@code PI}), used in the objective's constants. */
  public static final double PI = 3.14159265359;

  /**
   * {@code log Σ_{i < count} exp(a[offset + i])}, computed as {@code max + log Σ exp(a - max)} so
   * that it neither overflows nor loses every term to underflow.
   */
  // The maximum only shifts the sum: the result is smooth, whichever element is largest.
  @Differentiable
  @SuppressWarnings("adjoint.piecewise")
  public static double logsumexp(double[] a, int offset, int count) {
    double max = a[offset];
    for (int i = 1; i < count; i++) {
      if (a[offset + i] > max) {
        max = a[offset + i];
      }
    }
    double sum = 0.0;
    for (int i = 0; i < count; i++) {
      sum += Math.exp(a[offset + i] - max);
    }
    return Math.log(sum) + max;
  }

  /**
   * The objective {@code err}. {@code gamma} and {@code m} are the Wishart prior's parameters
   * ({@code 1} and {@code 0} in all of ADBench's inputs) and {@code logGammaDistrib} is {@code
   * log_gamma_distrib((d + m + 1)/2, d)}.
   */
  @Differentiable
  public static double objective(
      double[] alphas,
      double[] means,
      double[] icf,
      @NoDerivative double[] x,
      int d,
      int k,
      int n,
      @NoDerivative double gamma,
      int m,
      @NoDerivative double logGammaDistrib) {
    int icfSize = d * (d + 1) / 2;

    // The diagonal of each Q_k, exp(q_k), and the sum of its logarithms, log det Q_k.
    double[] qdiags = new double[k * d];
    double[] sumQs = new double[k];
    for (int ik = 0; ik < k; ik++) {
      for (int id = 0; id < d; id++) {
        sumQs[ik] += icf[ik * icfSize + id];
        qdiags[ik * d + id] = Math.exp(icf[ik * icfSize + id]);
      }
    }

    double[] xcentered = new double[d];
    double[] qxcentered = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0.0;
    for (int ix = 0; ix < n; ix++) {
      for (int ik = 0; ik < k; ik++) {
        for (int id = 0; id < d; id++) {
          xcentered[id] = x[ix * d + id] - means[ik * d + id];
        }
        // Q_k · xcentered: the diagonal, then the strictly lower triangle column by column.
        for (int id = 0; id < d; id++) {
          qxcentered[id] = qdiags[ik * d + id] * xcentered[id];
        }
        int lparam = ik * icfSize + d;
        for (int i = 0; i < d; i++) {
          for (int j = i + 1; j < d; j++) {
            qxcentered[j] += icf[lparam] * xcentered[i];
            lparam++;
          }
        }
        double sqnorm = 0.0;
        for (int id = 0; id < d; id++) {
          sqnorm += qxcentered[id] * qxcentered[id];
        }
        mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * sqnorm;
      }
      slse += logsumexp(mainTerm, 0, k);
    }

    double constant = -n * d * 0.5 * Math.log(2 * PI);
    double lseAlphas = logsumexp(alphas, 0, k);

    // log_wishart_prior
    int nPrime = d + m + 1;
    double c = nPrime * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaDistrib;
    double prior = 0.0;
    for (int ik = 0; ik < k; ik++) {
      double frobenius = 0.0;
      for (int id = 0; id < d; id++) {
        frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
      }
      for (int l = d; l < icfSize; l++) {
        frobenius += icf[ik * icfSize + l] * icf[ik * icfSize + l];
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
    }
    prior -= k * c;

    return constant + slse - n * lseAlphas + prior;
  }
}
