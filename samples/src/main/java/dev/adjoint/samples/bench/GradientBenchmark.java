/*
 * Run from the repository root (builds what is needed, then runs JMH in a forked JVM; about a minute):
 *
 *   mvn -q -pl samples -am process-classes -Pbench
 *
 * JMH options go in -Dbench.args (default "-f 1 -wi 5 -i 5 -w 1s -r 1s"), e.g. a quicker check:
 *
 *   mvn -q -pl samples -am process-classes -Pbench -Dbench.args="-f 1 -wi 2 -i 3 -w 1s -r 1s"
 *
 * (-Dbench.args=-h lists JMH's options.) The benchmarks run only in the `bench` profile of
 * samples/pom.xml, so `mvn verify` compiles them but never runs them.
 */
package dev.adjoint.samples.bench;

import dev.adjoint.samples.LogisticRegression;
import dev.adjoint.samples.LogisticRegression_Grad;
import dev.adjoint.samples.LogisticRegression_Grad.LossAdjoint;
import dev.adjoint.samples.SigmoidNeuron;
import dev.adjoint.samples.SigmoidNeuron_Grad;
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
 * Cost of the gradient of one example's loss ({@link LogisticRegression#loss}) relative to the
 * loss itself, measured in the same run:
 *
 * <ul>
 *   <li>{@link #primal}: the plain method;
 *   <li>{@link #gradientRecord}: the generated {@code LogisticRegression_Grad.loss}, which returns
 *       a {@code LossGradient} record;
 *   <li>{@link #gradientVjp}: the generated allocation-free {@code lossVjp}, accumulating into a
 *       reused adjoint as a training loop does.
 * </ul>
 *
 * <p>{@link #neuronPrimal} and {@link #neuronVjp} do the same for {@link SigmoidNeuron#loss}, whose
 * gradient goes through a call to another {@code @Differentiable} method (the sigmoid). Add
 * {@code -prof gc} to {@code bench.args} to see allocations per operation.
 *
 * <p>The ratio gradient/primal is {@code gradientVjp / primal} (or {@code gradientRecord /
 * primal}) of the reported average times. Inputs are non-final fields of a {@link State} object
 * set in {@link Setup}, so the JIT cannot constant-fold them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GradientBenchmark {
  double w1;
  double w2;
  double b;
  double x1;
  double x2;
  int label;
  double t;
  LossAdjoint adjoint;
  SigmoidNeuron_Grad.LossAdjoint neuronAdjoint;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(12345);
    w1 = random.nextGaussian();
    w2 = random.nextGaussian();
    b = random.nextGaussian();
    x1 = random.nextGaussian();
    x2 = random.nextGaussian();
    label = random.nextInt(2);
    t = random.nextDouble();
    adjoint = new LossAdjoint();
    neuronAdjoint = new SigmoidNeuron_Grad.LossAdjoint();
  }

  @Benchmark
  public void primal(Blackhole bh) {
    bh.consume(LogisticRegression.loss(w1, w2, b, x1, x2, label));
  }

  @Benchmark
  public void gradientRecord(Blackhole bh) {
    bh.consume(LogisticRegression_Grad.loss(w1, w2, b, x1, x2, label));
  }

  @Benchmark
  public void gradientVjp(Blackhole bh) {
    // The adjoint is reachable from the state, so its accumulating stores cannot be removed.
    bh.consume(LogisticRegression_Grad.lossVjp(w1, w2, b, x1, x2, label, 1.0, adjoint));
  }

  @Benchmark
  public void neuronPrimal(Blackhole bh) {
    bh.consume(SigmoidNeuron.loss(w1, b, x1, t));
  }

  @Benchmark
  public void neuronVjp(Blackhole bh) {
    bh.consume(SigmoidNeuron_Grad.lossVjp(w1, b, x1, t, 1.0, neuronAdjoint));
  }
}
