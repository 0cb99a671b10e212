package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTrainingTest {

  @Test
  void generatedGradientMatchesCentralDifferences() {
    Random random = new Random(3);
    double[][] x = NetworkTraining.points(random, 40);
    int[] label = NetworkTraining.labels(x);
    var net = NetworkTraining.Network.initial(random);
    double error = NetworkTraining.gradientCheck(net, x, label);
    assertTrue(error < 1e-5, "max relative error " + error);
  }

  @Test
  void trainingSeparatesTheXorPattern() {
    Random random = new Random(NetworkTraining.SEED);
    double[][] x = NetworkTraining.points(random, NetworkTraining.EXAMPLES);
    int[] label = NetworkTraining.labels(x);
    var net = NetworkTraining.Network.initial(random);
    double[] history = NetworkTraining.train(net, x, label, 600);
    assertTrue(history[600] < 0.5 * history[0], "loss " + history[0] + " -> " + history[600]);
    double accuracy = NetworkTraining.accuracy(net, x, label);
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
  }
}
