package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The pendulum's gradient by binomial checkpointing: the same as reversing the loop as written
 * (on 10,000 steps) and as central differences of the energy; and over a million steps in a JVM
 * of 64 MB, where reversing the loop as written runs out of memory.
 */
class DampedPendulumTest {
  private static final double[] X = {0.8, 0.3, 0.05, 1.2, 1e-3};

  private static double energy(double[] x, int steps) {
    return DampedPendulum.finalEnergy(x[0], x[1], x[2], x[3], x[4], steps);
  }

  @Test
  void checkpointedEqualsTapedAndCentralDifferences() {
    int steps = 10_000;
    var checkpointed = DampedPendulum_Grad.finalEnergy(X[0], X[1], X[2], X[3], X[4], steps);
    var taped = DampedPendulum_Grad.finalEnergyTaped(X[0], X[1], X[2], X[3], X[4], steps);
    assertEquals(taped.value(), checkpointed.value(), 0.0);
    double[] partials = {checkpointed.theta0(), checkpointed.omega0(), checkpointed.damping(), checkpointed.length(),
        checkpointed.h()};
    double[] tapedPartials = {taped.theta0(), taped.omega0(), taped.damping(), taped.length(), taped.h()};
    for (int i = 0; i < partials.length; i++) {
      // The recomputed steps are the same arithmetic: bit for bit.
      assertEquals(tapedPartials[i], partials[i], 0.0, "partial " + i);
      int k = i;
      DoubleUnaryOperator f = v -> {
        double[] x = X.clone();
        x[k] = v;
        return energy(x, steps);
      };
      double step = 1e-6 * Math.max(1e-3, Math.abs(X[i]));
      double cd = (f.applyAsDouble(X[i] + step) - f.applyAsDouble(X[i] - step)) / (2 * step);
      assertEquals(cd, partials[i], 1e-6 * Math.max(1, Math.abs(cd)), "partial " + i + " against central differences");
    }
  }

  @Test
  void aMillionStepsInSixtyFourMegabytes() throws Exception {
    Run checkpointed = run("1000000");
    assertEquals(0, checkpointed.exit(), checkpointed.output());
    assertTrue(checkpointed.output().contains("1000000 steps, checkpointed"), checkpointed.output());
    Run taped = run("1000000", "taped");
    assertTrue(taped.exit() != 0 && taped.output().contains("OutOfMemoryError"),
        "reversing a million steps as written should not fit in 64 MB: " + taped.output());
  }

  private record Run(int exit, String output) {}

  private static Run run(String... args) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), DampedPendulum.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), output);
  }
}
