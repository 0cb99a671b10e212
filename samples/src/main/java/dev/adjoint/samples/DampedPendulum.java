package dev.adjoint.samples;

import dev.adjoint.CheckpointedLoop;
import dev.adjoint.Differentiable;

/**
 * A damped pendulum, theta'' = -damping theta' - (g / length) sin(theta), integrated with the
 * classical Runge-Kutta method for {@code steps} steps of {@code h}; the loss is the final energy.
 * Its gradient with respect to the initial state and the parameters, over a million steps, is a
 * job for checkpointing: reversing the loop as written keeps eight doubles an iteration on the
 * tape (64 MB for a million steps); {@link #finalEnergy} reverses it by binomial checkpointing
 * from 100 copies of the state (theta, omega, the step counter), recomputing each step about
 * three times, and runs in a JVM started with {@code -Xmx64m} ({@link #main}; the test proves it).
 */
public final class DampedPendulum {
  private DampedPendulum() {}

  static final double G = 9.81;

  @Differentiable
  @CheckpointedLoop(value = "time", snapshots = 100)
  public static double finalEnergy(double theta0, double omega0, double damping, double length, double h,
      int steps) {
    double theta = theta0;
    double omega = omega0;
    double w = G / length;
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
    return 0.5 * length * length * omega * omega + G * length * (1 - Math.cos(theta));
  }

  /** The same, its loop reversed as written: every iteration's values on the tape. */
  @Differentiable
  public static double finalEnergyTaped(double theta0, double omega0, double damping, double length, double h,
      int steps) {
    double theta = theta0;
    double omega = omega0;
    double w = G / length;
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
    return 0.5 * length * length * omega * omega + G * length * (1 - Math.cos(theta));
  }

  /**
   * {@code java -Xmx64m -cp ... dev.adjoint.samples.DampedPendulum [steps] [taped]}: the gradient
   * over {@code steps} (a million by default) steps of 10 microseconds, checkpointed, or with
   * {@code taped} reversed as written (which needs more than 64 MB).
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean taped = args.length > 1 && args[1].equals("taped");
    long start = System.nanoTime();
    Object g = taped ? DampedPendulum_Grad.finalEnergyTaped(0.8, 0.0, 0.05, 1.0, 1e-5, steps)
        : DampedPendulum_Grad.finalEnergy(0.8, 0.0, 0.05, 1.0, 1e-5, steps);
    System.out.printf("%d steps, %s: %s in %.0f ms, heap at most %d MB%n", steps,
        taped ? "taped" : "checkpointed (100 snapshots)", g, (System.nanoTime() - start) / 1e6,
        Runtime.getRuntime().maxMemory() >> 20);
  }
}
