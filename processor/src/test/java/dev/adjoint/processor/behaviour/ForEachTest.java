package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * for-each loops over {@code double[]}, over the rows of {@code double[][]} (aliases of the
 * matrix's rows: writes through them reach the matrix, also inside a helper), and over {@code
 * int[]}, {@code long[]} and {@code boolean[]}; with break, continue and labels; with an array
 * expression that has side effects or whose variable the body reassigns (evaluated once, as in
 * Java); with a loop variable the body assigns (a copy). Gradients against closed forms worked
 * out by hand (or the loop replayed with the derivative of each step) and central differences;
 * every value equals the method's own result exactly.
 */
class ForEachTest {
  static final String CLASS = "p.Each";
  static final String MEMBERS =
      """
        @Differentiable static double sumOfSquares(double[] x) {
          double s = 0;
          for (double v : x) {
            s += v * v;
          }
          return s;
        }
        @Differentiable static double scaleRows(double[][] m, double c) {
          for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
              row[j] *= c;
            }
          }
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            s += m[i][0] * m[i][m[i].length - 1];
          }
          return s;
        }
        @Differentiable static double frobenius(double[][] m) {
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v * v;
            }
          }
          return s;
        }
        @Differentiable static double overIntLongBoolean(double[] x, int[] idx, long[] powers, boolean[] mask) {
          double s = 0;
          for (int i : idx) {
            s += x[i];
          }
          int k = 0;
          for (long p : powers) {
            s += Math.pow(x[k++], p);
          }
          int j = 0;
          for (boolean b : mask) {
            if (b) {
              s += x[j] * x[j];
            }
            j++;
          }
          for (double c : idx) {
            s += c * x[0];
          }
          return s + k + j;
        }
        @Differentiable static double jumps(double[] x, double t) {
          double s = 0;
          int seen = 0;
          for (double v : x) {
            seen++;
            if (v < 0) {
              continue;
            }
            if (v > t) {
              break;
            }
            s += Math.sqrt(v) * t;
          }
          return s + seen;
        }
        @Differentiable static double labelledRows(double[][] m, double t) {
          double s = 0;
          rows:
          for (double[] row : m) {
            for (double v : row) {
              if (v < 0) {
                continue rows;
              }
              if (v * t > 10) {
                break rows;
              }
              s += v * t;
            }
          }
          return s;
        }
        @Differentiable static double reassignedInBody(double[] x, double[] y) {
          double[] a = x;
          double s = 0;
          int n = 0;
          for (double v : a) {
            s += v * y[n++];
            a = y;
          }
          return s + n + a[0];
        }
        @Differentiable static double rowByCounter(double[][] m, double c) {
          int k = 0;
          double s = 0;
          for (double v : m[k++]) {
            s += v * c + k;
          }
          return s + k;
        }
        @Differentiable static double loopVariableIsACopy(double[] x) {
          double s = 0;
          for (double v : x) {
            v = v * v;
            s += v;
          }
          return s + x[0];
        }
        @Differentiable static double accumulateIntoFirst(double[] a) {
          for (double v : a) {
            a[0] += v;
          }
          return a[0];
        }
        @Differentiable static double overLocalArray(double a, double b) {
          double[] w = {a, b, a * b};
          double s = 0;
          for (var v : w) {
            s += v * v;
          }
          return s;
        }
        @Differentiable static double callsRowWriter(double[][] m, double c) {
          scaleAll(m, c);
          return m[0][0] * m[1][1];
        }
        static void scaleAll(double[][] m, double c) {
          for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
              row[j] *= c;
            }
          }
        }
        @Differentiable static double repeatedPasses(double[] x, int passes) {
          double s = 1;
          for (int p = 0; p < passes; p++) {
            for (double v : x) {
              s = s * v + p;
            }
          }
          return s;
        }
        @Differentiable static double overAHelpersResult(double[] x, double c) {
          double s = 0;
          for (double v : scaled(x, c)) {
            s += v * v;
          }
          return s;
        }
        static double[] scaled(double[] x, double c) {
          double[] out = new double[x.length];
          int i = 0;
          for (double v : x) {
            out[i++] = v * c;
          }
          return out;
        }
        @Differentiable static double logisticLoss(double[] w, @NoDerivative double[][] xs,
            @NoDerivative double[] ys) {
          double loss = 0;
          int n = 0;
          for (double[] x : xs) {
            double z = 0;
            int j = 0;
            for (double v : x) {
              z += w[j++] * v;
            }
            loss += Math.log1p(Math.exp(-ys[n++] * z));
          }
          return loss / xs.length;
        }
        @Differentiable static double inBranches(double[] x, boolean squares) {
          double s = 0;
          if (squares) {
            for (double v : x) {
              s += v * v;
            }
          } else {
            for (double v : x) {
              s += Math.sin(v);
            }
          }
          return s;
        }
        @Differentiable static double indexArrayOverwrittenAfter(double[] x, int[] idx) {
          double s = 0;
          for (int i : idx) {
            s += x[i] * x[i] * x[i];
          }
          for (int k = 0; k < idx.length; k++) {
            idx[k] = 0;
          }
          return s + x[idx[0]];
        }
        @Differentiable static double overwrittenAfter(double[] x, double c) {
          double s = 0;
          for (double v : x) {
            s += v * v * c;
          }
          for (int k = 0; k < x.length; k++) {
            x[k] = c * k;
          }
          return s + x[1] * x[2];
        }
        @Differentiable static double overwrittenInOuterLoop(double[] x, double c, int n) {
          double s = 0;
          for (int p = 0; p < n; p++) {
            for (double v : x) {
              s += Math.sin(v) * c;
            }
            x[p % x.length] *= c;
          }
          return s;
        }
        @Differentiable static double rowsOverwrittenInOuterLoop(double[][] m, double c, int n) {
          double s = 0;
          for (int p = 0; p < n; p++) {
            for (double[] row : m) {
              s += Math.sin(row[0]) * row[1];
            }
            m[p % m.length][0] *= c;
          }
          return s;
        }
        @Differentiable static double breakAfterWritingThroughARow(double[][] m, double c) {
          double s = 0;
          for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
              if ((row[j] *= c) > 4) {
                break;
              }
              s += row[j]++;
            }
          }
          return s + m[0][0] + m[1][1];
        }
        // The element is read when its iteration starts, before shift writes into x: a copy.
        @Differentiable static double elementBeforeAHelperWritesTheArray(double[] x, double c) {
          double last = 0;
          for (double e : x) {
            double ignored = shift(x, c);
            last = e * c;
          }
          return last;
        }
        static double shift(double[] x, double by) {
          for (int i = 0; i < x.length; i++) {
            x[i] += by;
          }
          return by;
        }
      """;

  private static final Map<String, String> CHUNKS = Sources.splitMethods(MEMBERS);

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, CHUNKS.get(name)).method(CLASS, name);
  }

  @Test
  void overADoubleArray() {
    double[] x = {1.5, -0.5, 2.0};
    m("sumOfSquares").at(x).hasValue(2.25 + 0.25 + 4).hasArrayGradient(new double[] {3, -1, 4});
    m("sumOfSquares").at(new double[0]).hasValue(0).hasArrayGradient(new double[0]);
  }

  @Test
  void writesThroughTheRowsReachTheMatrix() {
    // Every element times c, then sum_i m_i0 m_i,last: c^2 (1 * 3 + 0.5 * -1 + 4 * 4).
    double[][] mat = {{1, 2, 3}, {0.5, -1}, {4}};
    double c = 1.5;
    double c2 = c * c;
    double[][] dm = {{c2 * 3, 0, c2 * 1}, {c2 * -1, c2 * 0.5}, {2 * c2 * 4}};
    m("scaleRows").at(mat, c)
        .hasValue(c2 * (3 - 0.5 + 16))
        .hasArrayGradient(dm, 2 * c * (3 - 0.5 + 16));
  }

  @Test
  void nestedOverRowsAndTheirElements() {
    double[][] mat = {{1, -2, 0.5}, {3}};
    m("frobenius").at(mat)
        .hasValue(1 + 4 + 0.25 + 9)
        .hasArrayGradient((Object) new double[][] {{2, -4, 1}, {6}});
  }

  @Test
  void overIntLongAndBooleanArrays() {
    // idx {2, 0, 2}: x2 + x0 + x2; powers {2, 3}: x0^2 + x1^3; mask {t, f, t}: x0^2 + x2^2;
    // idx as doubles: (2 + 0 + 2) x0; k = 2, j = 3.
    double[] x = {1.5, -0.5, 2.0};
    double value = 2 + 1.5 + 2 + 2.25 - 0.125 + 2.25 + 4 + 4 * 1.5 + 2 + 3;
    m("overIntLongBoolean")
        .at(x, new int[] {2, 0, 2}, new long[] {2, 3}, new boolean[] {true, false, true})
        .hasValue(value)
        .hasArrayGradient(new double[] {1 + 3 + 3 + 4, 0.75, 2 + 4});
  }

  @Test
  void continueAndBreak() {
    // 0.5 added, -1 skipped, 2 added, 5 > 3 breaks; seen counts 4.
    double[] x = {0.5, -1, 2.0, 5.0, 1.0};
    double t = 3;
    m("jumps").at(x, t)
        .hasValue(t * (Math.sqrt(0.5) + Math.sqrt(2)) + 4)
        .hasArrayGradient(new double[] {t / (2 * Math.sqrt(0.5)), 0, t / (2 * Math.sqrt(2)), 0, 0},
            Math.sqrt(0.5) + Math.sqrt(2));
  }

  @Test
  void labelledContinueAndBreakOverRows() {
    // Row 0: 1 and 2, then -1 continues with row 1: 3 and 0.5; row 2: 6 t > 10 breaks out.
    double[][] mat = {{1, 2, -1, 4}, {3, 0.5}, {6, 1}, {7}};
    double t = 2;
    double[][] dm = {{t, t, 0, 0}, {t, t}, {0, 0}, {0}};
    m("labelledRows").at(mat, t).hasValue(t * 6.5).hasArrayGradient(dm, 6.5);
  }

  @Test
  void theArrayIsTheOneTheLoopStartedWith() {
    // The body reassigns a to y, but the loop still walks x: sum x_i y_i + 3 + y_0.
    double[] x = {1.5, -0.5, 2.0};
    double[] y = {0.25, 3.0, -1.0, 0.5};
    double value = 1.5 * 0.25 + -0.5 * 3.0 + 2.0 * -1.0 + 3 + 0.25;
    m("reassignedInBody").at(x, y)
        .hasValue(value)
        .hasArrayGradient(new double[] {0.25, 3.0, -1.0}, new double[] {1.5 + 1, -0.5, 2.0, 0});
  }

  @Test
  void theArrayExpressionIsEvaluatedOnce() {
    // m[k++] is row 0 and k is 1 from then on: c sum(m_0j) + 3 * 1, plus k.
    double[][] mat = {{1, -2, 0.5}, {3, 4}};
    double c = 0.8;
    m("rowByCounter").at(mat, c)
        .hasValue(c * -0.5 + 3 + 1)
        .hasArrayGradient(new double[][] {{c, c, c}, {0, 0}}, -0.5);
  }

  @Test
  void assigningTheLoopVariableLeavesTheArrayAlone() {
    double[] x = {1.5, -0.5, 2.0};
    m("loopVariableIsACopy").at(x)
        .hasValue(2.25 + 0.25 + 4 + 1.5)
        .hasArrayGradient(new double[] {3 + 1, -1, 4});
  }

  @Test
  void eachElementIsReadWhenItsIterationStarts() {
    // a_0 doubles in the first iteration, then gets a_1, a_2: 2 a_0 + a_1 + a_2.
    m("accumulateIntoFirst").at(new double[] {1.5, -0.5, 2.0})
        .hasValue(3 - 0.5 + 2)
        .hasArrayGradient(new double[] {2, 1, 1});
  }

  @Test
  void overALocalArrayWithVar() {
    double a = 1.5;
    double b = -0.5;
    m("overLocalArray").at(a, b)
        .hasValue(a * a + b * b + a * a * b * b)
        .hasGradient(2 * a + 2 * a * b * b, 2 * b + 2 * a * a * b);
  }

  @Test
  void aHelperThatWritesThroughRowsOfItsParameter() {
    // scaleAll multiplies every element by c: value c^2 m00 m11.
    double[][] mat = {{1.5, 2}, {-1, 0.5}};
    double c = 1.2;
    double c2 = c * c;
    m("callsRowWriter").at(mat, c)
        .hasValue(c2 * 1.5 * 0.5)
        .hasArrayGradient(new double[][] {{c2 * 0.5, 0}, {0, c2 * 1.5}}, 2 * c * 1.5 * 0.5);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "3"})
  void forEachInsideALoopOverwritingTheResult(int passes) {
    // s = s v + p for every v of x, passes times; partials replayed as a vector over x.
    double[] x = {0.9, -1.1, 0.7};
    double s = 1;
    double[] ds = new double[3];
    for (int p = 0; p < passes; p++) {
      for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++) {
          ds[k] *= x[i];
        }
        ds[i] += s;
        s = s * x[i] + p;
      }
    }
    m("repeatedPasses").at(x, passes).hasValue(s).hasArrayGradient(ds);
  }

  @Test
  void overTheArrayAHelperReturns() {
    // sum (c x_i)^2: d/dx_i = 2 c^2 x_i, d/dc = 2 c |x|^2.
    double[] x = {1.5, -0.5, 2.0};
    double c = 0.8;
    double norm = 2.25 + 0.25 + 4;
    m("overAHelpersResult").at(x, c)
        .hasValue(c * c * norm)
        .hasArrayGradient(new double[] {2 * c * c * 1.5, 2 * c * c * -0.5, 2 * c * c * 2.0}, 2 * c * norm);
  }

  @Test
  void aLossOverTheRowsOfADataSet() {
    // (1/N) sum_n log(1 + exp(-y_n w.x_n)): d/dw = (1/N) sum_n -y_n x_n sigma(-y_n w.x_n).
    double[] w = {0.5, -0.3, 0.2};
    double[][] xs = {{1, 2, 0.5}, {-1, 0.5, 3}, {3, 1, -2}, {0.25, -1.5, 1}};
    double[] ys = {1, -1, 1, -1};
    double loss = 0;
    double[] dw = new double[3];
    for (int n = 0; n < 4; n++) {
      double z = w[0] * xs[n][0] + w[1] * xs[n][1] + w[2] * xs[n][2];
      loss += Math.log1p(Math.exp(-ys[n] * z)) / 4;
      double sigma = 1 / (1 + Math.exp(ys[n] * z));
      for (int j = 0; j < 3; j++) {
        dw[j] += -ys[n] * xs[n][j] * sigma / 4;
      }
    }
    m("logisticLoss").at(w, xs, ys).hasValue(loss).hasArrayGradient(dw);
  }

  @Test
  void aLoopVariableTheBodyOnlyReadsIsTheElementItself() {
    // No copy to record each iteration: the reverse sweep reads x[vIndex] where it is.
    String source = m("sumOfSquares").compiled().generatedSource("p.Each_Grad");
    assertTrue(source.contains("s += x[vIndex] * x[vIndex];") && !source.contains("double v =") && !source.contains(" v = "), source);
  }

  @Test
  void forEachLoopsInBothBranches() {
    double[] x = {1.5, -0.5, 2.0};
    m("inBranches").at(x, true).hasValue(2.25 + 0.25 + 4).hasArrayGradient(new double[] {3, -1, 4});
    m("inBranches").at(x, false)
        .hasValue(Math.sin(1.5) + Math.sin(-0.5) + Math.sin(2.0))
        .hasArrayGradient(new double[] {Math.cos(1.5), Math.cos(-0.5), Math.cos(2.0)});
  }

  @Test
  void elementsReadInPlaceThatLaterStatementsOverwrite() {
    // The reverse sweep of the for-each loop needs the elements as they were when it ran.
    double[] x = {0.5, -1.5, 2};
    // x_2^3 + x_0^3 + x_1^3 + x_2^3, then idx is zeroed: + x_0.
    m("indexArrayOverwrittenAfter").at(x, new int[] {2, 0, 1, 2})
        .hasValue(0.125 - 3.375 + 16 + 0.5)
        .hasArrayGradient(new double[] {0.75 + 1, 6.75, 24});
    // c |x|^2, then x_k = c k: + 2 c^2.
    double c = 0.8;
    m("overwrittenAfter").at(x, c)
        .hasValue(c * 6.5 + 2 * c * c)
        .hasArrayGradient(new double[] {2 * c * 0.5, 2 * c * -1.5, 2 * c * 2}, 6.5 + 4 * c);
    m("overwrittenInOuterLoop").at(x, c, 4).matchesCentralDifferences();
    m("rowsOverwrittenInOuterLoop").at(new double[][] {{0.5, -1.5}, {2, 0.3}}, c, 3).matchesCentralDifferences();
    m("breakAfterWritingThroughARow").at(new double[][] {{1, 2, 3}, {0.5, 1.5, 0.2}}, 1.7)
        .matchesCentralDifferences();
  }

  @Test
  void theElementIsTakenBeforeAHelperWritesTheArray() {
    // The last element is read after two shifts: (x2 + 2c) c.
    double[] x = {0.5, -1.5, 2.0};
    double c = 0.75;
    m("elementBeforeAHelperWritesTheArray").at(x, c).hasValue((2.0 + 2 * c) * c)
        .hasArrayGradient(new double[] {0, 0, c}, 2.0 + 4 * c);
  }
}
