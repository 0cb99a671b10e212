package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Point;
import dev.adjoint.processor.testing.Sources;
import dev.adjoint.runtime.Tape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call statement of a helper that writes into the {@code double[]}s it is given runs in split
 * mode: the caller's forward sweep calls the helper's {@code mForwardInOut}, which writes the
 * arrays as the primal does and keeps what its reverse reads, and the reverse sweep calls its
 * {@code mReverseInOut}, which replaces the written arrays' adjoints and puts their contents back.
 * The helper's primal then runs once, not twice. The pairing must hold wherever the call sits
 * (in a loop carrying the array's state from one iteration to the next, in straight-line code, in
 * a branch, with the caller overwriting what the helper wrote) and whatever the helper does
 * (calls of such helpers of its own, a loop and a branch, a range written, a row alias that makes
 * it fall back to joint halves, an {@code int[]} written, which keeps it joint).
 */
class SplitInOutCallsTest {
  static final String CLASS = "p.InOut";
  static final String MEMBERS =
      """
        // One step of a recurrence: the state in s, a prediction into out.
        static void cell(double[] s, double[] w, double[] out) {
          for (int i = 0; i < s.length; i++) {
            double gate = 1 / (1 + Math.exp(-w[i] * s[i]));
            s[i] = gate * Math.tanh(s[i] + w[i]);
            out[i] = s[i] * w[i];
          }
        }
        // Calls cell twice (its own split in-out calls) and writes out after them.
        static void twoCells(double[] s, double[] w, double[] out) {
          for (int k = 0; k < 2; k++) {
            cell(s, w, out);
          }
          for (int i = 0; i < out.length; i++) {
            out[i] = out[i] * out[i] + s[i];
          }
        }
        // A branch on the data and a range of the array written.
        static void clampRange(double[] v, int from, int to, double c) {
          for (int i = from; i < to; i++) {
            if (v[i] > c) {
              v[i] = c + Math.log(v[i] - c + 1);
            } else {
              v[i] = v[i] * c;
            }
          }
        }
        // Reads a row of a matrix through an alias: its halves are joint.
        static void rowInto(double[][] m, int r, double[] v) {
          double[] row = m[r];
          for (int j = 0; j < v.length; j++) {
            v[j] = v[j] * row[j] + row[j];
          }
        }
        // Writes an int[] besides the double[]: it keeps mVjpInOut, without halves.
        static void countedScale(double[] v, int[] count, double k) {
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * k;
            count[0]++;
          }
        }

        @Differentiable static double recurrence(double[] x, double[] w, int steps) {
          double[] s = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            s[i] = x[i];
          }
          double[] out = new double[x.length];
          double loss = 0;
          for (int t = 0; t < steps; t++) {
            twoCells(s, w, out);
            for (int i = 0; i < out.length; i++) {
              loss += out[i] * x[i];
            }
          }
          return loss;
        }
        // Straight-line calls, the caller writing elements of the helper's array in between.
        @Differentiable static double straightLine(double[] x, double c) {
          double[] v = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            v[i] = x[i] * 2;
          }
          clampRange(v, 1, v.length, c);
          double first = v[1];
          v[1] = v[2] * v[0];
          clampRange(v, 0, 2, c * 0.5);
          return first * v[0] + v[1] + v[2];
        }
        // A call in a branch taken on some iterations, its array read by the condition.
        @Differentiable static double inABranch(double[] x, double c, int steps) {
          double[] v = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            v[i] = x[i];
          }
          double s = 0;
          for (int t = 0; t < steps; t++) {
            if (v[t % v.length] > 0) {
              clampRange(v, 0, v.length, c);
            } else {
              v[t % v.length] = -v[t % v.length] * c;
            }
            s += v[0] * v[v.length - 1];
          }
          return s;
        }
        @Differentiable static double aliasingHelper(double[] x, double c) {
          double[][] m = new double[2][x.length];
          double[] v = new double[x.length];
          double s = 0;
          for (int t = 0; t < 3; t++) {
            for (int j = 0; j < x.length; j++) {
              m[t % 2][j] = x[j] * (t + c);
              v[j] += x[j];
            }
            rowInto(m, t % 2, v);
            s += v[t] * v[0];
          }
          return s;
        }
        @Differentiable static double withCounter(double[] x, double k) {
          double[] v = new double[x.length];
          int[] count = new int[1];
          double s = 0;
          for (int t = 0; t < 3; t++) {
            for (int j = 0; j < x.length; j++) {
              v[j] += x[j] * x[t];
            }
            countedScale(v, count, k);
            s += v[t] * count[0];
          }
          return s;
        }
        static void scaleBy(double[] y, double p) {
          for (int i = 0; i < y.length; i++) {
            y[i] = y[i] * (p + y[i]);
          }
        }
        // An argument reads the array the call writes: the call stays joint, which evaluates it
        // again only once the array is put back (found by the fuzzer, seed 4242).
        @Differentiable static double argumentReadsTheWrittenArray(double[] x, double c) {
          double s = 0;
          for (int t = 0; t < 3; t++) {
            scaleBy(x, x[t] * c);
            s += x[0];
          }
          return s + x[1];
        }
        // The parameter itself written by the helper: its adjoint flows in and out.
        @Differentiable static double parameterWritten(double[] x, double c) {
          double s = 0;
          for (int t = 0; t < 3; t++) {
            clampRange(x, t, x.length, c);
            s += x[t] * x[x.length - 1 - t];
          }
          return s;
        }
      """;

  static final double[] X = {0.7, -1.3, 0.4, 1.1};

  private static Compiled compiled(String... options) {
    return AdjointCompiler.compileWithOptions(List.of(options),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
  }

  private static Object[] arguments(String method) {
    double[] x = X.clone();
    return switch (method) {
      case "recurrence" -> new Object[] {x, new double[] {0.3, -0.8, 1.2, 0.5}, 3};
      case "inABranch" -> new Object[] {x, 0.9, 5};
      case "aliasingHelper" -> new Object[] {x, 0.6};
      case "withCounter" -> new Object[] {x, 1.4};
      default -> new Object[] {x, 0.5};
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"recurrence", "straightLine", "inABranch", "aliasingHelper", "withCounter",
      "parameterWritten", "argumentReadsTheWrittenArray"})
  void matchesCentralDifferencesAndTheJointCalls(String method) {
    Point split = compiled().method(CLASS, method).at(arguments(method));
    split.valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
    assertEquals(0, Tape.local().size(), "every mForwardInOut's values were taken by its mReverseInOut");
    split.hasPartialsOf(compiled("-Aadjoint.disable=splitInOut").method(CLASS, method).at(arguments(method)), 1e-12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"recurrence", "straightLine", "inABranch", "aliasingHelper", "parameterWritten"})
  void keepsItsTapeDisciplineUnderTheTapeChecker(String method) {
    compiled("-Aadjoint.checkTape").method(CLASS, method).at(arguments(method)).matchesCentralDifferences();
  }

  @org.junit.jupiter.api.Test
  void theHelpersPrimalRunsOnceAndTheFallbacksStayCorrect() {
    Compiled c = compiled();
    String grad = c.generatedSource("p.InOut_Grad");
    String recurrence = c.generatedMethod("p.InOut_Grad", "recurrenceVjp");
    assertTrue(recurrence.contains("InOut_Grad.twoCellsForwardInOut(s, w, out, tape)"), recurrence);
    assertTrue(recurrence.contains("InOut_Grad.twoCellsReverseInOut("), recurrence);
    assertFalse(recurrence.contains("InOut.twoCells("), "the primal runs inside mForwardInOut only: " + recurrence);
    assertFalse(recurrence.contains("VjpInOut("), recurrence);
    // The helper's own calls are split in-out too.
    assertTrue(c.generatedMethod("p.InOut_Grad", "twoCellsForwardInOut").contains("InOut_Grad.cellForwardInOut(s, w, out, tape)"), grad);
    // The alias: joint halves, which keep the array's contents and run the whole mVjpInOut.
    String rowReverse = c.generatedMethod("p.InOut_Grad", "rowIntoReverseInOut");
    assertTrue(rowReverse.contains("rowIntoVjpInOut("), rowReverse);
    assertTrue(c.generatedMethod("p.InOut_Grad", "rowIntoForwardInOut").contains("InOut.rowInto(m, r, v)"), grad);
    // An int[] written: no halves at all.
    assertFalse(grad.contains("countedScaleForwardInOut"), grad);
    assertTrue(c.generatedMethod("p.InOut_Grad", "withCounterVjp").contains("countedScaleVjpInOut("), grad);
    String reads = c.generatedMethod("p.InOut_Grad", "argumentReadsTheWrittenArrayVjp");
    assertTrue(reads.contains("scaleByVjpInOut(") && !reads.contains("scaleByForwardInOut("), reads);
  }

}
