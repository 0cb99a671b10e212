package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Demo.Dataset;
import dev.adjoint.samples.Demo.Training;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void trainingLowersTheLoss() {
    Dataset data = Demo.generate(Demo.EXAMPLES, Demo.DATA_SEED);
    Training t = Demo.train(data, Demo.INITIAL_PARAMS, 5, Demo.LEARNING_RATE, 1, null);
    double[] loss = t.lossHistory();
    assertEquals(6, loss.length);
    for (int i = 1; i < loss.length; i++) {
      assertTrue(loss[i] < loss[i - 1], "loss rose at step " + i + ": " + loss[i - 1] + " -> " + loss[i]);
    }
    assertEquals(Demo.meanLoss(data, Demo.INITIAL_PARAMS), loss[0], 1e-12);
  }

  @Test
  void gradientOfMeanLossMatchesCentralDifferences() {
    Dataset data = Demo.generate(Demo.EXAMPLES, Demo.DATA_SEED);
    assertTrue(Demo.gradientCheck(data, Demo.INITIAL_PARAMS) <= 1e-7);
    assertTrue(Demo.gradientCheck(data, new Demo.Params(1.5, -2.5, 0.4)) <= 1e-7);
  }

  @Test
  void fullDemoSucceedsAndLearns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, output);
    assertTrue(output.contains("(exists)"), output);
    assertTrue(output.lines().count() <= 30, output);

    Dataset data = Demo.generate(Demo.EXAMPLES, Demo.DATA_SEED);
    Training t = Demo.train(data, Demo.INITIAL_PARAMS, Demo.STEPS, Demo.LEARNING_RATE, 1, null);
    assertTrue(Demo.accuracy(data, t.params()) > 0.8, "accuracy " + Demo.accuracy(data, t.params()));
    assertTrue(Files.exists(Demo.generatedSource()));
  }
}
