package dev.adjoint.samples.bench;

import dev.adjoint.runtime.Revolve;
import dev.adjoint.runtime.Tape;
import java.util.function.Supplier;

/**
 * The peak tape of {@link CheckpointBenchmark}'s gradients ({@code Tape.measure}) and the steps
 * each recomputes ({@code Revolve.advances}), with the tape counting ({@code
 * -Dadjoint.measureTape=true}):
 *
 * <pre>
 * mvn -q -pl samples exec:java -Dexec.mainClass=dev.adjoint.samples.bench.CheckpointMemory -Dadjoint.measureTape=true
 * </pre>
 */
public final class CheckpointMemory {
  private CheckpointMemory() {}

  public static void main(String[] args) {
    int steps = CheckpointBenchmark.STEPS;
    System.out.printf("| gradient of %,d steps | peak tape | steps recomputed |%n|---|---|---|%n", steps);
    row("reversed as written", () -> PendulumBudgets_Grad.taped(0.8, 0.3, 0.05, 1.2, 1e-4, steps), 0, steps);
    row("10 snapshots", () -> PendulumBudgets_Grad.snapshots10(0.8, 0.3, 0.05, 1.2, 1e-4, steps), 10, steps);
    row("100 snapshots", () -> PendulumBudgets_Grad.snapshots100(0.8, 0.3, 0.05, 1.2, 1e-4, steps), 100, steps);
    row("1000 snapshots", () -> PendulumBudgets_Grad.snapshots1000(0.8, 0.3, 0.05, 1.2, 1e-4, steps), 1000, steps);
  }

  private static void row(String what, Supplier<Object> gradient, int snapshots, int steps) {
    var usage = Tape.measure(gradient::get);
    // The snapshots themselves: theta, omega (doubles) and the step counter (an int) per slot.
    long snapshotBytes = snapshots * (8L + 8L + 4L);
    System.out.printf("| %s | %,d B on the tape + %,d B of snapshots | %s |%n", what, usage.peakBytes(),
        snapshotBytes, snapshots == 0 ? "0" : String.format("%,d (%.2f per step)",
            Revolve.advances(steps, snapshots), Revolve.advances(steps, snapshots) / (double) steps));
  }
}
