package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDK's bulk array operations inside differentiable code (see ArrayOperations): {@code
 * System.arraycopy} (between arrays, within one array with overlapping ranges both ways, into a
 * matrix's row, in a loop over what it overwrites), {@code clone()} (its copy then written, and
 * the recurrent state copy {@code next = state.clone(); ...; state = next;}, a matrix's, whose rows
 * are shared), {@code
 * Arrays.copyOf} (longer and shorter), {@code copyOfRange} (past the end), {@code fill} (whole and
 * range, with an active value), and int, long and boolean arrays as constants. Each method against
 * central differences, its VJP, JVP and HVP (the Point checks), closed forms where short, and
 * Java's own exceptions where the arguments are out of range.
 */
class ArrayOperationsTest {
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Differentiable;
      import java.util.Arrays;

      final class Bulk {
        // y = (x0, x0, x1, x2 ...): the copy within x runs from the end, as through a temporary.
        // Sum of w_i y_i with w_i = i + 1.
        @Differentiable
        static double shiftRight(double[] x) {
          System.arraycopy(x, 0, x, 1, x.length - 1);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += (i + 1) * x[i];
          }
          return s;
        }

        // y = (x1, x2, ..., x_{n-1}, x_{n-1}): the copy within x runs from the start.
        @Differentiable
        static double shiftLeft(double[] x) {
          System.arraycopy(x, 1, x, 0, x.length - 1);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += (i + 1) * x[i] * x[i];
          }
          return s;
        }

        // Positions known only at run time: the direction is chosen then.
        @Differentiable
        static double shiftBy(double[] x, int from, int to, int n) {
          System.arraycopy(x, from, x, to, n);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.sin((i + 1) * x[i]);
          }
          return s;
        }

        // Between arrays, into a matrix's row, and in a loop over what it overwrites.
        @Differentiable
        static double between(double[] x, double[] y, double a, int steps) {
          double[][] m = new double[2][x.length];
          System.arraycopy(x, 0, m[1], 0, x.length);
          double[] buffer = new double[x.length];
          double s = 0;
          for (int t = 0; t < steps; t++) {
            System.arraycopy(m[1], 0, buffer, 0, x.length);
            for (int i = 0; i < x.length; i++) {
              m[1][i] = Math.tanh(a * buffer[i] + y[i]);
            }
            s += m[1][t % x.length] * buffer[(t + 1) % x.length];
          }
          return s + m[1][0];
        }

        // A clone written into: x stays as it was.
        @Differentiable
        static double cloneWritten(double[] x, double a) {
          double[] y = x.clone();
          y[0] = a * y[0];
          y[1] += y[0];
          return x[0] * y[0] + x[1] * y[1];
        }

        // A matrix's clone is shallow, as Java's: a row of the copy is the matrix's row.
        @Differentiable
        static double cloneMatrix(double[][] m, double a) {
          double[][] w = new double[2][2];
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
              w[i][j] = m[i][j];
            }
          }
          double[][] c = w.clone();
          c[0][1] = a * c[0][0];
          double[] r = c[1];
          r[0] += c[0][1];
          return w[0][1] * w[1][0] + c[1][1] * a;
        }

        // Writes into its matrix's rows through the matrix's clone: its callers see m written.
        static void scaleFirstColumn(double[][] m, double a) {
          double[][] c = m.clone();
          for (int i = 0; i < c.length; i++) {
            c[i][0] *= a;
          }
        }

        @Differentiable
        static double throughAMatrixClone(double[][] m, double a) {
          double[][] w = new double[m.length][2];
          for (int i = 0; i < m.length; i++) {
            w[i][0] = m[i][0];
            w[i][1] = m[i][1];
          }
          scaleFirstColumn(w, a);
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i][0] * w[i][1];
          }
          return s;
        }

        // One step of a recurrence, from s into next, as LstmCopies' step.
        static void advance(double[] s, double[] next, double[] w) {
          for (int i = 0; i < next.length; i++) {
            next[i] = Math.tanh(w[i] * s[i] + next[i] * s[(i + 1) % s.length]);
          }
        }

        // The state copied and advanced by a helper: next is a new array at the call, never s,
        // though s = next follows, so the call runs split.
        @Differentiable
        static double recurrentCall(double[] x, double[] w, int steps) {
          double[] state = x.clone();
          for (int t = 0; t < steps; t++) {
            double[] next = state.clone();
            advance(state, next, w);
            state = next;
          }
          double s = 0;
          for (int i = 0; i < state.length; i++) {
            s += state[i] * (i + 1);
          }
          return s;
        }

        static void advanceBy(double[] s, double[] next, double[] w, double g) {
          for (int i = 0; i < next.length; i++) {
            next[i] = Math.tanh(g * w[i] * s[i] + next[i]);
          }
        }

        // The same with an argument read through another name of next, keep[0]: the call reads
        // what it writes, so it runs joint (split, its reverse half would read keep[0] as written).
        @Differentiable
        static double recurrentAliased(double[] x, double[] w, int steps) {
          double[] state = x.clone();
          for (int t = 0; t < steps; t++) {
            double[] next = state.clone();
            double[] keep = next;
            advanceBy(state, next, w, keep[0]);
            state = next;
          }
          double s = 0;
          for (int i = 0; i < state.length; i++) {
            s += state[i] * (i + 1);
          }
          return s;
        }

        // The recurrent state copy of an LSTM written as a Java programmer writes it.
        @Differentiable
        static double recurrent(double[] x, double[] w, int steps) {
          double[] state = x.clone();
          for (int t = 0; t < steps; t++) {
            double[] next = state.clone();
            for (int i = 0; i < next.length; i++) {
              next[i] = Math.tanh(w[i] * state[i] + state[(i + 1) % state.length]);
            }
            state = next;
          }
          double s = 0;
          for (int i = 0; i < state.length; i++) {
            s += state[i] * (i + 1);
          }
          return s;
        }

        // A helper returning a clone it scaled: a new array, as a returned array must be.
        static double[] scaledCopy(double[] x, double a) {
          double[] y = x.clone();
          for (int i = 0; i < y.length; i++) {
            y[i] *= a;
          }
          return y;
        }

        // y = a x, then y0 + 1: x0 (a x0 + 1) + a x1; x itself unchanged.
        @Differentiable
        static double throughAHelper(double[] x, double a) {
          double[] y = scaledCopy(x, a);
          y[0] += 1;
          return x[0] * y[0] + y[1];
        }

        // Split calls of methods with the operations: their forward and reverse halves.
        @Differentiable
        static double callsThem(double[] x, double[] w, double a, int steps) {
          double[] y = x.clone();
          return recurrent(x, w, steps) * recurrent(w, y, steps) + filled(y, a) * cloneWritten(w, a);
        }

        // copyOf longer (zeros past the end) and shorter; copyOfRange past the end.
        @Differentiable
        static double copies(double[] x, double a, int k) {
          double[] longer = Arrays.copyOf(x, x.length + 2);
          longer[x.length + 1] = a;
          double[] shorter = Arrays.copyOf(x, 2);
          double[] range = Arrays.copyOfRange(longer, 1, k);
          double s = shorter[0] * shorter[1];
          for (int i = 0; i < range.length; i++) {
            s += (i + 1) * range[i] * range[i];
          }
          return s + longer[x.length] + longer[x.length + 1] * x[0];
        }

        // fill with an active value, whole and in a range, over values read before.
        @Differentiable
        static double filled(double[] x, double a) {
          double before = x[0] * x[1];
          Arrays.fill(x, a * a);
          Arrays.fill(x, 1, 2, before);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += (i + 1) * x[i];
          }
          return s;
        }

        // Constant arrays of every other element type go through the same operations.
        @Differentiable
        static double constants(double[] x, int n) {
          int[] idx = new int[n];
          Arrays.fill(idx, 1);
          idx[0] = 0;
          int[] more = Arrays.copyOf(idx, n + 1);
          long[] stamps = new long[3];
          Arrays.fill(stamps, 0, 2, 7L);
          long[] later = stamps.clone();
          boolean[] use = new boolean[n];
          Arrays.fill(use, true);
          boolean[] used = Arrays.copyOfRange(use, 0, n);
          int[] shifted = new int[n + 1];
          System.arraycopy(more, 0, shifted, 1, n);
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (used[i] && later[1] == 7L) {
              s += x[idx[i]] * x[shifted[i + 1]];
            }
          }
          return s;
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile("p.Bulk", SOURCE);
  }

  private static DiffMethod bulk(String name) {
    return compiled().method("p.Bulk", name);
  }

  @Test
  void arraycopyWithinOneArrayOverlappingRightward() {
    // s = 1 x0 + 2 x0 + 3 x1 + 4 x2 + 5 x3
    bulk("shiftRight").at((Object) new double[] {0.3, -0.7, 1.1, 2.0, 0.5})
        .hasArrayGradient((Object) new double[] {3, 3, 4, 5, 0});
  }

  @Test
  void arraycopyWithinOneArrayOverlappingLeftward() {
    // s = sum (i+1) y_i^2 with y = (x1, x2, x3, x3)
    double[] x = {0.3, -0.7, 1.1, 2.0};
    bulk("shiftLeft").at((Object) x)
        .hasArrayGradient((Object) new double[] {0, 2 * 1 * x[1], 2 * 2 * x[2], 2 * 3 * x[3] + 2 * 4 * x[3]});
  }

  @ParameterizedTest
  @CsvSource({"0, 2, 3", "2, 0, 3", "1, 2, 3", "2, 1, 3", "0, 0, 5", "4, 0, 1", "1, 1, 0"})
  void arraycopyWithinOneArrayDirectionChosenAtRunTime(int from, int to, int n) {
    double[] x = {0.3, -0.7, 1.1, 2.0, 0.5};
    bulk("shiftBy").at(x, from, to, n).matchesCentralDifferences();
    double[] expected = x.clone();
    System.arraycopy(x.clone(), from, expected, to, n);
    double s = 0;
    for (int i = 0; i < expected.length; i++) {
      s += Math.sin((i + 1) * expected[i]);
    }
    bulk("shiftBy").at(x, from, to, n).hasValue(s);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 0", "0.7, 1", "-1.3, 3", "0.4, 6"})
  void arraycopyBetweenArraysIntoARowAndInALoop(double a, int steps) {
    bulk("between").at(new double[] {0.3, -0.7, 1.1}, new double[] {0.2, 0.1, -0.4}, a, steps)
        .matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0.5", "-2.0"})
  void aCloneWrittenIntoLeavesTheOriginal(double a) {
    double[] x = {1.5, -0.5};
    // y0 = a x0, y1 = x1 + a x0: s = a x0^2 + x1^2 + a x0 x1
    bulk("cloneWritten").at(x, a).hasArrayGradient(
        new double[] {2 * a * x[0] + a * x[1], 2 * x[1] + a * x[0]}, x[0] * x[0] + x[0] * x[1]);
  }

  @ParameterizedTest
  @CsvSource({"0.5", "-2.0"})
  void aMatrixCloneSharesItsRowsAsJavasDoes(double a) {
    double[][] m = {{1.5, -0.5}, {0.25, 2.0}};
    // w01 = a w00 and w10 += a w00 through the copy's rows: s = a w00 (w10 + a w00) + w11 a.
    double m00 = m[0][0];
    double m10 = m[1][0];
    double m11 = m[1][1];
    bulk("cloneMatrix").at(m, a).hasArrayGradient(
        new double[][] {{a * m10 + 2 * a * a * m00, 0}, {a * m00, a}}, m00 * m10 + 2 * a * m00 * m00 + m11);
  }

  @ParameterizedTest
  @CsvSource({"0.5", "-2.0"})
  void aHelperWritingThroughAMatrixCloneWritesItsArgument(double a) {
    double[][] m = {{1.5, -0.5}, {0.25, 2.0}, {-1.0, 0.75}};
    // s = a sum_i m_i0 m_i1.
    double[][] dm = new double[3][2];
    double dA = 0;
    for (int i = 0; i < 3; i++) {
      dm[i][0] = a * m[i][1];
      dm[i][1] = a * m[i][0];
      dA += m[i][0] * m[i][1];
    }
    bulk("throughAMatrixClone").at(m, a).hasArrayGradient(dm, dA);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "2", "5"})
  void aStepIntoAFreshCopyRunsSplitAndOneIntoTheStateJoint(int steps) {
    double[] x = {0.3, -0.7, 1.1};
    double[] w = {0.9, -0.4, 1.3};
    bulk("recurrentCall").at(x, w, steps).matchesCentralDifferences();
    bulk("recurrentAliased").at(x, w, steps).matchesCentralDifferences();
    String grad = compiled().generatedSource("p.Bulk_Grad");
    String split = grad.substring(grad.indexOf("static double recurrentCallVjp("));
    split = split.substring(0, split.indexOf("\n    }\n"));
    assertTrue(split.contains("Bulk_Grad.advanceForwardInOut(state, next, w, tape);"), split);
    String joint = grad.substring(grad.indexOf("static double recurrentAliasedVjp("));
    joint = joint.substring(0, joint.indexOf("\n    }\n"));
    assertTrue(joint.contains("Bulk_Grad.advanceByVjpInOut("), joint);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "4", "12"})
  void theRecurrentStateCopy(int steps) {
    bulk("recurrent").at(new double[] {0.3, -0.7, 1.1}, new double[] {0.9, -0.4, 1.3}, steps)
        .matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0.5", "-1.5"})
  void aHelperReturningAClone(double a) {
    double[] x = {0.3, -0.7};
    bulk("throughAHelper").at(x, a).hasArrayGradient(new double[] {2 * a * x[0] + 1, a}, x[0] * x[0] + x[1])
        .leavesArgumentsUnchanged();
  }

  @ParameterizedTest
  @CsvSource({"0.5, 0", "-0.8, 3"})
  void callsOfMethodsWithTheOperations(double a, int steps) {
    bulk("callsThem").at(new double[] {0.3, -0.7, 1.1}, new double[] {0.9, -0.4, 1.3}, a, steps)
        .matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1", "0.5, 4", "-1.5, 6", "2.0, 8"})
  void copyOfAndCopyOfRange(double a, int k) {
    bulk("copies").at(new double[] {0.3, -0.7, 1.1, 2.0}, a, k).matchesCentralDifferences();
  }

  @Test
  void copyOfRangePastTheEndInClosedForm() {
    // longer = (x0, x1, x2, 0, a); range(1, 6) = (x1, x2, 0, a, 0)
    double[] x = {0.3, -0.7, 1.1};
    double a = 0.5;
    bulk("copies").at(x, a, 6).hasArrayGradient(
        new double[] {x[1] + a, x[0] + 2 * x[1], 4 * x[2]}, 2 * 4 * a + x[0]);
  }

  @ParameterizedTest
  @CsvSource({"0.5", "-1.5"})
  void fillWholeAndRange(double a) {
    double[] x = {0.3, -0.7, 1.1};
    // x = (a^2, x0 x1, a^2): s = a^2 + 2 x0 x1 + 3 a^2
    bulk("filled").at(x, a).hasArrayGradient(new double[] {2 * x[1], 2 * x[0], 0}, 8 * a);
  }

  @ParameterizedTest
  @CsvSource({"1", "3"})
  void constantArraysOfOtherTypes(int n) {
    bulk("constants").at(new double[] {0.3, -0.7, 1.1}, n).matchesCentralDifferences();
  }

  @Test
  void outOfRangeArgumentsThrowAsJavaDoes() {
    DiffMethod m = bulk("shiftBy");
    for (int[] bad : new int[][] {{3, 0, 3}, {0, -1, 1}, {0, 0, -1}, {0, 4, 2}}) {
      Object[] args = {new double[] {1, 2, 3, 4, 5}, bad[0], bad[1], bad[2]};
      Throwable primal = assertThrows(InvocationTargetException.class,
          () -> m.original().invoke(null, copy(args))).getCause();
      Throwable gradient = assertThrows(InvocationTargetException.class,
          () -> m.gradientMethod().invoke(null, copy(args))).getCause();
      assertEquals(primal.getClass(), gradient.getClass());
    }
    DiffMethod c = bulk("copies");
    Object[] reversed = {new double[] {1, 2, 3}, 0.5, 0};
    assertEquals(IllegalArgumentException.class,
        assertThrows(InvocationTargetException.class, () -> c.gradientMethod().invoke(null, copy(reversed)))
            .getCause().getClass());
  }

  private static Object[] copy(Object[] args) {
    Object[] out = args.clone();
    out[0] = ((double[]) args[0]).clone();
    return out;
  }

  @Test
  void theGeneratedCodeKeepsTheUsersStatementAboveItsLoops() {
    String grad = compiled().generatedSource("p.Bulk_Grad");
    assertTrue(grad.contains("// System.arraycopy(x, 0, x, 1, x.length - 1);"), grad);
    assertTrue(grad.contains("// Arrays.fill(x, a * a);"), grad);
    // Where the loops reach the printed code as they were read, they are the calls again.
    assertTrue(grad.contains("System.arraycopy(x, 0, xCopy, 0, x.length);"), grad);
    assertTrue(grad.contains("Arrays.fill(idx, 1);"), grad);
  }

  @Test
  void theForwardSweepCopiesInBulkAndKeepsNothingOfAFreshCopy() {
    String grad = compiled().generatedSource("p.Bulk_Grad");
    String vjp = grad.substring(grad.indexOf("static double recurrentVjp("));
    String forward = vjp.substring(0, vjp.indexOf("// Reverse sweep"));
    // The state's clone in the loop: one bulk copy into the new array, whose zeros it overwrites
    // are not kept (the reverse sweep puts the old array back), and its trip count as one int.
    assertTrue(forward.contains("System.arraycopy(state, 0, stateCopy, 0, state.length);"), forward);
    assertTrue(!forward.contains("tape.push(stateCopy["), forward);
    assertTrue(forward.contains("int bulk2Count = Math.max(0, state.length);"), forward);
  }
}
