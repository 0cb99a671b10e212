package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Point;
import dev.adjoint.processor.testing.Sources;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A loop in a loop's body that rewrites a work array from values that do not change is run again
 * at the start of the reverse of each iteration instead of the array's old contents being kept
 * (optimisation {@code recomputedRewrites}). Where any of its conditions fails (a value it reads
 * changes later, the array is read before the rewrite or after the loop, written again in the
 * iteration, or the rewrite sits in a branch, or the outer loop is itself inside a loop), the
 * contents must still be kept: each method here is checked against central differences and
 * against the same method with the optimisation off, and the first two also against which way
 * they went.
 */
class RecomputedRewritesTest {
  static final String CLASS = "p.Rewrites";
  static final String MEMBERS =
      """
        static final double[] TAB = {0.5, -1.25, 2.0};

        // Reads a table (a static final array): constant, so run again (crashed the processor
        // when found by the fuzzer, seed 31337).
        @Differentiable static double fromATable(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double s = 1;
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
              a[i] = x[i] * TAB[(c + i) % 3] - m[c];
            }
            for (int i = 0; i < d; i++) {
              s *= 1 + 0.1 * a[i] * a[i];
            }
          }
          return s;
        }
        @Differentiable static double applies(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double s = 0;
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
              a[i] = Math.sin(x[i]) - m[c * d + i];
            }
            for (int i = 0; i < d; i++) {
              s += a[i] * a[i] * m[c * d + i];
            }
          }
          return s;
        }
        // w changes after the loop: nothing records it for a second run of the rewrite.
        @Differentiable static double readsAChangingValue(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double w = m[0];
          double s = 0;
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
              a[i] = x[i] * w - m[c * d + i];
            }
            for (int i = 0; i < d; i++) {
              s += a[i] * a[i];
            }
          }
          w = s * 2;
          return s + w;
        }
        // Each iteration reads the previous iteration's contents before rewriting them.
        @Differentiable static double readBeforeTheRewrite(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double s = 0;
          for (int c = 0; c < k; c++) {
            s += a[0] * a[d - 1] * x[0];
            for (int i = 0; i < d; i++) {
              a[i] = x[i] - m[c * d + i];
            }
            for (int i = 0; i < d; i++) {
              s += a[i] * a[i];
            }
          }
          return s;
        }
        @Differentiable static double readAfterTheLoop(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double s = 0;
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
              a[i] = x[i] - m[c * d + i];
            }
            for (int i = 0; i < d; i++) {
              s += a[i] * a[i] * x[i];
            }
          }
          return s * a[0];
        }
        @Differentiable static double writtenAgain(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double s = 0;
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
              a[i] = x[i] - m[c * d + i];
            }
            a[0] = a[0] * a[1];
            for (int i = 0; i < d; i++) {
              s += a[i] * a[i];
            }
          }
          return s;
        }
        // The component loop inside a loop over points, reversed as a whole (s *= is not a sum).
        @Differentiable static double nested(double[] x, double[] m, int k) {
          int d = x.length;
          double[] a = new double[d];
          double s = 1;
          for (int p = 0; p < 2; p++) {
            for (int c = 0; c < k; c++) {
              for (int i = 0; i < d; i++) {
                a[i] = x[i] * (p + 1) - m[c * d + i];
              }
              double q = 0;
              for (int i = 0; i < d; i++) {
                q += a[i] * a[i];
              }
              s *= 1 + 0.1 * q;
            }
          }
          return s;
        }
      """;

  static final double[] X = {0.4, -0.3, 0.8};
  static final double[] M = {0.3, -0.2, 0.5, 0.1, -0.4, 0.6, 0.2, 0.9, -0.1};

  private static Compiled compiled(String... options) {
    return AdjointCompiler.compileWithOptions(List.of(options),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
  }

  @ParameterizedTest
  @CsvSource({"applies, true", "readsAChangingValue, false", "readBeforeTheRewrite, false",
      "readAfterTheLoop, false", "writtenAgain, false", "nested, true", "fromATable, true"})
  void matchesCentralDifferencesAndTheKeptContents(String method, boolean recomputes) {
    // mReverse reverses the loop as a whole (mVjp may reverse a loop of sums iteration by
    // iteration, right after each one, which keeps nothing either way).
    String reverse = compiled().generatedMethod("p.Rewrites_Grad", method + "Reverse");
    assertEquals(recomputes, reverse.contains("Computed again rather than kept:"), reverse);
    for (int k = 1; k <= 3; k++) {
      Point on = compiled().method(CLASS, method).at(X.clone(), M.clone(), k);
      on.valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
      on.hasPartialsOf(compiled("-Aadjoint.disable=recomputedRewrites").method(CLASS, method).at(X.clone(), M.clone(), k),
          1e-12);
    }
  }
}
