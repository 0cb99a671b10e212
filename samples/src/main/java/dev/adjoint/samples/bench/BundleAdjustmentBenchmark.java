package dev.adjoint.samples.bench;

import dev.adjoint.samples.AdbenchTokens;
import dev.adjoint.samples.BundleAdjustment;
import dev.adjoint.samples.BundleAdjustment_Grad;
import dev.adjoint.samples.BundleAdjustment_Grad.ReprojectionAdjoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ADBench's bundle adjustment: the residuals of every observation of an instance ({@code
 * objective}: {@link BundleAdjustment#reprojection} and {@link BundleAdjustment#weightError} per
 * observation) against its sparse Jacobian, a 2x15 block and a weight derivative per observation,
 * written into one reused array:
 *
 * <ul>
 *   <li>{@code adjoint}: two generated allocation-free reverse sweeps per block ({@code
 *       reprojectionVjp} with seeds (1, 0) and (0, 1) into a reused adjoint), as the generated
 *       {@code reprojection(...)} chooses for 15 inputs and 2 outputs;
 *   <li>{@code hipparchus}: {@link BundleAdjustmentPeers#hipparchus}, one forward pass with 15
 *       free parameters per block, as Ceres' {@code Jet}s do.
 * </ul>
 *
 * <p>{@code instance} is ADBench's {@code ba1} (49 cameras, 7,776 points, 31,843 observations)
 * or a larger one with the dimensions of ADBench's {@code ba5} (257, 65,132, 225,911) built, the
 * way ADBench's reader builds every instance, by replicating the camera, point, weight and
 * feature of its test file ({@code adbench/ba/test.txt}). Observation i uses camera i mod n and
 * point i mod m.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BundleAdjustmentBenchmark {
  @Param({"ba1_n49_m7776_p31843", "ba5_n257_m65132_p225911"})
  public String instance;

  @Param({"objective", "adjoint", "hipparchus"})
  public String measure;

  private static final List<String> MEASURES = List.of("objective", "adjoint", "hipparchus");
  static final int BLOCK = 2 * BundleAdjustmentPeers.PARAMETERS;

  private int what;
  double[][] cams;
  double[][] points;
  double[] weights;
  double[][] features;
  double[] jacobian;
  double[] weightJacobian;
  ReprojectionAdjoint adjoint;
  final double[] seed = new double[2];

  @Setup(Level.Trial)
  public void setUp() {
    what = Measure.index(MEASURES, measure);
    String[] dims = instance.split("_");
    int n = Integer.parseInt(dims[1].substring(1));
    int m = Integer.parseInt(dims[2].substring(1));
    int p = Integer.parseInt(dims[3].substring(1));
    double[] values = read(instance.startsWith("ba1_") ? "ba1_n49_m7776_p31843" : "test");
    cams = new double[n][];
    for (int i = 0; i < n; i++) {
      cams[i] = java.util.Arrays.copyOfRange(values, 3, 14);
    }
    points = new double[m][];
    for (int i = 0; i < m; i++) {
      points[i] = java.util.Arrays.copyOfRange(values, 14, 17);
    }
    weights = new double[p];
    features = new double[p][];
    for (int i = 0; i < p; i++) {
      weights[i] = values[17];
      features[i] = java.util.Arrays.copyOfRange(values, 18, 20);
    }
    jacobian = new double[p * BLOCK];
    weightJacobian = new double[p];
    adjoint = new ReprojectionAdjoint();
  }

  /** The 20 numbers of an ADBench BA file before replication: n m p, a camera, a point, w, a feature. */
  private static double[] read(String name) {
    return AdbenchTokens.resource("/adbench/ba/" + name + ".txt").doubles(20);
  }

  @Benchmark
  public void run(Blackhole bh) {
    int p = weights.length;
    switch (what) {
      case 0 -> {
        double sum = 0;
        for (int i = 0; i < p; i++) {
          double[] err = BundleAdjustment.reprojection(
              cams[i % cams.length], points[i % points.length], weights[i], features[i]);
          sum += err[0] + err[1] + BundleAdjustment.weightError(weights[i]);
        }
        bh.consume(sum);
      }
      case 1 -> {
        for (int i = 0; i < p; i++) {
          jacobianBlock(cams[i % cams.length], points[i % points.length], weights[i], features[i], i * BLOCK);
          weightJacobian[i] = -2 * weights[i];
        }
        bh.consume(jacobian);
        bh.consume(weightJacobian);
      }
      default -> {
        for (int i = 0; i < p; i++) {
          BundleAdjustmentPeers.hipparchus(
              cams[i % cams.length], points[i % points.length], weights[i], features[i], jacobian, i * BLOCK);
          weightJacobian[i] = -2 * weights[i];
        }
        bh.consume(jacobian);
        bh.consume(weightJacobian);
      }
    }
  }

  /** Rows 0 and 1 of one observation's block by two reverse sweeps, into {@link #jacobian}. */
  void jacobianBlock(double[] cam, double[] point, double w, double[] feature, int offset) {
    for (int row = 0; row < 2; row++) {
      seed[0] = row == 0 ? 1 : 0;
      seed[1] = row == 1 ? 1 : 0;
      adjoint.reset();
      BundleAdjustment_Grad.reprojectionVjp(cam, point, w, feature, seed, adjoint);
      int at = offset + row * BundleAdjustmentPeers.PARAMETERS;
      System.arraycopy(adjoint.cam, 0, jacobian, at, 11);
      System.arraycopy(adjoint.X, 0, jacobian, at + 11, 3);
      jacobian[at + 14] = adjoint.w;
    }
  }
}
