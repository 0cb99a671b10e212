package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import dev.adjoint.runtime.Tape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A top-level loop that only adds into sums the method returns with coefficient ±1 has each
 * iteration reversed right after it runs, in the forward sweep of {@code mVjp}. Every loop that
 * passes anything else from one iteration to the next, or whose values the code around it needs,
 * keeps the ordinary reverse sweep: both kinds must give the same derivatives.
 */
class IterationwiseReverseTest {
  static final String CLASS = "p.Sums";
  static final String MEMBERS =
      """
        // Reversed iteration by iteration.
        @Differentiable static double weightedSquares(double[] w, @NoDerivative double[] x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i] * x[i];
          }
          return s;
        }
        @Differentiable static double keptExp(double[] w, @NoDerivative double[] x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.exp(w[i] * x[i]) - Math.tanh(w[i]);
          }
          return s;
        }
        @Differentiable static double signs(double[] w, @NoDerivative double[] x, int n) {
          double s = 0;
          double t = 0;
          for (int i = 0; i < n; i++) {
            if (x[i] > 0) {
              s += w[i] * x[i];
            } else {
              s -= w[i] * w[i];
            }
            t += Math.sin(w[i]);
          }
          double c = w[0] * w[1];
          return c - s + 2 * c - (-t);
        }
        @Differentiable static double twoLoops(double[] w, @NoDerivative double[] x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += w[i] * x[i];
          }
          double t = 0;
          for (int i = 0; i < n; i++) {
            t += Math.cos(w[i]);
          }
          return s - t;
        }
        @Differentiable static double sumStartsActive(double[] w, @NoDerivative double[] x, int n) {
          double s = 3 * w[0];
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i] * x[i];
          }
          return s;
        }
        @Differentiable static double skipsWithContinue(double[] w, @NoDerivative double[] x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (x[i] < 0) {
              continue;
            }
            s += Math.exp(w[i]) * x[i];
          }
          return s;
        }
        // Means and scaled sums: the factor is known before the loop.
        @Differentiable static double scaledSums(double[] w, @NoDerivative double[] x, int n) {
          double s = 0;
          double t = 0;
          double half = 0.5;
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i];
            t += x[i] * w[i];
          }
          return s / n - Math.log(2) * half * (x.length * t) / 4;
        }
        // A hidden layer: each element is read right after it is stored.
        @Differentiable static double hiddenLayer(double[] w, @NoDerivative double[] x, int n) {
          int m = 3;
          double[] h = new double[m];
          double total = 0;
          for (int i = 0; i < n; i++) {
            double z = w[5];
            for (int j = 0; j < m; j++) {
              h[j] = Math.tanh(w[j] * x[i] + w[3]);
              z += w[j + 2] * h[j];
            }
            total += z * z;
          }
          return total / n;
        }
        // Work arrays of a literal length.
        @Differentiable static double literalWidth(double[] w, @NoDerivative double[] x, int n) {
          double[] phi = new double[3];
          double nll = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
              phi[j] = 1 / (1 + Math.exp(-w[j] * x[i]));
            }
            double score = phi[0] * w[3] + phi[1] * w[4] + phi[2] * w[5];
            nll -= Math.log(1 / (1 + Math.exp(-score)));
          }
          return nll;
        }
        static double lse(double[] a, int count) {
          double max = a[0];
          for (int i = 1; i < count; i++) {
            if (a[i] > max) {
              max = a[i];
            }
          }
          double sum = 0;
          for (int i = 0; i < count; i++) {
            sum += Math.exp(a[i] - max);
          }
          return Math.log(sum) + max;
        }
        // Work arrays rewritten completely by every iteration, inner loops and a helper call.
        @Differentiable static double mixture(double[] means, double[] scales, @NoDerivative double[] x, int d, int k, int n) {
          double[] centred = new double[d];
          double[] terms = new double[k];
          double total = 0;
          for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                centred[j] = (x[p * d + j] - means[c * d + j]) * scales[c];
              }
              double sq = 0;
              for (int j = 0; j < d; j++) {
                sq += centred[j] * centred[j];
              }
              terms[c] = -0.5 * sq + Math.log(scales[c]);
            }
            total += lse(terms, k);
          }
          return total - n * scales[0];
        }

        // Ordinary reverse sweep.
        @Differentiable static double carriedScalar(double[] w, int n) {
          double s = 0;
          double prev = 1;
          for (int i = 0; i < n; i++) {
            s += prev * w[i];
            prev = Math.sin(w[i]);
          }
          return s;
        }
        @Differentiable static double carriedArray(double[] w, int n) {
          double[] acc = new double[n + 1];
          acc[0] = 1;
          double s = 0;
          for (int i = 0; i < n; i++) {
            acc[i + 1] = acc[i] * w[i];
            s += acc[i + 1];
          }
          return s;
        }
        @Differentiable static double partlyRewritten(double[] w, int n) {
          double[] work = new double[2];
          double s = 0;
          for (int i = 0; i < n; i++) {
            work[0] = w[i];
            s += work[0] * work[1];
            work[1] = w[i] * w[i];
          }
          return s;
        }
        @Differentiable static double nonlinearInTheSum(double[] w, int n) {
          double s = 1;
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i];
          }
          return Math.log(s);
        }
        @Differentiable static double factorChangedInTheLoop(double[] w, int n) {
          double s = 0;
          double f = 1;
          for (int i = 0; i < n; i++) {
            f = w[i];
            s += w[i] * w[i];
          }
          return s * f;
        }
        @Differentiable static double factorChangedAfterwards(double[] w, int n) {
          double s = 0;
          double f = 2;
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i];
          }
          f = f * w[0];
          return s * f;
        }
        @Differentiable static double sumReadInside(double[] w, int n) {
          double s = 1;
          for (int i = 0; i < n; i++) {
            s += s * w[i];
          }
          return s;
        }
        @Differentiable static double elementReadBeforeItIsStored(double[] w, int n) {
          int m = 2;
          double[] h = new double[m];
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              s += w[i] * h[j];
              h[j] = Math.sin(w[i] + j);
            }
          }
          return s;
        }
        @Differentiable static double accumulatesIntoAWorkArray(double[] w, int n) {
          int m = 2;
          double[] h = new double[m];
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              h[j] += w[i] * (j + 1);
            }
            s += h[0] * h[1];
          }
          return s;
        }
        @Differentiable static double anotherElementRead(double[] w, int n) {
          int m = 2;
          double[] h = new double[m];
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              h[j] = Math.sin(w[i] + j);
              s += w[i] * h[(j + 1) % m];
            }
          }
          return s;
        }
        @Differentiable static double readAfterwardsIsRewritten(double[] w, int n) {
          double[] v = {w[0], w[1]};
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += v[i % 2] * w[i];
          }
          v[0] = w[2] * w[2];
          return s + v[0];
        }
        @Differentiable static double readBefore(double[] w, int n) {
          double t = w[0] * w[1];
          double y = t * t;
          double s = 0;
          for (int i = 0; i < n; i++) {
            t = w[i] * 2;
            s += t * t;
          }
          return s + y;
        }
        @Differentiable static double sumReadBefore(double[] w, int n) {
          double s = w[0] * w[1];
          double y = s * s;
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i];
          }
          return s + y;
        }
        @Differentiable static double workArrayReadAfterwards(double[] w, int n) {
          int m = 2;
          double[] v = new double[m];
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              v[j] = w[i] * (j + 1);
            }
            s += v[0] * v[1];
          }
          return s + v[1];
        }
        @Differentiable static double writesAParameterArray(double[] w, double[] v, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < v.length; j++) {
              v[j] = w[i] * (j + 1);
            }
            s += v[0] * v[1];
          }
          return s;
        }
        @Differentiable static double throwsAfter(double[] w, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += w[i] * w[i];
          }
          if (s > 1e9) {
            throw new IllegalArgumentException("too large: " + s);
          }
          return s;
        }
        // Called in a loop: the caller gets the plain halves (mForward, mReverse).
        static double dot(double[] a, double[] b, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
          }
          return s;
        }
        @Differentiable static double callsASum(double[] w, int n) {
          double t = 0;
          for (int r = 1; r <= 2; r++) {
            t += Math.sqrt(1 + dot(w, w, n)) * r;
          }
          return t;
        }
      """;

  static final double[] W = {0.7, -1.3, 0.4, 1.1, 0.2, -0.6};
  static final double[] X = {0.5, 1.5, -2.0, 0.25, -1.0, 0.75};

  static Compiled compiled() {
    return Sources.compileClass(CLASS, MEMBERS);
  }

  static DiffMethod m(String name) {
    return compiled().method(CLASS, name);
  }

  static String vjp(String name) {
    String source = compiled().generatedSource("p.Sums_Grad");
    int start = source.indexOf("public static double " + name + "Vjp(");
    return source.substring(start, source.indexOf("\n    }\n", start));
  }

  @ParameterizedTest
  @ValueSource(strings = {"weightedSquares", "keptExp", "signs", "twoLoops", "sumStartsActive", "skipsWithContinue",
      "scaledSums", "hiddenLayer", "literalWidth"})
  void sumsOverDataAreReversedIterationByIteration(String method) {
    assertTrue(vjp(method).contains("Reverse sweep of this iteration."), vjp(method));
    m(method).at(W, X, 6).matchesCentralDifferences().vjpIsConsistent();
    assertEquals(0, Tape.local().size());
  }

  @Test
  void weightedSquaresHasTheClosedForm() {
    double[] expected = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      expected[i] = 2 * W[i] * X[i];
    }
    m("weightedSquares").at(W, X, 6).hasClosedFormArrayGradient(expected);
  }

  @Test
  void signsHasTheClosedForm() {
    // value = 3 w0 w1 - s + t: ds/dw_i = x_i if x_i > 0, else -2 w_i; dt/dw_i = cos w_i.
    double[] expected = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      expected[i] = -(X[i] > 0 ? X[i] : -2 * W[i]) + Math.cos(W[i]);
    }
    expected[0] += 3 * W[1];
    expected[1] += 3 * W[0];
    m("signs").at(W, X, 6).hasClosedFormArrayGradient(expected);
  }

  @Test
  void scaledSumsHaveTheirClosedForm() {
    // value = s / 6 - log(2) 0.5 (6 t) / 4: d/dw_i = 2 w_i / 6 - 0.75 log(2) x_i.
    double[] expected = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      expected[i] = 2 * W[i] / 6 - 0.75 * Math.log(2) * X[i];
    }
    m("scaledSums").at(W, X, 6).hasClosedFormArrayGradient(expected);
  }

  @Test
  void twoLoopsAndAnActiveStartHaveTheirClosedForms() {
    double[] twoLoops = new double[W.length];
    double[] activeStart = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      twoLoops[i] = X[i] + Math.sin(W[i]);
      activeStart[i] = 2 * W[i] * X[i];
    }
    activeStart[0] += 3;
    m("twoLoops").at(W, X, 6).hasClosedFormArrayGradient(twoLoops);
    m("sumStartsActive").at(W, X, 6).hasClosedFormArrayGradient(activeStart);
    assertEquals(2, count(vjp("twoLoops"), "Reverse sweep of this iteration."), vjp("twoLoops"));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aMixtureWithWorkArraysAndAHelperCall() {
    assertTrue(vjp("mixture").contains("Reverse sweep of this iteration."), vjp("mixture"));
    double[] means = {0.3, -0.2, 1.1, 0.4, -0.7, 0.9};
    double[] scales = {1.2, 0.8, 1.5};
    double[] x = {0.5, 1.5, -2.0, 0.25, -1.0, 0.75, 0.1, 0.2};
    m("mixture").at(means, scales, x, 2, 3, 4).matchesCentralDifferences().vjpIsConsistent();
    assertEquals(0, Tape.local().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"carriedScalar", "carriedArray", "partlyRewritten", "nonlinearInTheSum",
      "factorChangedInTheLoop", "factorChangedAfterwards", "sumReadInside", "elementReadBeforeItIsStored",
      "anotherElementRead", "accumulatesIntoAWorkArray", "readAfterwardsIsRewritten", "readBefore", "sumReadBefore", "workArrayReadAfterwards",
      "throwsAfter"})
  void otherLoopsKeepTheOrdinaryReverseSweep(String method) {
    assertTrue(!vjp(method).contains("Reverse sweep of this iteration."), vjp(method));
    m(method).at(W, 6).matchesCentralDifferences().vjpIsConsistent();
    assertEquals(0, Tape.local().size());
  }

  @Test
  void aLoopWritingAParameterArrayKeepsTheOrdinaryReverseSweep() {
    assertTrue(!vjp("writesAParameterArray").contains("Reverse sweep of this iteration."));
    m("writesAParameterArray").at(W, new double[] {0.3, -0.8}, 6).matchesCentralDifferences().vjpIsConsistent();
  }

  @Test
  void aCalleeCalledInALoopKeepsItsSplitHalves() {
    String source = compiled().generatedSource("p.Sums_Grad");
    int start = source.indexOf("public static double dotForward(");
    String forward = source.substring(start, source.indexOf("\n    }\n", start));
    assertTrue(!forward.contains("dotVjp("), "not the joint fallback: " + forward);
    assertTrue(vjp("dot").contains("Reverse sweep of this iteration."), vjp("dot"));
    double[] w = {0.7, -1.3, 0.4};
    // t = 3 sqrt(1 + |w|^2): dt/dw = 3 w / sqrt(1 + |w|^2).
    double norm = Math.sqrt(1 + 0.49 + 1.69 + 0.16);
    m("callsASum").at(w, 3).matchesCentralDifferences()
        .hasClosedFormArrayGradient(new double[] {3 * 0.7 / norm, 3 * -1.3 / norm, 3 * 0.4 / norm});
  }
}
