/*
 * Run from the repository root (rm -rf samples/target first after changing the processor):
 *
 *   mvn -q -pl samples -am process-classes -Pbench \
 *       -Dbench.args="SecondOrderBenchmark -f 2 -wi 5 -i 5 -w 1s -r 1s"
 *
 * The ratio of a measure to the primal is the ratio of the average times reported for the same
 * `problem`, measure over `primal`.
 */
package dev.adjoint.samples.bench;

import dev.adjoint.samples.Gmm;
import dev.adjoint.samples.GmmInput;
import dev.adjoint.samples.Gmm_Grad;
import dev.adjoint.samples.Rosenbrock;
import dev.adjoint.samples.Rosenbrock_Grad;
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
 * Forward mode and second order against the primal, in the same run: the extended Rosenbrock
 * function in 1,000 variables ({@link Rosenbrock#value}) and ADBench's GMM objective on d2K5
 * ({@link Gmm#objective}). {@code measure} selects what one call of {@link #run} does: the
 * {@code primal}; the {@code gradient} ({@code mVjp} with seed 1 into a reused adjoint); a
 * {@code jvp} ({@code mJvp} along a fixed direction); an {@code hvp} ({@code mHvp} along it:
 * the gradient and the Hessian times the direction); and the allocation-free entries, {@code
 * jvpInto} ({@code mJvp(..., double[] tangent)}) and {@code hvpInto} ({@code mHvp(..., gradient,
 * hvp)} into two reused adjoint objects). One benchmark method with the measures as a
 * parameter, as in {@link GmmBenchmark}, so the measures of one problem run one after the other.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SecondOrderBenchmark {
  @Param({"rosenbrock1000", "gmm_d2_K5"})
  public String problem;

  @Param({"primal", "gradient", "jvp", "hvp", "jvpInto", "hvpInto"})
  public String measure;

  private boolean gmm;
  private int what;
  double[] x;
  double[] xDot;
  Rosenbrock_Grad.ValueAdjoint rosenbrockAdjoint;
  GmmInput in;
  double[] alphasDot;
  double[] meansDot;
  double[] icfDot;
  Gmm_Grad.ObjectiveAdjoint gmmAdjoint;
  Gmm_Grad.ObjectiveAdjoint gmmProduct;
  Rosenbrock_Grad.ValueAdjoint rosenbrockProduct;
  final double[] tangent = new double[1];

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(2026);
    gmm = problem.startsWith("gmm");
    if (gmm) {
      in = GmmInput.load(problem);
      alphasDot = direction(in.alphas().length, random);
      meansDot = direction(in.means().length, random);
      icfDot = direction(in.icf().length, random);
      gmmAdjoint = new Gmm_Grad.ObjectiveAdjoint();
      gmmProduct = new Gmm_Grad.ObjectiveAdjoint();
    } else {
      x = Rosenbrock.start(Integer.parseInt(problem.substring("rosenbrock".length())));
      xDot = direction(x.length, random);
      rosenbrockAdjoint = new Rosenbrock_Grad.ValueAdjoint();
      rosenbrockProduct = new Rosenbrock_Grad.ValueAdjoint();
    }
    what = Measure.index(java.util.List.of("primal", "gradient", "jvp", "hvp", "jvpInto", "hvpInto"), measure);
  }

  private static double[] direction(int n, Random random) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextDouble() - 0.5;
    }
    return d;
  }

  @Benchmark
  public void run(Blackhole bh) {
    if (gmm) {
      runGmm(bh);
      return;
    }
    switch (what) {
      case 0 -> bh.consume(Rosenbrock.value(x));
      case 1 -> {
        rosenbrockAdjoint.reset();
        bh.consume(Rosenbrock_Grad.valueVjp(x, 1.0, rosenbrockAdjoint));
        bh.consume(rosenbrockAdjoint);
      }
      case 2 -> bh.consume(Rosenbrock_Grad.valueJvp(x, xDot));
      case 3 -> bh.consume(Rosenbrock_Grad.valueHvp(x, xDot));
      case 4 -> {
        bh.consume(Rosenbrock_Grad.valueJvp(x, xDot, tangent));
        bh.consume(tangent[0]);
      }
      default -> {
        rosenbrockAdjoint.reset();
        rosenbrockProduct.reset();
        bh.consume(Rosenbrock_Grad.valueHvp(x, xDot, rosenbrockAdjoint, rosenbrockProduct));
        bh.consume(rosenbrockProduct);
      }
    }
  }

  private void runGmm(Blackhole bh) {
    switch (what) {
      case 0 -> bh.consume(Gmm.objective(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
          in.gamma(), in.m(), in.logGammaDistrib()));
      case 1 -> {
        gmmAdjoint.reset();
        bh.consume(Gmm_Grad.objectiveVjp(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
            in.gamma(), in.m(), in.logGammaDistrib(), 1.0, gmmAdjoint));
        bh.consume(gmmAdjoint);
      }
      case 2 -> bh.consume(Gmm_Grad.objectiveJvp(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
          in.gamma(), in.m(), in.logGammaDistrib(), alphasDot, meansDot, icfDot));
      case 3 -> bh.consume(Gmm_Grad.objectiveHvp(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
          in.gamma(), in.m(), in.logGammaDistrib(), alphasDot, meansDot, icfDot));
      case 4 -> {
        bh.consume(Gmm_Grad.objectiveJvp(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
            in.gamma(), in.m(), in.logGammaDistrib(), alphasDot, meansDot, icfDot, tangent));
        bh.consume(tangent[0]);
      }
      default -> {
        gmmAdjoint.reset();
        gmmProduct.reset();
        bh.consume(Gmm_Grad.objectiveHvp(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
            in.gamma(), in.m(), in.logGammaDistrib(), alphasDot, meansDot, icfDot, gmmAdjoint, gmmProduct));
        bh.consume(gmmProduct);
      }
    }
  }
}
