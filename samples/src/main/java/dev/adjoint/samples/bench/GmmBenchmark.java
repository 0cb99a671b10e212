/*
 * Run from the repository root (builds what is needed, then runs JMH in forked JVMs; a few
 * minutes):
 *
 *   mvn -q -pl samples -am process-classes -Pbench \
 *       -Dbench.args="GmmBenchmark -e GradientBenchmark -f 2 -wi 5 -i 8 -w 1s -r 1s"
 *
 * (The profile always passes the package, which selects every benchmark; -e GradientBenchmark
 * leaves the other one out.) The ratio gradient/objective of an input is the ratio of the average
 * times reported for the same `file`, measure `gradient` (or `byHand`) over `objective`. Add
 * -prof gc to see the bytes allocated per call.
 */
package dev.adjoint.samples.bench;

import dev.adjoint.samples.Gmm;
import dev.adjoint.samples.GmmInput;
import dev.adjoint.samples.Gmm_Grad;
import dev.adjoint.samples.Gmm_Grad.ObjectiveAdjoint;
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
 * ADBench's GMM objective ({@link Gmm#objective}) against its generated gradient, on ADBench's
 * inputs of 1000 points with {@code d} dimensions and {@code K} components, measured in the same
 * run. {@code measure} selects what one call of {@link #run} does:
 *
 * <ul>
 *   <li>{@code objective}: the plain method;
 *   <li>{@code gradient}: the generated {@code objectiveVjp} with seed 1, into one reused {@link
 *       ObjectiveAdjoint} that is {@code reset()} before each call, as an optimiser's loop would
 *       use it;
 *   <li>{@code byHand}: {@link GmmByHand}, a hand-written gradient, into arrays zeroed before
 *       each call: the yardstick.
 * </ul>
 *
 * <p>One benchmark method with the two as a parameter, rather than two methods, because JMH runs
 * a method for every input before the next method: the two measurements of one input would be
 * minutes apart, and these machines change speed by a third in minutes. As a parameter, they run
 * one after the other (each in forks of its own, so neither JIT profile sees the other).
 *
 * <p>ADBench's 2015 runs report gradient/objective ratios of 1.9 (d2K5) to 7.2 (d64K200) for
 * hand-written C++ and 3.7 to 15.5 for Tapenade.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GmmBenchmark {
  @Param({"gmm_d2_K5", "gmm_d10_K25", "gmm_d32_K100"})
  public String file;

  @Param({"objective", "gradient", "byHand"})
  public String measure;

  private int what;

  double[] alphas;
  double[] means;
  double[] icf;
  double[] x;
  int d;
  int k;
  int n;
  double gamma;
  int m;
  double logGammaDistrib;
  ObjectiveAdjoint adjoint;
  double[] alphasBar;
  double[] meansBar;
  double[] icfBar;

  @Setup(Level.Trial)
  public void setUp() {
    GmmInput in = GmmInput.load(file);
    alphas = in.alphas();
    means = in.means();
    icf = in.icf();
    x = in.x();
    d = in.d();
    k = in.k();
    n = in.n();
    gamma = in.gamma();
    m = in.m();
    logGammaDistrib = in.logGammaDistrib();
    adjoint = new ObjectiveAdjoint();
    alphasBar = new double[alphas.length];
    meansBar = new double[means.length];
    icfBar = new double[icf.length];
    what = switch (measure) {
      case "objective" -> OBJECTIVE;
      case "gradient" -> GRADIENT;
      case "byHand" -> BY_HAND;
      default -> throw new IllegalArgumentException(
          "measure: objective, gradient or byHand, not " + measure);
    };
  }

  private static final int OBJECTIVE = 0;
  private static final int GRADIENT = 1;
  private static final int BY_HAND = 2;

  @Benchmark
  public void run(Blackhole bh) {
    if (what == GRADIENT) {
      adjoint.reset();
      bh.consume(
          Gmm_Grad.objectiveVjp(
              alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib, 1.0, adjoint));
      bh.consume(adjoint);
    } else if (what == BY_HAND) {
      java.util.Arrays.fill(alphasBar, 0.0);
      java.util.Arrays.fill(meansBar, 0.0);
      java.util.Arrays.fill(icfBar, 0.0);
      bh.consume(
          GmmByHand.gradient(alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib,
              alphasBar, meansBar, icfBar));
      bh.consume(icfBar);
    } else {
      bh.consume(Gmm.objective(alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib));
    }
  }
}
