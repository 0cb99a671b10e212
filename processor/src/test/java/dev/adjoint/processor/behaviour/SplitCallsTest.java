package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import dev.adjoint.runtime.Tape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls in loops and branches are made in split mode: the forward sweep calls the callee's
 * {@code fForward}, which leaves its intermediates on the tape, and the reverse sweep its {@code
 * fReverse}, so the callee's primal runs once. Every pairing of the two must hold whatever the
 * callee does (loops, branches, calls of its own, recursion, a row alias that makes it fall back
 * to joint mode) and however the call sits in the caller (beside a second call in the same
 * statement, under a Math function, in a branch taken on some iterations only).
 */
class SplitCallsTest {
  static final String CLASS = "p.Split";
  static final String MEMBERS =
      """
        // A callee with a loop and a branch: its forward sweep pushes decisions.
        static double softmax(double[] a, int offset, int count) {
          double max = a[offset];
          for (int i = 1; i < count; i++) {
            if (a[offset + i] > max) {
              max = a[offset + i];
            }
          }
          double sum = 0;
          for (int i = 0; i < count; i++) {
            sum += Math.exp(a[offset + i] - max);
          }
          return Math.log(sum) + max;
        }
        static double square(double x) {
          return x * x;
        }
        // Calls another helper in a loop of its own: nested split calls.
        static double sumOfSquares(double[] a, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += square(a[i]) * a[i];
          }
          return s;
        }
        static double power(double x, int n) {
          if (n == 0) {
            return 1;
          }
          return x * power(x, n - 1);
        }
        // Reads a row through an alias: its halves are the primal and the whole VJP.
        static double rowNorm(double[][] m, int r) {
          double[] row = m[r];
          double s = 0;
          for (int j = 0; j < row.length; j++) {
            s += row[j] * row[j];
          }
          return s;
        }

        @Differentiable static double rows(double[] a, int rowsCount, int width) {
          double s = 0;
          for (int r = 0; r < rowsCount; r++) {
            s += softmax(a, r * width, width) * a[r];
          }
          return s;
        }
        @Differentiable static double twoCallsInOneStatement(double[] a, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += softmax(a, i, n - i) * square(a[i]) - power(a[i], 3);
          }
          return s;
        }
        @Differentiable static double underAMathFunction(double[] a, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.exp(0.1 * sumOfSquares(a, i + 1));
          }
          return s;
        }
        @Differentiable static double inABranch(double[] a, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (a[i] > 0) {
              s += power(a[i], i + 1);
            } else {
              s -= square(a[i]);
            }
          }
          return s;
        }
        @Differentiable static double aliasingCallee(double[] a, int n) {
          double[][] m = new double[2][n];
          double s = 0;
          for (int t = 0; t < 3; t++) {
            for (int j = 0; j < n; j++) {
              m[t % 2][j] = a[j] * (t + 1);
            }
            s += rowNorm(m, t % 2) * a[t];
          }
          return s;
        }
        @Differentiable static double overwrittenArgument(double[] a, int n) {
          double[] work = new double[n];
          double s = 0;
          for (int t = 0; t < n; t++) {
            for (int j = 0; j < n; j++) {
              work[j] = a[j] * a[t];
            }
            s += softmax(work, 0, n);
          }
          return s;
        }
      """;

  static final double[] A = {0.7, -1.3, 0.4, 1.1, 0.2, -0.6};

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({
    "rows, 2", "rows, 3",
    "twoCallsInOneStatement, 1", "twoCallsInOneStatement, 4",
    "underAMathFunction, 3", "underAMathFunction, 6",
    "inABranch, 6",
    "aliasingCallee, 3",
    "overwrittenArgument, 1", "overwrittenArgument, 4"})
  void matchesCentralDifferences(String method, int n) {
    if (method.equals("rows")) {
      m(method).at(A, n, 6 / n).matchesCentralDifferences();
    } else {
      m(method).at(A, n).matchesCentralDifferences();
    }
  }

  @Test
  void inABranchHasTheClosedForm() {
    // a = (0.5, -2, 3): s = a0 - a1² + a2³; ds = (1, -2·a1, 3·a2²).
    m("inABranch").at(new double[] {0.5, -2.0, 3.0}, 3).hasClosedFormArrayGradient(new double[] {1, 4, 27});
  }

  @ParameterizedTest
  @CsvSource({"rows", "twoCallsInOneStatement", "underAMathFunction", "inABranch", "aliasingCallee",
      "overwrittenArgument"})
  void leavesTheTapeEmpty(String method) {
    DiffMethod d = m(method);
    if (method.equals("rows")) {
      d.at(A, 3, 2).matchesCentralDifferences();
    } else {
      d.at(A, 4).matchesCentralDifferences();
    }
    assertEquals(0, Tape.local().size(), "every mForward's values were taken by its mReverse");
  }

  @Test
  void callsInLoopsAreSplitAndOnlyOnePerStatement() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Split_Grad");
    String rows = method(grad, "rowsVjp");
    assertTrue(rows.contains("Split_Grad.softmaxForward(a, r * width, width, tape)"), rows);
    assertTrue(rows.contains("Split_Grad.softmaxReverse("), rows);
    // power recurses: mVjp is the entry that reruns its sweeps on a larger stack if they overflow.
    String two = method(grad, "twoCallsInOneStatementVjpSweeps");
    assertEquals(1, count(two, "Forward("), "one split call per statement: " + two);
    assertEquals(1, count(two, "Reverse("), two);
    String nested = method(grad, "sumOfSquaresForward");
    assertTrue(nested.contains("Split_Grad.squareForward("), "a callee's own calls in loops are split too");
  }

  @Test
  void theForwardHalfCarriesWhatTheReverseHalfReadsButNotItsLoopCounters() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Split_Grad");
    String forward = method(grad, "softmaxForward");
    String reverse = method(grad, "softmaxReverse");
    // seed / sum needs sum; i and i_2 are set afresh by each reverse loop before being read.
    assertEquals(1, count(forward, "tape.push(sum,"), forward);
    assertEquals(0, count(forward, "tape.push(i,") + count(forward, "tape.push(i_2,"), forward);
    assertTrue(reverse.contains("double sum = tape.popDouble("), reverse);
    assertEquals(0, count(reverse, "tape.popInt("), reverse);
    // The counters are still declared: the reverse loops assign them.
    assertTrue(reverse.contains("int i = 0;") && reverse.contains("int i_2 = 0;"), reverse);
  }

  private static String method(String source, String name) {
    int start = source.indexOf("public static double " + name + "(");
    if (start < 0) {
      start = source.indexOf("public static void " + name + "(");
    }
    if (start < 0) {
      start = source.indexOf("private static double " + name + "(");
    }
    return source.substring(start, source.indexOf("\n    }\n", start));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
