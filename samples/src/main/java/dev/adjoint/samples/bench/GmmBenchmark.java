package dev.adjoint.samples.bench;

import dev.adjoint.samples.Gmm;
import dev.adjoint.samples.GmmInput;
import dev.adjoint.samples.Gmm_Grad;
import dev.adjoint.samples.Gmm_Grad.ObjectiveAdjoint;
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
 * ADBench's GMM objective ({@link Gmm#objective}) against its generated gradient, on all of
 * ADBench's inputs of 1000 points with {@code d} dimensions and {@code K} components and on its
 * 10,000-point d2K5, measured in the same run. {@code measure} selects what one call of {@link
 * #run} does:
 *
 * <ul>
 *   <li>{@code objective}: the plain method;
 *   <li>{@code adjoint}: the generated {@code objectiveVjp} with seed 1, into one reused {@link
 *       ObjectiveAdjoint} that is {@code reset()} before each call, as an optimiser's loop would
 *       use it;
 *   <li>{@code byHand}: {@link GmmByHand}, a hand-written gradient, into arrays zeroed before
 *       each call: the yardstick;
 *   <li>{@code jvp}: the generated allocation-free {@code objectiveJvp} along a fixed direction;
 *   <li>{@code hvp}: the generated allocation-free {@code objectiveHvp} along it, into two reused
 *       adjoints.
 * </ul>
 *
 * <p>One benchmark method with the measures as a parameter, rather than two methods, because JMH runs
 * a method for every input before the next method: the measurements of one input would be
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
  @Param({"gmm_d2_K5", "gmm_d10_K5", "gmm_d10_K25", "gmm_d32_K100", "gmm_d64_K50", "10k/gmm_d2_K5"})
  public String file;

  @Param({"objective", "adjoint", "byHand", "jvp", "hvp"})
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
    what = Measure.index(MEASURES, measure);
    Random random = new Random(2026);
    alphasDot = direction(alphas.length, random);
    meansDot = direction(means.length, random);
    icfDot = direction(icf.length, random);
    product = new ObjectiveAdjoint();
  }

  private static final List<String> MEASURES = List.of("objective", "adjoint", "byHand", "jvp", "hvp");
  private static final int OBJECTIVE = 0;
  private static final int GRADIENT = 1;
  private static final int BY_HAND = 2;
  private static final int JVP = 3;

  double[] alphasDot;
  double[] meansDot;
  double[] icfDot;
  ObjectiveAdjoint product;
  final double[] tangent = new double[1];

  private static double[] direction(int n, Random random) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() - 0.5;
    }
    return v;
  }

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
    } else if (what == OBJECTIVE) {
      bh.consume(Gmm.objective(alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib));
    } else if (what == JVP) {
      bh.consume(Gmm_Grad.objectiveJvp(alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib,
          alphasDot, meansDot, icfDot, tangent));
      bh.consume(tangent[0]);
    } else {
      adjoint.reset();
      product.reset();
      bh.consume(Gmm_Grad.objectiveHvp(alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib,
          alphasDot, meansDot, icfDot, adjoint, product));
      bh.consume(product);
    }
  }
}
