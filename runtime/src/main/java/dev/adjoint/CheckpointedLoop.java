package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reverses the loop labelled {@link #value} of this {@code @Differentiable} method by binomial
 * checkpointing ({@link dev.adjoint.runtime.Revolve}): the forward sweep runs the loop as written
 * and keeps only its state at entry; the reverse sweep recomputes the iterations from at most
 * {@link #snapshots} copies of the loop's state, recording one iteration at a time. Memory falls
 * from one tape entry per value an iteration keeps, times the iterations, to {@code snapshots}
 * copies of the state plus one iteration's tape, for a few more runs of each iteration (about
 * {@code r} for {@code C(snapshots + r, r)} iterations).
 *
 * <pre>{@code
 * @Differentiable
 * @CheckpointedLoop(value = "time", snapshots = 100)
 * static double simulate(double x0, double v0, double k, int steps) {
 *   double x = x0, v = v0;
 *   time:
 *   for (int t = 0; t < steps; t++) { ... one RK4 step of (x, v) ... }
 *   return x * x;
 * }
 * }</pre>
 *
 * <p>The loop's state is every variable declared outside it that it assigns (scalars) or writes
 * into (arrays, copied whole). The loop must not be inside another loop.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface CheckpointedLoop {
  /** The label of the loop. */
  String value();

  /**
   * The most copies of the loop's state held at once, its entry state included; 0 (the default)
   * for the square root of the number of iterations, rounded up (at least 2), which recomputes
   * each iteration at most about twice.
   */
  int snapshots() default 0;
}
