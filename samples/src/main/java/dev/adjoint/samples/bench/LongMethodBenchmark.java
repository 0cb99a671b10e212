/*
 * Run from the repository root (rm -rf samples/target first after changing the processor):
 *
 *   mvn -q -pl samples -am process-classes -Pbench \
 *       -Dbench.args="LongMethodBenchmark -f 3 -wi 5 -i 5 -w 1s -r 1s"
 */
package dev.adjoint.samples.bench;

import dev.adjoint.samples.LongStraightLine;
import dev.adjoint.samples.LongStraightLine_Grad;
import dev.adjoint.samples.LongStraightLine_Grad.UnrolledAdjoint;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gradient of a 200-statement straight-line method ({@link LongStraightLine#unrolled})
 * against the method itself, in the same run. Uncut, its {@code unrolledVjp} is longer than
 * HotSpot compiles (8,000 bytes of bytecode) and runs interpreted; cut into chunks, each is
 * compiled. The ratio is {@code gradientVjp / primal} of the reported average times.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LongMethodBenchmark {
  double a;
  double b;
  double c;
  UnrolledAdjoint adjoint;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(2026);
    a = random.nextDouble() - 0.5;
    b = random.nextDouble() - 0.5;
    c = random.nextDouble() - 0.5;
    adjoint = new UnrolledAdjoint();
  }

  @Benchmark
  public void primal(Blackhole bh) {
    bh.consume(LongStraightLine.unrolled(a, b, c));
  }

  @Benchmark
  public void gradientVjp(Blackhole bh) {
    // The adjoint is reachable from the state, so its accumulating stores cannot be removed.
    bh.consume(LongStraightLine_Grad.unrolledVjp(a, b, c, 1.0, adjoint));
  }
}
