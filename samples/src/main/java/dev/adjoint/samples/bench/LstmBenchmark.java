/*
 * Run from the repository root (builds what is needed, then runs JMH in forked JVMs):
 *
 *   mvn -q -pl samples -am process-classes -Pbench \
 *       -Dbench.args="LstmBenchmark -e GmmBenchmark -e GradientBenchmark -e SecondOrderBenchmark \
 *           -e JacobianBenchmark -e LongMethodBenchmark -f 2 -wi 5 -i 8 -w 1s -r 1s -prof gc"
 *
 * (The profile always passes the package, which selects every benchmark; the -e options leave the
 * others out.) The ratio gradient/objective is the ratio of the average times reported for measure
 * `adjoint` (or `byHand`, `hipparchus`) over `objective`.
 */
package dev.adjoint.samples.bench;

import dev.adjoint.samples.Lstm;
import dev.adjoint.samples.LstmCopies;
import dev.adjoint.samples.LstmCopies_Grad;
import dev.adjoint.samples.LstmInput;
import dev.adjoint.samples.Lstm_Grad;
import dev.adjoint.samples.Lstm_Grad.ObjectiveAdjoint;
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
 * ADBench's LSTM objective ({@link Lstm#objective}) against three gradients of it, on ADBench's
 * input of 2 layers and 1024 characters of 14 bits (266 parameters), measured in the same run.
 * {@code measure} selects what one call of {@link #run} does:
 *
 * <ul>
 *   <li>{@code objective}: the plain method;
 *   <li>{@code adjoint}: the generated {@code objectiveVjp} with seed 1, into one reused {@link
 *       ObjectiveAdjoint} that is {@code reset()} before each call, as an optimiser's loop would
 *       use it;
 *   <li>{@code byHand}: {@link LstmByHand}, a hand-written reverse-mode gradient, with one reused
 *       workspace, into arrays zeroed before each call: the yardstick;
 *   <li>{@code hipparchus}: {@link LstmHipparchus}, the objective over Hipparchus's forward-mode
 *       {@code Gradient} with 266 free parameters: the peer;
 *   <li>{@code copiesObjective}, {@code copiesAdjoint}: the same for {@link LstmCopies}, the
 *       objective written with {@code clone()}, {@code System.arraycopy} and {@code Arrays.fill},
 *       whose gradient should cost what {@code Lstm}'s does.
 * </ul>
 *
 * <p>One benchmark method with the measures as a parameter, as in {@link GmmBenchmark}, so that
 * the measurements of one input run one after the other, each in forks of its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LstmBenchmark {
  @Param({"lstm_l2_c1024"})
  public String file;

  @Param({"objective", "adjoint", "byHand", "hipparchus", "copiesObjective", "copiesAdjoint"})
  public String measure;

  private int what;

  double[] mainParams;
  double[] extraParams;
  double[] state;
  double[] sequence;
  int l;
  int c;
  int b;
  ObjectiveAdjoint adjoint;
  LstmCopies_Grad.ObjectiveAdjoint copiesAdjoint;
  LstmByHand byHand;
  double[] mainBar;
  double[] extraBar;

  @Setup(Level.Trial)
  public void setUp() {
    LstmInput in = LstmInput.load(file);
    mainParams = in.mainParams();
    extraParams = in.extraParams();
    state = in.state();
    sequence = in.sequence();
    l = in.l();
    c = in.c();
    b = in.b();
    adjoint = new ObjectiveAdjoint();
    copiesAdjoint = new LstmCopies_Grad.ObjectiveAdjoint();
    byHand = new LstmByHand(l, c, b);
    mainBar = new double[mainParams.length];
    extraBar = new double[extraParams.length];
    what = switch (measure) {
      case "objective" -> OBJECTIVE;
      case "adjoint" -> ADJOINT;
      case "byHand" -> BY_HAND;
      case "hipparchus" -> HIPPARCHUS;
      case "copiesObjective" -> COPIES_OBJECTIVE;
      case "copiesAdjoint" -> COPIES_ADJOINT;
      default -> throw new IllegalArgumentException(
          "measure: objective, adjoint, byHand, hipparchus, copiesObjective or copiesAdjoint, not " + measure);
    };
  }

  private static final int OBJECTIVE = 0;
  private static final int ADJOINT = 1;
  private static final int BY_HAND = 2;
  private static final int HIPPARCHUS = 3;
  private static final int COPIES_OBJECTIVE = 4;
  private static final int COPIES_ADJOINT = 5;

  @Benchmark
  public void run(Blackhole bh) {
    if (what == ADJOINT) {
      adjoint.reset();
      bh.consume(
          Lstm_Grad.objectiveVjp(mainParams, extraParams, state, sequence, l, c, b, 1.0, adjoint));
      bh.consume(adjoint);
    } else if (what == BY_HAND) {
      java.util.Arrays.fill(mainBar, 0.0);
      java.util.Arrays.fill(extraBar, 0.0);
      bh.consume(byHand.gradient(mainParams, extraParams, state, sequence, mainBar, extraBar));
      bh.consume(mainBar);
      bh.consume(extraBar);
    } else if (what == COPIES_ADJOINT) {
      copiesAdjoint.reset();
      bh.consume(LstmCopies_Grad.objectiveVjp(mainParams, extraParams, state, sequence, l, c, b, 1.0,
          copiesAdjoint));
      bh.consume(copiesAdjoint);
    } else if (what == COPIES_OBJECTIVE) {
      bh.consume(LstmCopies.objective(mainParams, extraParams, state, sequence, l, c, b));
    } else if (what == HIPPARCHUS) {
      bh.consume(LstmHipparchus.objective(mainParams, extraParams, state, sequence, l, c, b));
    } else {
      bh.consume(Lstm.objective(mainParams, extraParams, state, sequence, l, c, b));
    }
  }
}
