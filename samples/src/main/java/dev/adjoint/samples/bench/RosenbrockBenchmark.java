package dev.adjoint.samples.bench;

import dev.adjoint.samples.Rosenbrock;
import dev.adjoint.samples.Rosenbrock_Grad;
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
 * The extended Rosenbrock function ({@link Rosenbrock#value}), a plain loop over a {@code
 * double[]}, from 10 to 1,000,000 variables. {@code measure} selects what one call of {@link #run}
 * does:
 *
 * <ul>
 *   <li>{@code objective}: the plain method;
 *   <li>{@code adjoint}: the generated allocation-free {@code valueVjp} with seed 1 into a reused
 *       adjoint, {@code reset()} before each call as an optimiser's loop does;
 *   <li>{@code byHand}: {@link RosenbrockPeers#byHand} into a reused array zeroed before each call;
 *   <li>{@code hipparchus}: {@link RosenbrockPeers#hipparchus}, up to n = 10,000 only (its cost
 *       grows as n²: a second per call at n = 10,000, hours at n = 1,000,000);
 *   <li>{@code jvp}: the generated allocation-free {@code valueJvp} along a fixed direction;
 *   <li>{@code hvp}: the generated allocation-free {@code valueHvp} along it (gradient and
 *       Hessian-vector product into two reused adjoints).
 * </ul>
 *
 * <p>One benchmark method with the measures as a parameter, so the measures of one size run one
 * after the other, each in a fork of its own (these machines change speed over minutes).
 * {@code bench/suite} runs it with the rest of the suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RosenbrockBenchmark {
  @Param({"10", "100", "1000", "10000", "100000", "1000000"})
  public int n;

  @Param({"objective", "adjoint", "byHand", "hipparchus", "jvp", "hvp"})
  public String measure;

  private static final List<String> MEASURES =
      List.of("objective", "adjoint", "byHand", "hipparchus", "jvp", "hvp");
  static final int HIPPARCHUS_MAX_N = 10_000;

  private int what;
  double[] x;
  double[] xDot;
  double[] xBar;
  Rosenbrock_Grad.ValueAdjoint adjoint;
  Rosenbrock_Grad.ValueAdjoint product;
  final double[] tangent = new double[1];

  @Setup(Level.Trial)
  public void setUp() {
    what = Measure.index(MEASURES, measure);
    if (measure.equals("hipparchus") && n > HIPPARCHUS_MAX_N) {
      throw new IllegalArgumentException(
          "hipparchus is measured up to n = " + HIPPARCHUS_MAX_N + " (its cost grows as n²)");
    }
    x = Rosenbrock.start(n);
    Random random = new Random(2026);
    xDot = new double[n];
    for (int i = 0; i < n; i++) {
      xDot[i] = random.nextDouble() - 0.5;
    }
    xBar = new double[n];
    adjoint = new Rosenbrock_Grad.ValueAdjoint();
    product = new Rosenbrock_Grad.ValueAdjoint();
  }

  @Benchmark
  public void run(Blackhole bh) {
    switch (what) {
      case 0 -> bh.consume(Rosenbrock.value(x));
      case 1 -> {
        adjoint.reset();
        bh.consume(Rosenbrock_Grad.valueVjp(x, 1.0, adjoint));
        bh.consume(adjoint);
      }
      case 2 -> {
        Arrays.fill(xBar, 0.0);
        bh.consume(RosenbrockPeers.byHand(x, xBar));
        bh.consume(xBar);
      }
      case 3 -> bh.consume(RosenbrockPeers.hipparchus(x));
      case 4 -> {
        bh.consume(Rosenbrock_Grad.valueJvp(x, xDot, tangent));
        bh.consume(tangent[0]);
      }
      default -> {
        adjoint.reset();
        product.reset();
        bh.consume(Rosenbrock_Grad.valueHvp(x, xDot, adjoint, product));
        bh.consume(product);
      }
    }
  }
}
