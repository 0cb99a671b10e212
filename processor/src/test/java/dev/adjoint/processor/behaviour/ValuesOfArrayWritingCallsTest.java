package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A helper that writes into the arrays it is given carries their derivative whatever it returns:
 * an iteration count ({@code int}), a flag ({@code boolean}), a {@code long}, or a {@code double}
 * the caller never reads; and wherever the call stands, a whole right-hand side or inside a larger
 * expression. The caller's gradient must flow through the writes in each case.
 */
class ValuesOfArrayWritingCallsTest {
  static final String CLASS = "p.Counted";
  static final String MEMBERS =
      """
        // Squares the elements at or above lo, pulls the others halfway to lo; returns how many it pulled.
        static int clamp(double[] x, double lo) {
          int count = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] < lo) {
              x[i] = lo + 0.5 * (x[i] - lo);
              count++;
            } else {
              x[i] = x[i] * x[i];
            }
          }
          return count;
        }
        static boolean scale(double[] x, double by) {
          if (by == 0) {
            return false;
          }
          for (int i = 0; i < x.length; i++) {
            x[i] *= by;
          }
          return true;
        }
        static long shift(double[] x, double by) {
          for (int i = 0; i < x.length; i++) {
            x[i] += by * i;
          }
          return x.length;
        }
        static double normalise(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          double r = Math.sqrt(s);
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] / r;
          }
          return r;
        }

        @Differentiable static double countAsValue(double a, double b, double c) {
          double[] w = {a * b, b - c, a + c};
          int k = clamp(w, 0.1);
          return w[0] + 2 * w[1] + 3 * w[2] + k;
        }
        @Differentiable static double countIgnored(double a, double b, double c) {
          double[] w = {a * b, b - c, a + c};
          clamp(w, 0.1);
          return w[0] * w[1] + w[2];
        }
        @Differentiable static double flagAndLong(double a, double b, double c) {
          double[] w = {a, b, c};
          boolean scaled = scale(w, a - b);
          long n = shift(w, c);
          return scaled ? w[0] * w[1] + w[2] / n : -w[2];
        }
        // A long beyond 2^53, which a double would round: its bits must come back exactly.
        static long stamp(double[] x, double by) {
          x[0] *= by;
          return 1152921504606846979L;
        }
        @Differentiable static double bigLong(double a, double b) {
          double[] w = {a, b};
          long n = stamp(w, b);
          return n == 1152921504606846979L ? w[0] * w[1] : -1;
        }
        @Differentiable static double flagOnly(double a, double b, double c) {
          double[] w = {a, b, c};
          boolean scaled = scale(w, a - b);
          return scaled ? w[0] * w[1] + w[2] : -w[2];
        }
        @Differentiable static double countsInALoop(double[] x, double lo, int rounds) {
          double[] w = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            w[i] = x[i];
          }
          double total = 0;
          for (int r = 0; r < rounds; r++) {
            int k = clamp(w, lo);
            total += k * w[0] + w[1] * w[2];
          }
          return total;
        }
        static double fill(double[] a, double v) {
          a[0] = v;
          return v;
        }
        static double[] ones(int n) {
          double[] o = new double[n];
          for (int i = 0; i < n; i++) {
            o[i] = 1;
          }
          return o;
        }
        static double[] scaled(double[] v, double by) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * by;
          }
          return out;
        }
        static double dot(double[] x, double[] y) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
          }
          return s;
        }
        // Calls that write into arrays, or return one, inside larger expressions, in Java's order:
        // w[0] is read before clamp writes it, after it on the right.
        @Differentiable static double callsInsideExpressions(double a, double b, double c) {
          double[] w = {a * b, b - c, a + c};
          double before = w[0] * clamp(w, 0.1) + w[0];
          double x = fill(w, c * c) * 2 + w[0];
          return before + x * ones(3)[1] + dot(scaled(w, a), w) + w[2];
        }
        @Differentiable static double countsSummedInALoop(double[] x, double lo, int rounds) {
          double[] w = {x[0], x[1], x[2]};
          double total = 0;
          for (int r = 0; r < rounds; r++) {
            total += w[1] * clamp(w, lo) + w[0] * w[2];
          }
          return total;
        }
        // Writes an int[] counter beside the double[]: the counter gets no adjoint array, though
        // the call's inputs vary (it got a double[] for an int[] before, which did not compile).
        static void scaleCounting(double[] v, int[] count, double k) {
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * k;
            count[0]++;
          }
        }
        @Differentiable static double intArrayWritten(double a, double b, double c) {
          double[] w = {a, b, c};
          int[] count = new int[1];
          scaleCounting(w, count, a * c);
          return w[0] * w[1] + count[0] * w[2];
        }
        // The norm is never read, but normalise's writes into w are.
        @Differentiable static double unreadNorm(double a, double b, double c) {
          double[] w = {a * b, b - c, a + c};
          double r = normalise(w);
          return w[0] + 2 * w[1] * w[2];
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({
      "countAsValue, 0.7, -0.4, 0.3",
      "countAsValue, -0.2, 0.9, 0.5",
      "countIgnored, 0.7, -0.4, 0.3",
      "countIgnored, -0.2, 0.9, 0.5",
      "flagAndLong, 0.7, -0.4, 0.3",
      "flagAndLong, 0.5, 0.45, 0.3",
      "callsInsideExpressions, 0.7, -0.4, 0.3",
      "callsInsideExpressions, -0.2, 0.9, 0.5",
      "unreadNorm, 0.7, -0.4, 0.3",
      "unreadNorm, -0.2, 0.9, 0.5",
      "intArrayWritten, 0.7, -0.4, 0.3",
  })
  void gradientsFlowThroughTheWrites(String method, double a, double b, double c) {
    m(method).at(a, b, c).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
  }

  @ParameterizedTest
  @CsvSource({"0.1, 1", "0.1, 3", "-0.3, 2"})
  void gradientsFlowThroughTheWritesOfCallsInLoops(double lo, int rounds) {
    m("countsInALoop").at(new double[] {0.4, -0.6, 0.25}, lo, rounds).valueMatchesPrimal()
        .matchesCentralDifferences().vjpIsConsistent();
    m("countsSummedInALoop").at(new double[] {0.4, -0.6, 0.25}, lo, rounds).valueMatchesPrimal()
        .matchesCentralDifferences().vjpIsConsistent();
  }

  @org.junit.jupiter.api.Test
  void theClosedFormOfAClampedCombination() {
    // w = (ab, b - c, a + c) at (0.7, -0.4, 0.3): w0 = -0.28 < 0.1 and w1 = -0.7 < 0.1 are pulled
    // (0.05 + 0.5 w), w2 = 1.0 is squared; k = 2 has no derivative.
    double a = 0.7;
    double b = -0.4;
    double c = 0.3;
    double dA = 0.5 * b + 3 * 2 * (a + c);
    double dB = 0.5 * a + 2 * 0.5;
    double dC = 2 * 0.5 * -1 + 3 * 2 * (a + c);
    m("countAsValue").at(a, b, c).hasGradient(dA, dB, dC);
  }

  @org.junit.jupiter.api.Test
  void forwardModeAndSecondOrderGetAnIntCountFromTheHelpersJvp() {
    // The count reaches the value: mJvp's value must be the primal's bit for bit (Point checks
    // it), so the helper's JVP hands the count back exactly, and a flag, and a long.
    for (String name : new String[] {"countAsValue", "countIgnored", "callsInsideExpressions"}) {
      org.junit.jupiter.api.Assertions.assertNotNull(m(name).jvpMethod(), name + " has mJvp");
      org.junit.jupiter.api.Assertions.assertNotNull(m(name).hvpMethod(), name + " has mHvp");
    }
    org.junit.jupiter.api.Assertions.assertNotNull(m("countsSummedInALoop").hvpMethod());
    org.junit.jupiter.api.Assertions.assertNotNull(m("flagAndLong").hvpMethod(), "shift returns a long");
    m("flagAndLong").at(0.7, -0.4, 0.3).matchesCentralDifferences();
    m("bigLong").at(0.7, -0.4).matchesCentralDifferences();
    org.junit.jupiter.api.Assertions.assertNotNull(m("flagOnly").hvpMethod(), "scale returns a flag");
    m("flagOnly").at(0.7, -0.4, 0.3).matchesCentralDifferences();
    m("flagOnly").at(0.5, 0.45, 0.3).matchesCentralDifferences();
    m("countAsValue").at(-0.2, 0.9, 0.5).matchesCentralDifferences();
    m("countsSummedInALoop").at(new double[] {0.4, -0.6, 0.25}, 0.1, 3).matchesCentralDifferences();
  }
}
