package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.TapeUsage;
import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code @Checkpointed} callees are called joint: the forward sweep runs them as written and the
 * reverse sweep runs their {@code mVjp}, so their tape lives only during each call's reverse.
 * Two twins, one checkpointed, give the same value and the same gradient to rounding (the
 * reverse sweeps sum the same terms in other orders), which matches central differences, with a peak tape ({@link Tape#measure}) that no
 * longer grows with the callee's work; a callee writing into an array it is given too.
 */
class CheckpointedCallsTest {
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Checkpointed;
      import dev.adjoint.Differentiable;

      final class Sim {
        // n small explicit steps of x' = -k sin(x): each keeps its x on the tape.
        static double flow(double x, double k, int n) {
          double h = 1.0 / n;
          for (int i = 0; i < n; i++) {
            x = x - h * k * Math.sin(x);
          }
          return x;
        }

        @Checkpointed
        static double flowCheckpointed(double x, double k, int n) {
          double h = 1.0 / n;
          for (int i = 0; i < n; i++) {
            x = x - h * k * Math.sin(x);
          }
          return x;
        }

        // Relaxes u in place, sweeps times: a callee writing into its array.
        static void relax(double[] u, double k, int sweeps) {
          for (int s = 0; s < sweeps; s++) {
            for (int i = 1; i < u.length - 1; i++) {
              u[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]) + 0.01 * Math.sin(k * u[i]);
            }
          }
        }

        @Checkpointed
        static void relaxCheckpointed(double[] u, double k, int sweeps) {
          for (int s = 0; s < sweeps; s++) {
            for (int i = 1; i < u.length - 1; i++) {
              u[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]) + 0.01 * Math.sin(k * u[i]);
            }
          }
        }

        @Differentiable
        static double plain(double x, double k, int steps, int n) {
          for (int t = 0; t < steps; t++) {
            x = flow(x, k, n) + 0.01 * x;
          }
          return x * x;
        }

        @Differentiable
        static double checkpointed(double x, double k, int steps, int n) {
          for (int t = 0; t < steps; t++) {
            x = flowCheckpointed(x, k, n) + 0.01 * x;
          }
          return x * x;
        }

        @Differentiable
        static double relaxed(double[] u, double k, int steps) {
          double s = 0;
          for (int t = 0; t < steps; t++) {
            relax(u, k, 20);
            s += u[1] * u[2];
          }
          return s;
        }

        @Differentiable
        static double relaxedCheckpointed(double[] u, double k, int steps) {
          double s = 0;
          for (int t = 0; t < steps; t++) {
            relaxCheckpointed(u, k, 20);
            s += u[1] * u[2];
          }
          return s;
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile("p.Sim", SOURCE);
  }

  private static Object gradient(String name, Object... args) throws Exception {
    for (Method m : compiled().load("p.Sim_Grad").getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        return m.invoke(null, args);
      }
    }
    throw new AssertionError("no Sim_Grad." + name);
  }

  private static Object component(Object record, String name) throws Exception {
    Method m = record.getClass().getDeclaredMethod(name);
    m.setAccessible(true);
    return m.invoke(record);
  }

  private static TapeUsage measured(String name, Object... args) {
    return Tape.measure(() -> {
      try {
        gradient(name, args);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @ParameterizedTest
  @CsvSource({"0.7, 1.3, 5, 200", "-1.1, 0.4, 20, 100"})
  void aCheckpointedCallGivesTheSameGradientWithoutItsTape(double x, double k, int steps, int n)
      throws Exception {
    Object plain = gradient("plain", x, k, steps, n);
    Object checkpointed = gradient("checkpointed", x, k, steps, n);
    assertEquals((double) component(plain, "value"), (double) component(checkpointed, "value"), 0.0);
    for (String c : new String[] {"x", "k"}) {
      // The same partials, summed in another order by mVjp than by mForward and mReverse.
      double expected = (double) component(plain, c);
      assertEquals(expected, (double) component(checkpointed, c), 1e-12 * Math.abs(expected), c);
    }
    compiled().method("p.Sim", "checkpointed").at(x, k, steps, n).matchesCentralDifferences();
    TapeUsage split = measured("plain", x, k, steps, n);
    TapeUsage joint = measured("checkpointed", x, k, steps, n);
    // Split: every step of every call on the tape at once (x and sin x: 2 n a call); joint: one
    // call's steps at a time, and the caller's own few values.
    assertTrue(split.doubles() >= 2L * steps * n, split.toString());
    assertTrue(joint.doubles() <= 2L * n + 4L * steps, joint.toString());
    String grad = compiled().generatedSource("p.Sim_Grad");
    assertTrue(grad.contains("Sim_Grad.flowForward("), "the plain twin is split");
    assertTrue(!grad.contains("Sim_Grad.flowCheckpointedForward("), "the checkpointed one is not");
    assertTrue(grad.contains("x = Sim.flowCheckpointed(x, k, n) + 0.01 * x;"), "the forward sweep runs it as written");
    assertTrue(grad.contains("= Sim_Grad.flowCheckpointed(x, k, n);"), "the reverse sweep runs its gradient");
  }

  @ParameterizedTest
  @CsvSource({"0.2, 6", "0.1, 3"})
  void aCheckpointedCalleeThatWritesIntoItsArray(double k, int steps) throws Exception {
    double[] u = {0.3, 0.9, -0.4, 0.7, 0.2, -0.6};
    Object plain = gradient("relaxed", u.clone(), k, steps);
    Object checkpointed = gradient("relaxedCheckpointed", u.clone(), k, steps);
    assertEquals((double) component(plain, "value"), (double) component(checkpointed, "value"), 0.0);
    assertEquals((double) component(plain, "k"), (double) component(checkpointed, "k"),
        1e-12 * Math.abs((double) component(plain, "k")));
    double[] du = (double[]) component(plain, "u");
    double[] duCheckpointed = (double[]) component(checkpointed, "u");
    for (int i = 0; i < u.length; i++) {
      assertEquals(du[i], duCheckpointed[i], 1e-12 * Math.max(1, Math.abs(du[i])), "u[" + i + "]");
    }
    compiled().method("p.Sim", "relaxedCheckpointed").at(u, k, steps).matchesCentralDifferences();
    TapeUsage split = measured("relaxed", u.clone(), k, steps);
    TapeUsage joint = measured("relaxedCheckpointed", u.clone(), k, steps);
    assertTrue(joint.peakBytes() * 2 < split.peakBytes(), "checkpointed " + joint + " against split " + split);
  }
}
