package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the forward sweep leaves off the tape must never change a derivative: a work array that
 * a loop rewrites completely needs no recording of later updates in the same pass, but one that
 * is rewritten only in part, or read in between, does.
 */
class RecordingTest {
  static final String CLASS = "p.Recording";
  static final String MEMBERS =
      """
        @Differentiable static double fullRewrite(double[] w, double[] x, int d, int points) {
          double[] work = new double[d];
          double s = 0;
          for (int p = 0; p < points; p++) {
            for (int i = 0; i < d; i++) {
              work[i] = w[i] * x[p * d + i];
            }
            for (int i = 0; i < d; i++) {
              for (int j = i + 1; j < d; j++) {
                work[j] += w[j] * x[p * d + i];
              }
            }
            for (int i = 0; i < d; i++) {
              s += work[i] * work[i];
            }
          }
          return s;
        }
        @Differentiable static double partialRewrite(double[] w, double[] x, int d, int points) {
          double[] work = new double[d];
          double s = 0;
          for (int p = 0; p < points; p++) {
            for (int i = 0; i < d - 1; i++) {
              work[i] = w[i] * x[p * d + i];
            }
            for (int j = 0; j < d; j++) {
              work[j] += w[j] * x[p * d + j];
            }
            for (int i = 0; i < d; i++) {
              s += work[i] * work[i];
            }
          }
          return s;
        }
        @Differentiable static double readInBetween(double[] w, double[] x, int d, int points) {
          double[] work = new double[d];
          double s = 0;
          for (int p = 0; p < points; p++) {
            for (int i = 0; i < d; i++) {
              work[i] = w[i] * x[p * d + i];
            }
            s += work[0] * work[d - 1];
            for (int j = 0; j < d; j++) {
              work[j] += w[j];
            }
            for (int i = 0; i < d; i++) {
              s += work[i] * work[i];
            }
          }
          return s;
        }
        // Costly Math results in a loop go on the tape, cheap ones are computed again.
        @Differentiable static double keptInLoops(double[] w, double[] x, int d, int points) {
          double s = 0;
          for (int p = 0; p < points; p++) {
            for (int i = 0; i < d; i++) {
              double u = w[i] * x[p * d + i];
              if (u > 0) {
                s += Math.exp(-u) * Math.abs(u) + u * Math.tanh(u);
              } else {
                s += Math.sqrt(1 + u * u) * Math.max(u, w[i]);
              }
            }
          }
          return s;
        }
      """;

  static final double[] W = {0.7, -1.3, 0.4, 1.1};
  static final double[] X = {0.5, 1.5, -2.0, 0.25, 1.0, -0.5, 0.75, 2.0, -1.0, 0.3, 0.6, -0.9};

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"fullRewrite", "partialRewrite", "readInBetween", "keptInLoops"})
  void gradientsMatchCentralDifferences(String method) {
    m(method).at(W, X, 4, 3).matchesCentralDifferences();
  }

  // mForward and mReverse reverse the loop over points as a whole: a point's overwrite destroys
  // what the reverse of every point before it reads.

  @Test
  void onlyTheFullyRewrittenArraySkipsRecordingItsUpdates() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Recording_Grad");
    assertEquals(1, records(method(grad, "fullRewriteForward")), "only the rewrite records");
    assertEquals(2, records(method(grad, "partialRewriteForward")), "the update must record too");
    assertEquals(2, records(method(grad, "readInBetweenForward")), "the update must record too");
  }

  @Test
  void aRewriteByACountedLoopIsRecordedAsOneRangeAtItsEntry() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Recording_Grad");
    assertEquals(1, count(method(grad, "fullRewriteForward"), "tape.pushRange(work, 0, Math.max(0, d)"));
    assertEquals(1, count(method(grad, "fullRewriteReverse"), "tape.popRange(work, 0, Math.max(0, d)"));
    // The update work[j] += ... reads work[j]: element by element.
    assertEquals(1, count(method(grad, "partialRewriteForward"), "tape.push(work[j]"));
  }

  /**
   * mVjp reverses each point right after it runs (a loop of sums): an overwrite destroys only
   * what that point's own earlier statements read, as at the top level (optimisation {@code
   * iterationRecords}).
   */
  @Test
  void aLoopReversedIterationByIterationRecordsOnlyWhatTheIterationReads() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Recording_Grad");
    // Every point rewrites work before reading it.
    assertEquals(0, records(method(grad, "fullRewriteVjp")), method(grad, "fullRewriteVjp"));
    // work[d - 1] carries from one point to the next: the loop is reversed as a whole.
    assertEquals(2, records(method(grad, "partialRewriteVjp")), method(grad, "partialRewriteVjp"));
    // s += work[0] * work[d - 1], whose adjoint reads work, comes before the update work[j] += ...
    assertEquals(1, records(method(grad, "readInBetweenVjp")), method(grad, "readInBetweenVjp"));
  }

  @Test
  void costlyMathResultsInLoopsAreKeptOnTheTape() {
    String vjp = method(Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Recording_Grad"), "keptInLoopsVjp");
    assertEquals(1, count(vjp, "tape.push(sExp,"), vjp);
    assertEquals(1, count(vjp, "double sExp = tape.popDouble("), vjp);
    assertEquals(1, count(vjp, "tape.push(sTanh,"), vjp);
    assertEquals(1, count(vjp, "tape.push(sSqrt,"), vjp);
    assertEquals(0, count(vjp, "tape.push(sAbs") + count(vjp, "tape.push(sMax"), "cheap: computed again");
  }

  // The tests compile with the tape checker on: a push names its site after the value.

  /** Places where the forward sweep records elements of work: one element, or a range. */
  private static int records(String method) {
    return count(method, "tape.push(work[") + count(method, "tape.pushRange(work,");
  }

  private static String method(String source, String name) {
    java.util.regex.Matcher declaration =
        java.util.regex.Pattern.compile("public static \\w+ " + name + "\\(").matcher(source);
    if (!declaration.find()) {
      throw new AssertionError("no " + name + " in " + source);
    }
    int start = declaration.start();
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
