package golden;

import dev.adjoint.Checkpointed;
import dev.adjoint.CheckpointedLoop;
import dev.adjoint.Differentiable;

/** Memory traded for recomputation: a loop reversed by binomial checkpointing, a checkpointed call. */
final class Checkpoints {
  // Explicit Euler steps of x' = -k x^3: the loop's state is x (and the counter).
  @Differentiable
  @CheckpointedLoop(value = "time", snapshots = 10)
  static double decay(double x, double k, int steps) {
    double h = 0.01;
    time:
    for (int t = 0; t < steps; t++) {
      double rate = k * x * x * x;
      x = x - h * rate;
    }
    return x * x;
  }

  @Checkpointed
  static double flow(double x, double k) {
    for (int i = 0; i < 10; i++) {
      x = x - 0.1 * k * Math.sin(x);
    }
    return x;
  }

  // Each call of flow runs joint: its tape lives during its call's reverse only.
  @Differentiable
  static double flows(double x, double k, int steps) {
    for (int t = 0; t < steps; t++) {
      x = flow(x, k) + 0.01 * x;
    }
    return x;
  }
}
