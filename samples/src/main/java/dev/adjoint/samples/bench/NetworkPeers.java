package dev.adjoint.samples.bench;

import dev.adjoint.samples.TwoLayerNetwork;

/**
 * A hand-written gradient of {@link TwoLayerNetwork#loss}, the yardstick for the generated one:
 * backpropagation as a careful Java programmer writes it, each example reversed right after its
 * forward pass. Checked against the generated gradient and central differences in {@code
 * NetworkPeersTest}.
 */
public final class NetworkPeers {
  private NetworkPeers() {}

  /**
   * Returns the loss and adds its gradient to {@code w1Bar}, {@code b1Bar}, {@code w2Bar} and
   * {@code b2Bar[0]}.
   */
  public static double byHand(double[][] w1, double[] b1, double[] w2, double b2, double[][] x, int[] label,
      double[][] w1Bar, double[] b1Bar, double[] w2Bar, double[] b2Bar) {
    int hidden = b1.length;
    double[] h = new double[hidden];
    double scale = 1.0 / x.length;
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double x0 = x[i][0];
      double x1 = x[i][1];
      double z = b2;
      for (int j = 0; j < hidden; j++) {
        h[j] = Math.tanh(w1[j][0] * x0 + w1[j][1] * x1 + b1[j]);
        z += w2[j] * h[j];
      }
      double e = Math.exp(-Math.abs(z));
      total += (z > 0 ? z : 0) - label[i] * z + Math.log1p(e);
      // d/dz of the cross-entropy is sigmoid(z) - label, sigmoid written from e to stay finite.
      double zBar = scale * ((z > 0 ? 1 : e) / (1 + e) - label[i]);
      b2Bar[0] += zBar;
      for (int j = 0; j < hidden; j++) {
        w2Bar[j] += zBar * h[j];
        double preBar = zBar * w2[j] * (1 - h[j] * h[j]);
        w1Bar[j][0] += preBar * x0;
        w1Bar[j][1] += preBar * x1;
        b1Bar[j] += preBar;
      }
    }
    return total * scale;
  }
}
