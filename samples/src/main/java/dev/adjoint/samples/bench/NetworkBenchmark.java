package dev.adjoint.samples.bench;

import dev.adjoint.samples.NetworkTraining;
import dev.adjoint.samples.TwoLayerNetwork;
import dev.adjoint.samples.TwoLayerNetwork_Grad;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
 * The demo's two-layer network ({@link TwoLayerNetwork#loss}, {@code hidden} tanh units) on the
 * demo's 300 labelled points: the loss, against a full-batch gradient:
 *
 * <ul>
 *   <li>{@code adjoint}: the generated allocation-free {@code lossVjp} into a reused adjoint,
 *       {@code reset()} before each call as the demo's training loop does;
 *   <li>{@code byHand}: {@link NetworkPeers#byHand}, backpropagation written by hand, into
 *       reused arrays zeroed before each call.
 * </ul>
 *
 * <p>The demo trains with 8 hidden units; 64 shows the cost as the layer grows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NetworkBenchmark {
  @Param({"8", "64"})
  public int hidden;

  @Param({"objective", "adjoint", "byHand"})
  public String measure;

  private static final List<String> MEASURES = List.of("objective", "adjoint", "byHand");
  static final int EXAMPLES = 300;

  private int what;
  double[][] w1;
  double[] b1;
  double[] w2;
  double b2;
  double[][] x;
  int[] label;
  TwoLayerNetwork_Grad.LossAdjoint adjoint;
  double[][] w1Bar;
  double[] b1Bar;
  double[] w2Bar;
  final double[] b2Bar = new double[1];

  @Setup(Level.Trial)
  public void setUp() {
    what = Measure.index(MEASURES, measure);
    Random random = new Random(7);
    x = NetworkTraining.points(random, EXAMPLES);
    label = NetworkTraining.labels(x);
    w1 = new double[hidden][2];
    b1 = new double[hidden];
    w2 = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      w1[j][0] = random.nextGaussian();
      w1[j][1] = random.nextGaussian();
      b1[j] = 0.1 * random.nextGaussian();
      w2[j] = 0.5 * random.nextGaussian();
    }
    b2 = 0.1;
    adjoint = new TwoLayerNetwork_Grad.LossAdjoint();
    w1Bar = new double[hidden][2];
    b1Bar = new double[hidden];
    w2Bar = new double[hidden];
  }

  @Benchmark
  public void run(Blackhole bh) {
    switch (what) {
      case 0 -> bh.consume(TwoLayerNetwork.loss(w1, b1, w2, b2, x, label));
      case 1 -> {
        adjoint.reset();
        bh.consume(TwoLayerNetwork_Grad.lossVjp(w1, b1, w2, b2, x, label, 1.0, adjoint));
        bh.consume(adjoint);
      }
      default -> {
        for (double[] row : w1Bar) {
          Arrays.fill(row, 0.0);
        }
        Arrays.fill(b1Bar, 0.0);
        Arrays.fill(w2Bar, 0.0);
        b2Bar[0] = 0;
        bh.consume(NetworkPeers.byHand(w1, b1, w2, b2, x, label, w1Bar, b1Bar, w2Bar, b2Bar));
        bh.consume(w1Bar);
      }
    }
  }
}
