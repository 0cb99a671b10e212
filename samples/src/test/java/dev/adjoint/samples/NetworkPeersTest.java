package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.bench.NetworkPeers;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's hand-written backpropagation computes the gradient Adjoint generates, and both
 * match central differences.
 */
class NetworkPeersTest {

  @Test
  void byHandMatchesTheGeneratedGradientAndCentralDifferences() {
    Random random = new Random(11);
    double[][] x = NetworkTraining.points(random, 40);
    int[] label = NetworkTraining.labels(x);
    int hidden = 5;
    double[][] w1 = new double[hidden][2];
    double[] b1 = new double[hidden];
    double[] w2 = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      w1[j][0] = random.nextGaussian();
      w1[j][1] = random.nextGaussian();
      b1[j] = random.nextGaussian();
      w2[j] = random.nextGaussian();
    }
    double b2 = 0.3;
    double[][] w1Bar = new double[hidden][2];
    double[] b1Bar = new double[hidden];
    double[] w2Bar = new double[hidden];
    double[] b2Bar = new double[1];
    double loss = NetworkPeers.byHand(w1, b1, w2, b2, x, label, w1Bar, b1Bar, w2Bar, b2Bar);

    TwoLayerNetwork_Grad.LossGradient g = TwoLayerNetwork_Grad.loss(w1, b1, w2, b2, x, label);
    assertEquals(g.value(), loss, 1e-12 * Math.abs(loss));
    ArrayChecks.assertArrayClose(g.w1(), w1Bar, "w1");
    ArrayChecks.assertArrayClose(g.b1(), b1Bar, "b1");
    ArrayChecks.assertArrayClose(g.w2(), w2Bar, "w2");
    Checks.assertClose(g.b2(), b2Bar[0], "b2");

    ArrayChecks.assertMatchesCentralDifferences(
        w -> TwoLayerNetwork.loss(w1, b1, w, b2, x, label), w2, w2Bar, "w2");
    ArrayChecks.assertMatchesCentralDifferences(
        w -> TwoLayerNetwork.loss(w, b1, w2, b2, x, label), w1, w1Bar, "w1");
    ArrayChecks.assertMatchesCentralDifferences(
        b -> TwoLayerNetwork.loss(w1, b, w2, b2, x, label), b1, b1Bar, "b1");
  }
}
