package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.TapeUsage;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loops reversed by binomial checkpointing ({@code @CheckpointedLoop}): each method has a twin
 * without the annotation, and the two give the same value bit for bit and the same gradient (the
 * recomputed iterations are the same arithmetic), which matches central differences, with a peak
 * tape that no longer grows with the number of iterations. Counted loops of scalars (a damped
 * pendulum by RK4) for every snapshot budget from one to more than the iterations; a while loop on
 * a double with an array state, a branch, an inner loop and a helper writing into the array; a
 * loop left by break; a loop inside a branch; a checkpointed call inside a checkpointed loop.
 */
class CheckpointedLoopsTest {
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Checkpointed;
      import dev.adjoint.CheckpointedLoop;
      import dev.adjoint.Differentiable;

      final class Sims {
        // One RK4 step of theta'' = -damping theta' - sin(theta), written out.
        @Differentiable
        @CheckpointedLoop(value = "time", snapshots = 3)
        static double swing(double theta0, double omega0, double damping, int steps) {
          double theta = theta0;
          double omega = omega0;
          double h = 0.05;
          time:
          for (int t = 0; t < steps; t++) {
            double k1t = omega;
            double k1o = -damping * omega - Math.sin(theta);
            double k2t = omega + 0.5 * h * k1o;
            double k2o = -damping * (omega + 0.5 * h * k1o) - Math.sin(theta + 0.5 * h * k1t);
            double k3t = omega + 0.5 * h * k2o;
            double k3o = -damping * (omega + 0.5 * h * k2o) - Math.sin(theta + 0.5 * h * k2t);
            double k4t = omega + h * k3o;
            double k4o = -damping * (omega + h * k3o) - Math.sin(theta + h * k3t);
            theta = theta + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
            omega = omega + h / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
          }
          return theta * theta + 0.5 * omega * omega;
        }

        @Differentiable
        @CheckpointedLoop("time")
        static double swingDefault(double theta0, double omega0, double damping, int steps) {
          double theta = theta0;
          double omega = omega0;
          double h = 0.05;
          time:
          for (int t = 0; t < steps; t++) {
            double a = -damping * omega - Math.sin(theta);
            theta = theta + h * omega;
            omega = omega + h * a;
          }
          return theta * theta + 0.5 * omega * omega;
        }

        @Differentiable
        @CheckpointedLoop(value = "time", snapshots = 1)
        static double swingOne(double theta0, double omega0, double damping, int steps) {
          double theta = theta0;
          double omega = omega0;
          double h = 0.05;
          time:
          for (int t = 0; t < steps; t++) {
            double a = -damping * omega - Math.sin(theta);
            theta = theta + h * omega;
            omega = omega + h * a;
          }
          return theta * theta + 0.5 * omega * omega;
        }

        @Differentiable
        static double swingPlain(double theta0, double omega0, double damping, int steps) {
          double theta = theta0;
          double omega = omega0;
          double h = 0.05;
          for (int t = 0; t < steps; t++) {
            double a = -damping * omega - Math.sin(theta);
            theta = theta + h * omega;
            omega = omega + h * a;
          }
          return theta * theta + 0.5 * omega * omega;
        }

        // Smooths u in place: a helper writing into the loop's array state.
        static void smooth(double[] u, double k) {
          for (int i = 1; i < u.length - 1; i++) {
            u[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]);
          }
        }

        // A while loop on a double, an array state, a branch, an inner loop, a helper, a sum.
        @Differentiable
        @CheckpointedLoop(value = "march", snapshots = 4)
        static double march(double[] u, double k, double end) {
          double time = 0;
          double energy = 0;
          march:
          while (time < end) {
            if (u[1] > 0) {
              u[1] = u[1] * (1 - 0.1 * k);
            } else {
              u[1] = u[1] + 0.05 * Math.sin(u[2]);
            }
            smooth(u, k);
            for (int i = 0; i < u.length; i++) {
              energy += u[i] * u[i] * 0.01;
            }
            time += 0.1;
          }
          return energy + u[2];
        }

        @Differentiable
        static double marchPlain(double[] u, double k, double end) {
          double time = 0;
          double energy = 0;
          while (time < end) {
            if (u[1] > 0) {
              u[1] = u[1] * (1 - 0.1 * k);
            } else {
              u[1] = u[1] + 0.05 * Math.sin(u[2]);
            }
            smooth(u, k);
            for (int i = 0; i < u.length; i++) {
              energy += u[i] * u[i] * 0.01;
            }
            time += 0.1;
          }
          return energy + u[2];
        }

        // Left by break when the state grows past a bound.
        @Differentiable
        @CheckpointedLoop(value = "grow", snapshots = 2)
        static double grow(double x, double r, int n) {
          grow:
          for (int i = 0; i < n; i++) {
            x = x * r + Math.cos(x);
            if (x > 40) {
              break;
            }
          }
          return x;
        }

        // A checkpointed call inside a checkpointed loop: both kinds of recomputation at once.
        @Checkpointed
        static double settle(double x, double k) {
          for (int i = 0; i < 5; i++) {
            x = x - 0.1 * k * Math.sin(x);
          }
          return x;
        }

        static double settlePlain(double x, double k) {
          for (int i = 0; i < 5; i++) {
            x = x - 0.1 * k * Math.sin(x);
          }
          return x;
        }

        @Differentiable
        @CheckpointedLoop(value = "outer", snapshots = 3)
        static double composed(double x, double k, int n) {
          outer:
          for (int t = 0; t < n; t++) {
            x = settle(x, k) + 0.01 * x;
          }
          return x * x;
        }

        @Differentiable
        static double composedPlain(double x, double k, int n) {
          for (int t = 0; t < n; t++) {
            x = settlePlain(x, k) + 0.01 * x;
          }
          return x * x;
        }

        // A checkpointed loop in a branch: its entry state and count kept on the tape.
        @Differentiable
        @CheckpointedLoop(value = "time", snapshots = 3)
        static double inBranch(double x, double k, int n) {
          double y = x;
          if (k > 0) {
            time:
            for (int t = 0; t < n; t++) {
              y = y - 0.1 * k * Math.sin(y);
            }
            y = y * x;
          }
          return y * y;
        }

        @Differentiable
        static double inBranchPlain(double x, double k, int n) {
          double y = x;
          if (k > 0) {
            for (int t = 0; t < n; t++) {
              y = y - 0.1 * k * Math.sin(y);
            }
            y = y * x;
          }
          return y * y;
        }

        @Differentiable
        static double growPlain(double x, double r, int n) {
          for (int i = 0; i < n; i++) {
            x = x * r + Math.cos(x);
            if (x > 40) {
              break;
            }
          }
          return x;
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile("p.Sims", SOURCE);
  }

  private static Object gradient(String name, Object... args) {
    try {
      for (Method m : compiled().load("p.Sims_Grad").getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == args.length) {
          m.setAccessible(true);
          return m.invoke(null, args);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no Sims_Grad." + name);
  }

  private static Object component(Object record, String name) {
    try {
      Method m = record.getClass().getDeclaredMethod(name);
      m.setAccessible(true);
      return m.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertSameGradient(Object expected, Object actual, String... components) {
    assertEquals((double) component(expected, "value"), (double) component(actual, "value"), 0.0, "value");
    for (String c : components) {
      Object e = component(expected, c);
      Object a = component(actual, c);
      if (e instanceof double[] ea) {
        double[] aa = (double[]) a;
        for (int i = 0; i < ea.length; i++) {
          assertEquals(ea[i], aa[i], 1e-12 * Math.max(1, Math.abs(ea[i])), c + "[" + i + "]");
        }
      } else {
        assertEquals((double) e, (double) a, 1e-12 * Math.max(1, Math.abs((double) e)), c);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "2", "7", "40", "300"})
  void everyBudgetGivesTheGradientOfTheLoopAsWritten(int steps) {
    for (String name : new String[] {"swingDefault", "swingOne"}) {
      assertSameGradient(gradient("swingPlain", 0.4, -0.3, 0.2, steps), gradient(name, 0.4, -0.3, 0.2, steps),
          "theta0", "omega0", "damping");
    }
    compiled().method("p.Sims", "swing").at(0.4, -0.3, 0.2, steps).matchesCentralDifferences();
    compiled().method("p.Sims", "swingOne").at(0.4, -0.3, 0.2, Math.min(steps, 40)).matchesCentralDifferences();
  }

  @Test
  void theTapeNoLongerGrowsWithTheIterations() {
    TapeUsage plain = Tape.measure(() -> gradient("swingPlain", 0.4, -0.3, 0.2, 2000));
    TapeUsage checkpointed = Tape.measure(() -> gradient("swingDefault", 0.4, -0.3, 0.2, 2000));
    TapeUsage longer = Tape.measure(() -> gradient("swingDefault", 0.4, -0.3, 0.2, 20000));
    assertTrue(plain.peakBytes() > 2000 * 8, plain.toString());
    // One iteration's tape: a few values, whatever the number of iterations.
    assertTrue(checkpointed.peakBytes() <= 64, checkpointed.toString());
    assertEquals(checkpointed.peakBytes(), longer.peakBytes(), longer.toString());
  }

  @ParameterizedTest
  @CsvSource({"0.3, 0.03", "0.3, 0.05", "0.6, 1.27", "0.2, 2.35"})
  void anArrayStateAWhileLoopABranchAnInnerLoopAndAHelper(double k, double end) {
    double[] u = {0.2, -0.5, 0.9, 0.3, -0.1};
    assertSameGradient(gradient("marchPlain", u.clone(), k, end), gradient("march", u.clone(), k, end), "u", "k");
    compiled().method("p.Sims", "march").at(u, k, end).matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1.5, 3", "0.5, 1.5, 30", "2.0, 0.7, 12"})
  void aLoopLeftByBreak(double x, double r, int n) {
    assertSameGradient(gradient("growPlain", x, r, n), gradient("grow", x, r, n), "x", "r");
    compiled().method("p.Sims", "grow").at(x, r, n).matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0.9, 1.3, 1", "0.9, 1.3, 25", "-2.0, 0.4, 60"})
  void aCheckpointedCallInACheckpointedLoop(double x, double k, int n) {
    assertSameGradient(gradient("composedPlain", x, k, n), gradient("composed", x, k, n), "x", "k");
    compiled().method("p.Sims", "composed").at(x, k, n).matchesCentralDifferences();
    TapeUsage plain = Tape.measure(() -> gradient("composedPlain", x, k, n));
    TapeUsage composed = Tape.measure(() -> gradient("composed", x, k, n));
    assertTrue(n < 25 || composed.peakBytes() * 5 < plain.peakBytes(), composed + " against " + plain);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 1.3, 0", "0.7, 1.3, 5", "0.7, 1.3, 40", "0.7, -0.5, 40"})
  void aCheckpointedLoopInABranch(double x, double k, int n) {
    assertSameGradient(gradient("inBranchPlain", x, k, n), gradient("inBranch", x, k, n), "x", "k");
    compiled().method("p.Sims", "inBranch").at(x, k, n).matchesCentralDifferences();
  }

  @Test
  void theGeneratedCodeFollowsTheSchedule() {
    String grad = compiled().generatedSource("p.Sims_Grad");
    assertTrue(grad.contains("Revolve schedule = Revolve.of(loop1Count, 3);"), grad);
    assertTrue(grad.contains("while (action != Revolve.DONE) {"), grad);
  }
}
