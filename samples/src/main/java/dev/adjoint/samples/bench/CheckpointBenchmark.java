package dev.adjoint.samples.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gradient of 100,000 RK4 steps of the damped pendulum ({@link PendulumBudgets}) against the
 * number of snapshots of its checkpointed loop: {@code objective} (the plain method, for the
 * ratio), {@code taped} (the loop reversed as written), and checkpointed with 10, 100 and 1,000
 * snapshots. The peak tape of each is {@link CheckpointMemory}'s; the README has both.
 *
 * <pre>
 * mvn -q -pl samples -am process-classes -Pbench -Dbench.include=CheckpointBenchmark \
 *     -Dbench.args="-f 1 -wi 3 -i 5 -w 1s -r 1s"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckpointBenchmark {
  static final int STEPS = 100_000;

  @Param({"objective", "taped", "snapshots10", "snapshots100", "snapshots1000"})
  public String measure;

  private int what;

  @Setup
  public void setUp() {
    what = Measure.index(List.of("objective", "taped", "snapshots10", "snapshots100", "snapshots1000"), measure);
  }

  @Benchmark
  public Object run() {
    return switch (what) {
      case 0 -> PendulumBudgets.taped(0.8, 0.3, 0.05, 1.2, 1e-4, STEPS);
      case 1 -> PendulumBudgets_Grad.taped(0.8, 0.3, 0.05, 1.2, 1e-4, STEPS);
      case 2 -> PendulumBudgets_Grad.snapshots10(0.8, 0.3, 0.05, 1.2, 1e-4, STEPS);
      case 3 -> PendulumBudgets_Grad.snapshots100(0.8, 0.3, 0.05, 1.2, 1e-4, STEPS);
      default -> PendulumBudgets_Grad.snapshots1000(0.8, 0.3, 0.05, 1.2, 1e-4, STEPS);
    };
  }
}
