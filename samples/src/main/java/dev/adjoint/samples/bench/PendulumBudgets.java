package dev.adjoint.samples.bench;

import dev.adjoint.CheckpointedLoop;
import dev.adjoint.Differentiable;

/**
 * {@link dev.adjoint.samples.DampedPendulum}'s loop with three snapshot budgets (an annotation's
 * budget is a constant, so one method each) and reversed as written, for {@link
 * CheckpointBenchmark} and {@link CheckpointMemory}.
 */
public final class PendulumBudgets {
  private PendulumBudgets() {}

  @Differentiable
  @CheckpointedLoop(value = "time", snapshots = 10)
  public static double snapshots10(double theta0, double omega0, double damping, double length, double h, int steps) {
    double theta = theta0;
    double omega = omega0;
    double w = 9.81 / length;
    time:
    for (int t = 0; t < steps; t++) {
      double k1t = omega;
      double k1o = -damping * omega - w * Math.sin(theta);
      double k2t = omega + 0.5 * h * k1o;
      double k2o = -damping * k2t - w * Math.sin(theta + 0.5 * h * k1t);
      double k3t = omega + 0.5 * h * k2o;
      double k3o = -damping * k3t - w * Math.sin(theta + 0.5 * h * k2t);
      double k4t = omega + h * k3o;
      double k4o = -damping * k4t - w * Math.sin(theta + h * k3t);
      theta = theta + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
      omega = omega + h / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
    }
    return 0.5 * length * length * omega * omega + 9.81 * length * (1 - Math.cos(theta));
  }

  @Differentiable
  @CheckpointedLoop(value = "time", snapshots = 100)
  public static double snapshots100(double theta0, double omega0, double damping, double length, double h, int steps) {
    double theta = theta0;
    double omega = omega0;
    double w = 9.81 / length;
    time:
    for (int t = 0; t < steps; t++) {
      double k1t = omega;
      double k1o = -damping * omega - w * Math.sin(theta);
      double k2t = omega + 0.5 * h * k1o;
      double k2o = -damping * k2t - w * Math.sin(theta + 0.5 * h * k1t);
      double k3t = omega + 0.5 * h * k2o;
      double k3o = -damping * k3t - w * Math.sin(theta + 0.5 * h * k2t);
      double k4t = omega + h * k3o;
      double k4o = -damping * k4t - w * Math.sin(theta + h * k3t);
      theta = theta + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
      omega = omega + h / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
    }
    return 0.5 * length * length * omega * omega + 9.81 * length * (1 - Math.cos(theta));
  }

  @Differentiable
  @CheckpointedLoop(value = "time", snapshots = 1000)
  public static double snapshots1000(double theta0, double omega0, double damping, double length, double h, int steps) {
    double theta = theta0;
    double omega = omega0;
    double w = 9.81 / length;
    time:
    for (int t = 0; t < steps; t++) {
      double k1t = omega;
      double k1o = -damping * omega - w * Math.sin(theta);
      double k2t = omega + 0.5 * h * k1o;
      double k2o = -damping * k2t - w * Math.sin(theta + 0.5 * h * k1t);
      double k3t = omega + 0.5 * h * k2o;
      double k3o = -damping * k3t - w * Math.sin(theta + 0.5 * h * k2t);
      double k4t = omega + h * k3o;
      double k4o = -damping * k4t - w * Math.sin(theta + h * k3t);
      theta = theta + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
      omega = omega + h / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
    }
    return 0.5 * length * length * omega * omega + 9.81 * length * (1 - Math.cos(theta));
  }

  @Differentiable
  public static double taped(double theta0, double omega0, double damping, double length, double h, int steps) {
    double theta = theta0;
    double omega = omega0;
    double w = 9.81 / length;
    for (int t = 0; t < steps; t++) {
      double k1t = omega;
      double k1o = -damping * omega - w * Math.sin(theta);
      double k2t = omega + 0.5 * h * k1o;
      double k2o = -damping * k2t - w * Math.sin(theta + 0.5 * h * k1t);
      double k3t = omega + 0.5 * h * k2o;
      double k3o = -damping * k3t - w * Math.sin(theta + 0.5 * h * k2t);
      double k4t = omega + h * k3o;
      double k4o = -damping * k4t - w * Math.sin(theta + h * k3t);
      theta = theta + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
      omega = omega + h / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
    }
    return 0.5 * length * length * omega * omega + 9.81 * length * (1 - Math.cos(theta));
  }
}
