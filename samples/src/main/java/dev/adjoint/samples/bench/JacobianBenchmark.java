/*
 * Run from the repository root (rm -rf samples/target first after changing the processor):
 *
 *   mvn -q -pl samples -am process-classes -Pbench \
 *       -Dbench.args="JacobianBenchmark -f 2 -wi 5 -i 5 -w 1s -r 1s"
 *
 * The ratio of a measure to the primal is the ratio of the average times reported, measure over
 * `primal`.
 */
package dev.adjoint.samples.bench;

import dev.adjoint.samples.BundleAdjustment;
import dev.adjoint.samples.BundleAdjustment_Grad;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The 2x15 Jacobian block of ADBench's bundle-adjustment residual ({@link
 * BundleAdjustment#reprojection}) for the first observation of {@code ba1}, against the residual
 * itself, in the same run: by rows (two reverse sweeps, what {@code reprojection(...)} chooses
 * for 15 inputs and 2 outputs) and by columns (fifteen forward sweeps). One method with the
 * measure as a parameter, as in {@link GmmBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JacobianBenchmark {
  @Param({"primal", "byRows", "byColumns"})
  public String measure;

  // ba1's first observation (ADBench, MIT licence: see samples/src/test/resources/adbench).
  double[] cam = {-0.758453, -1.109613, -0.845551, 34.556073, 39.676747, 53.881673, 419.194514, 5.864426,
    -8.518870, 0.087812, 0.002739};
  double[] x = {7.203245, 0.001144, 3.023326};
  double w = 0.417022;
  double[] feature = {271.760969, 834.209256};

  private int what;

  @org.openjdk.jmh.annotations.Setup
  public void setUp() {
    what = Measure.index(java.util.List.of("primal", "byRows", "byColumns"), measure);
  }

  @Benchmark
  public void run(Blackhole bh) {
    switch (what) {
      case 0 -> bh.consume(BundleAdjustment.reprojection(cam, x, w, feature));
      case 1 -> bh.consume(BundleAdjustment_Grad.reprojectionJacobianByRows(cam, x, w, feature));
      default -> bh.consume(BundleAdjustment_Grad.reprojectionJacobianByColumns(cam, x, w, feature));
    }
  }
}
