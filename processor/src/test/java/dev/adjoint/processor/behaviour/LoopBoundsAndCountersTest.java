package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;

/**
 * What the reverse sweep recomputes about a loop instead of recording it (its counter, trip count
 * and start; a rewritten range) must come out as the forward sweep had it, and a loop reversed
 * iteration by iteration must not put back anything the loop still reads. Each method here gave
 * a wrong gradient, a wrong value, generated code that did not compile or a gradient that threw.
 */
class LoopBoundsAndCountersTest {
  static final String CLASS = "p.Bounds";
  static final String MEMBERS =
      """
        // The condition reads t, which each iteration's reverse put back in the forward sweep: the
        // loop ran n times instead of stopping at t >= 5.
        @Differentiable static double conditionReadsALoopLocal(double x, int n) {
          double s = 0;
          double t = 0;
          for (int i = 0; i < n && t < 5; i++) {
            t = x * i;
            s += t * t;
            t = t + 1;
          }
          return s;
        }
        // s's adjoint reads i = 2, but the loop (nothing in it has an adjoint) left i at n.
        @Differentiable static double counterReadBeforeALoopWithNothingToReverse(double x, int n) {
          int i = 2;
          double s = x * x * i;
          double c = 0;
          for (; i < n; i++) {
            c += 1;
          }
          return s + c;
        }
        // The trip count read a[0] again in the reverse sweep, after a[0] = 1.
        @Differentiable static double tripCountFromAnElementWrittenLater(double[] a, double x) {
          double s = 0;
          for (int i = 0; i < (int) a[0]; i++) {
            s = s * x + Math.sin(s + x);
          }
          a[0] = 1;
          return s + a[1];
        }
        static int idx(double[] a) {
          return (int) a[0];
        }
        @Differentiable static double tripCountFromACall(double[] a, double x) {
          double s = 0;
          for (int i = 0; i < 1 + idx(a); i++) {
            s = s * x + Math.sin(s + x);
          }
          for (int j = 0; j < a.length; j++) {
            a[j] = -a[j];
          }
          return s + a[1];
        }
        // A double bound: Math.max(0, y) is not an int trip count (did not compile).
        @Differentiable static double doubleBound(double x, double y) {
          double s = 0;
          for (int i = 0; i < y; i++) {
            s = s * x + Math.sin(s + x);
          }
          return s;
        }
        // A range rewritten by a loop that runs no times, from a start out of bounds.
        @Differentiable static double emptyRangeOutOfBounds(double x, double[] a, int lo, int hi) {
          double s = a[0] * a[1] * x;
          for (int i = lo; i < hi; i++) {
            a[i] = s * i;
          }
          return s + a[0] + a[1];
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void aLoopOfSumsWhoseConditionReadsALoopLocal() {
    // Tested before iteration i, t = 0.9 (i - 1) + 1 < 5 lets i = 0 .. 5 run:
    // s = 0.81 (0 + 1 + 4 + 9 + 16 + 25) = 0.81 * 55.
    m("conditionReadsALoopLocal").at(0.9, 10).hasValue(0.81 * 55).hasGradient(2 * 0.9 * 55);
    m("conditionReadsALoopLocal").at(0.3, 4).valueMatchesPrimal().matchesCentralDifferences();
  }

  @Test
  void aCounterReadBeforeItsLoopIsPutBack() {
    // 2 x^2 + (n - 2).
    m("counterReadBeforeALoopWithNothingToReverse").at(0.7, 5).hasValue(2 * 0.49 + 3).hasGradient(2.8);
  }

  @Test
  void tripCountsAreNotRecomputedFromMemoryOrCalls() {
    m("tripCountFromAnElementWrittenLater").at(new double[] {3.5, 2}, 0.3).valueMatchesPrimal()
        .matchesCentralDifferences();
    m("tripCountFromACall").at(new double[] {2.5, 2, -1}, 0.3).valueMatchesPrimal().matchesCentralDifferences();
  }

  @Test
  void aDoubleBoundCountsWhatJavaCounts() {
    // i = 0, 1, 2 < 2.5: three iterations.
    m("doubleBound").at(0.3, 2.5).valueMatchesPrimal().matchesCentralDifferences();
    m("doubleBound").at(0.3, -0.5).hasValue(0).hasGradient(0, 0);
  }

  @Test
  void anEmptyRangeMayStartOutOfBounds() {
    double[] a = {0.5, -1.5, 2};
    m("emptyRangeOutOfBounds").at(0.7, a, 5, 3).valueMatchesPrimal().matchesCentralDifferences();
    m("emptyRangeOutOfBounds").at(0.7, a, -1, -3).valueMatchesPrimal().matchesCentralDifferences();
    m("emptyRangeOutOfBounds").at(0.7, a, 1, 3).valueMatchesPrimal().matchesCentralDifferences();
  }
}
