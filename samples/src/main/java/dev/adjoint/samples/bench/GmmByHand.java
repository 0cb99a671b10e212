package dev.adjoint.samples.bench;

import dev.adjoint.samples.Gmm;

/**
 * A hand-written gradient of {@link Gmm#objective}, the yardstick for the generated one: what a
 * careful programmer writes in Java, in the manner of ADBench's hand-written C++ ({@code
 * gmm_d.cpp}). Like the generated code, it reverses each point right after that point's forward
 * sweep (the objective returns {@code slse} with coefficient 1, so each point's adjoint is known
 * before the loop). Unlike it, it changes the data layout: each point's K × d intermediates live
 * in arrays of their own, where the generated code copies the objective's d-long {@code
 * qxcentered} to the tape for every component (and computes {@code xcentered} again), and it
 * merges the diagonal and triangle loops.
 *
 * <p>Checked against ADBench's golden gradient and against the generated one in {@code
 * GmmByHandTest}.
 */
public final class GmmByHand {
  private GmmByHand() {}

  /**
   * Returns the objective and adds its gradient to {@code alphasBar}, {@code meansBar} and {@code
   * icfBar}, which have the shapes of {@code alphas}, {@code means} and {@code icf}.
   */
  public static double gradient(
      double[] alphas,
      double[] means,
      double[] icf,
      double[] x,
      int d,
      int k,
      int n,
      double gamma,
      int m,
      double logGammaDistrib,
      double[] alphasBar,
      double[] meansBar,
      double[] icfBar) {
    int icfSize = d * (d + 1) / 2;
    double[] qdiags = new double[k * d];
    double[] sumQs = new double[k];
    for (int ik = 0; ik < k; ik++) {
      for (int id = 0; id < d; id++) {
        sumQs[ik] += icf[ik * icfSize + id];
        qdiags[ik * d + id] = Math.exp(icf[ik * icfSize + id]);
      }
    }

    // Per point: x - mu_k and Q_k (x - mu_k) for every k, kept for that point's reverse sweep.
    double[] xcentered = new double[k * d];
    double[] qxcentered = new double[k * d];
    double[] mainTerm = new double[k];
    double[] qxBar = new double[d];
    double slse = 0.0;
    for (int ix = 0; ix < n; ix++) {
      for (int ik = 0; ik < k; ik++) {
        int o = ik * d;
        for (int id = 0; id < d; id++) {
          xcentered[o + id] = x[ix * d + id] - means[o + id];
          qxcentered[o + id] = qdiags[o + id] * xcentered[o + id];
        }
        int lparam = ik * icfSize + d;
        for (int i = 0; i < d; i++) {
          double xi = xcentered[o + i];
          for (int j = i + 1; j < d; j++) {
            qxcentered[o + j] += icf[lparam] * xi;
            lparam++;
          }
        }
        double sqnorm = 0.0;
        for (int id = 0; id < d; id++) {
          sqnorm += qxcentered[o + id] * qxcentered[o + id];
        }
        mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * sqnorm;
      }
      double lse = Gmm.logsumexp(mainTerm, 0, k);
      slse += lse;

      // d lse / d mainTerm[k] is the softmax weight w; d mainTerm / d qx = -qx.
      for (int ik = 0; ik < k; ik++) {
        int o = ik * d;
        double w = Math.exp(mainTerm[ik] - lse);
        alphasBar[ik] += w;
        for (int id = 0; id < d; id++) {
          qxBar[id] = -w * qxcentered[o + id];
        }
        int lparam = ik * icfSize + d;
        for (int i = 0; i < d; i++) {
          double xi = xcentered[o + i];
          // d/d q_i: w from sum q, and the diagonal's exp(q_i) x_i.
          icfBar[ik * icfSize + i] += w + qxBar[i] * xi * qdiags[o + i];
          double xiBar = qxBar[i] * qdiags[o + i];
          for (int j = i + 1; j < d; j++) {
            icfBar[lparam] += qxBar[j] * xi;
            xiBar += qxBar[j] * icf[lparam];
            lparam++;
          }
          meansBar[o + i] -= xiBar;
        }
      }
    }

    double constant = -n * d * 0.5 * Math.log(2 * Gmm.PI);
    double lseAlphas = Gmm.logsumexp(alphas, 0, k);
    for (int ik = 0; ik < k; ik++) {
      alphasBar[ik] -= n * Math.exp(alphas[ik] - lseAlphas);
    }

    int nPrime = d + m + 1;
    double c = nPrime * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaDistrib;
    double prior = 0.0;
    for (int ik = 0; ik < k; ik++) {
      double frobenius = 0.0;
      for (int id = 0; id < d; id++) {
        double q = qdiags[ik * d + id];
        frobenius += q * q;
        icfBar[ik * icfSize + id] += gamma * gamma * q * q - m;
      }
      for (int l = d; l < icfSize; l++) {
        double v = icf[ik * icfSize + l];
        frobenius += v * v;
        icfBar[ik * icfSize + l] += gamma * gamma * v;
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
    }
    prior -= k * c;

    return constant + slse - n * lseAlphas + prior;
  }
}
