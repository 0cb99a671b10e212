package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Helper methods without {@code @Differentiable}, differentiated implicitly because a
 * differentiable method calls them: helpers taking arrays, calling each other, recursing,
 * returning ints, and writing into the arrays they are given (void helpers too).
 */
class HelpersTest {
  static final String CLASS = "p.Helpers";
  static final String MEMBERS =
      """
        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }
        static int index(int i, int j, int d) {
          return i * d + j;
        }
        static double power(double x, int n) {
          return n == 0 ? 1 : x * power(x, n - 1);
        }
        static double square(double z) {
          return z * z;
        }
        static double sumOfSquares(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += square(v[i]);
          }
          return s;
        }
        static void matVec(double[][] w, double[] x, double[] out) {
          for (int i = 0; i < out.length; i++) {
            out[i] = dot(w[i], x);
          }
        }
        // Writes into its parameters through locals that refer to them and to a row of one.
        static void scaleThroughAliases(double[][] m, double[] a, double c) {
          double[] b = a;
          double[] row = m[1];
          for (int i = 0; i < b.length; i++) {
            b[i] = b[i] * c;
            row[i] += b[i];
          }
        }
        @Differentiable static double throughAliases(double[] x, double c) {
          double[][] m = new double[2][x.length];
          double[] w = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            w[i] = x[i];
          }
          scaleThroughAliases(m, w, c);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w[i] * w[i] + m[1][i] * x[i];
          }
          return s;
        }
        // Negates its parameter's elements without writing them: -a[i] is a read.
        static double negatedSum(double[] a) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += Math.exp(-a[i]) + -a[i];
          }
          return s;
        }
        @Differentiable static double readsNegatedElements(double[] x) {
          return negatedSum(x) * -x[0];
        }
        // Increments an element of its parameter: a[i]++ is a write.
        static void bump(double[] a) {
          a[0]++;
        }
        @Differentiable static double incrementsAnElement(double[] x) {
          double[] w = {x[0] * x[1], x[1]};
          bump(w);
          return w[0] * w[1];
        }
        static void viaCall(double[][] m, double[] a, double c) {
          scaleThroughAliases(m, a, c);
        }
        @Differentiable static double throughACall(double[] x, double c) {
          double[][] m = new double[2][x.length];
          double[] w = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            w[i] = x[i];
          }
          Helpers.viaCall(m, w, c);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w[i] * w[i] + m[1][i] * x[i];
          }
          return s;
        }
        static void tanhInPlace(double[] v) {
          for (int i = 0; i < v.length; i++) {
            v[i] = Math.tanh(v[i]);
          }
        }
        static double normalise(double[] v) {
          double n = Math.sqrt(sumOfSquares(v));
          for (int i = 0; i < v.length; i++) {
            v[i] /= n;
          }
          return n;
        }
        static double scaleFirst(double[] a, double c) {
          a[0] *= c;
          return a[0];
        }
        @Differentiable static double mutatedThenRead(double[] x, double c) {
          double r = scaleFirst(x, c);
          return r + x[0] * x[1];
        }
        static double[] softmax(double[] v) {
          double max = v[0];
          for (int i = 1; i < v.length; i++) {
            if (v[i] > max) {
              max = v[i];
            }
          }
          double[] out = new double[v.length];
          double sum = 0;
          for (int i = 0; i < v.length; i++) {
            out[i] = Math.exp(v[i] - max);
            sum += out[i];
          }
          for (int i = 0; i < v.length; i++) {
            out[i] /= sum;
          }
          return out;
        }
        static double[] powers(double x, int n) {
          double[] p = new double[n];
          if (n == 0) {
            return p;
          }
          p[0] = 1;
          for (int i = 1; i < n; i++) {
            p[i] = p[i - 1] * x;
          }
          return p;
        }
        @Differentiable static double crossEntropy(double[] logits, int label) {
          double[] p = softmax(logits);
          return -Math.log(p[label]);
        }
        @Differentiable static double arraysInALoop(double x, int n) {
          double s = 0;
          for (int r = 1; r <= 3; r++) {
            double[] q = powers(x * r, n);
            for (int i = 0; i < q.length; i++) {
              s += q[i];
            }
          }
          return s;
        }
        static double[] squaredTimes(double[] v, double a) {
          double[] out = new double[v.length + 1];
          for (int i = 0; i < v.length; i++) {
            out[i] = a * v[i] * v[i];
          }
          out[v.length] = a;
          return out;
        }
        @Differentiable static double resultReplacesItsArgument(double[] v, double a) {
          double[] u = squaredTimes(v, a);
          u = squaredTimes(u, a);
          return u[0] + u[1] + u[2];
        }
        @Differentiable static double resultReplacesItsArgumentInALoop(double[] v, double a, int n) {
          double[] u = squaredTimes(v, a);
          for (int k = 0; k < n; k++) {
            u = squaredTimes(u, a);
          }
          return u[0] + u[u.length - 1];
        }
        // The fuzzer's m716 (seed 2024): at the top level nothing else reads the old array, which
        // the reverse of the literal still needs, with an adjoint of its own.
        @Differentiable static double literalOnceAtTheTop(double a, int n) {
          double[] w1 = {0.5, 0.5, a};
          w1 = new double[] {w1[1], w1[2], 0.5};
          return w1[n % 3] * a;
        }
        @Differentiable static double literalReplacesItsElements(double[] v, double a, int n) {
          double[] u = {v[0] * a, v[1]};
          for (int k = 0; k < n; k++) {
            u = new double[] {u[1] * u[0], u[0] * a};
          }
          return u[0] + u[1];
        }
        @Differentiable static double recursion(double x, int n) {
          return power(x, n) + square(x);
        }
        @Differentiable static double flatRows(double[] w, double[] flat, int d) {
          double s = 0;
          for (int i = 0; i < flat.length / d; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
              row[j] = flat[index(i, j, d)];
            }
            s += square(dot(w, row));
          }
          return s;
        }
        @Differentiable static double network(double[][] w1, double[] w2, double[] x) {
          double[] h = new double[w1.length];
          matVec(w1, x, h);
          tanhInPlace(h);
          double n = normalise(h);
          return square(dot(w2, h)) + n;
        }
        @Differentiable static double inALoop(double[] v, int rounds) {
          double[] work = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            work[i] = v[i];
          }
          double total = 0;
          for (int r = 0; r < rounds; r++) {
            tanhInPlace(work);
            total += sumOfSquares(work);
          }
          return total;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"1.3, 0", "1.3, 4", "-0.7, 5"})
  void recursiveHelper(double x, int n) {
    m("recursion").at(x, n).hasGradient((n == 0 ? 0 : n * Math.pow(x, n - 1)) + 2 * x);
  }

  @Test
  void helpersWithArraysAndAnIntegerHelper() {
    double[] w = {0.3, -0.7};
    double[] flat = {1, 2, 3, 4, -1, 0.5};
    // s = sum over rows r of (w . r)^2: ds/dw = sum 2 (w . r) r; ds/dr = 2 (w . r) w.
    double[] dw = new double[2];
    double[] dflat = new double[6];
    for (int i = 0; i < 3; i++) {
      double wr = w[0] * flat[2 * i] + w[1] * flat[2 * i + 1];
      for (int j = 0; j < 2; j++) {
        dw[j] += 2 * wr * flat[2 * i + j];
        dflat[2 * i + j] = 2 * wr * w[j];
      }
    }
    m("flatRows").at(w, flat, 2).hasArrayGradient(dw, dflat);
  }

  @Test
  void voidAndInPlaceHelpersInATwoLayerNetwork() {
    double[][] w1 = {{0.3, -0.2}, {0.5, 0.4}, {-0.6, 0.1}};
    double[] w2 = {0.7, -0.5, 0.2};
    double[] x = {1.5, -0.8};
    m("network").at(w1, w2, x).matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"1.5, 3.0, 2.0", "-0.5, 0.25, 4.0"})
  void aHelperWritingThroughLocalAliasesOfItsParameters(double x0, double x1, double c) {
    // w = c x, m[1] = c x: s = c^2 |x|^2 + c |x|^2 = (c^2 + c) |x|^2.
    double q = x0 * x0 + x1 * x1;
    for (String method : List.of("throughAliases", "throughACall")) {
      m(method).at(new double[] {x0, x1}, c)
          .hasClosedFormArrayGradient(new double[] {2 * (c * c + c) * x0, 2 * (c * c + c) * x1}, (2 * c + 1) * q)
          .matchesCentralDifferences();
    }
  }

  @Test
  void aNegatedElementIsARead() {
    // f = -x0 (e^-x0 - x0 + e^-x1 - x1): df/dx0 = -(S) - x0 (-e^-x0 - 1), df/dx1 = -x0 (-e^-x1 - 1).
    double x0 = 0.3;
    double x1 = -0.7;
    double sum = Math.exp(-x0) - x0 + Math.exp(-x1) - x1;
    m("readsNegatedElements").at(new double[] {x0, x1})
        .hasClosedFormArrayGradient(new double[] {-sum + x0 * (Math.exp(-x0) + 1), x0 * (Math.exp(-x1) + 1)})
        .matchesCentralDifferences();
  }

  @Test
  void anIncrementedElementIsAWrite() {
    // f = (x0 x1 + 1) x1: df/dx0 = x1^2, df/dx1 = 2 x0 x1 + 1.
    m("incrementsAnElement").at(new double[] {0.6, -1.4})
        .hasClosedFormArrayGradient(new double[] {1.96, 2 * 0.6 * -1.4 + 1})
        .matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "3"})
  void inPlaceHelperCalledInALoop(int rounds) {
    m("inALoop").at(new double[] {0.4, -1.1, 0.9}, rounds).matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"1.5, 3.0, 2.0", "-0.5, 0.25, 4.0"})
  void aCallThatWritesIntoTheCallersArrayWhoseResultIsUsed(double x0, double x1, double c) {
    // r = c x0, then x0' = c x0: value c x0 + c x0 x1.
    m("mutatedThenRead").at(new double[] {x0, x1}, c)
        .hasArrayGradient(new double[] {c + c * x1, c * x0}, x0 + x0 * x1);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "2"})
  void aHelperReturningAnArray(int label) {
    double[] logits = {0.5, -1.0, 2.0};
    double max = 2.0;
    double sum = 0;
    for (double l : logits) {
      sum += Math.exp(l - max);
    }
    // d(-log softmax_label)/d logits = softmax - onehot(label).
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = Math.exp(logits[i] - max) / sum - (i == label ? 1 : 0);
    }
    m("crossEntropy").at(logits, label).hasArrayGradient(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 0", "0.7, 4", "-1.2, 3"})
  void anArrayReturningHelperCalledInALoop(double x, int n) {
    // s = sum over r = 1..3 of sum_{i<n} (r x)^i.
    double d = 0;
    for (int r = 1; r <= 3; r++) {
      for (int i = 1; i < n; i++) {
        d += i * Math.pow(r, i) * Math.pow(x, i - 1);
      }
    }
    m("arraysInALoop").at(x, n).hasGradient(d);
  }

  /**
   * {@code u = f(u, a)}: the reverse sweep seeds the call with the new array's adjoint, but
   * differentiates it at the old array and adds into the old array's adjoint (it used the new
   * ones for all three, a silently wrong derivative, until found by the float[] tests).
   */
  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.3", "1.1, 0.4, -0.6"})
  void aHelpersResultReplacesTheArrayItWasGiven(double v0, double v1, double a) {
    // u = (a v0^2, a v1^2, a); then u' = (a u0^2, a u1^2, a u2^2, a): f = a^3 v0^4 + a^3 v1^4 + a^3.
    double[] expected = {4 * a * a * a * v0 * v0 * v0, 4 * a * a * a * v1 * v1 * v1};
    double da = 3 * a * a * (Math.pow(v0, 4) + Math.pow(v1, 4) + 1);
    m("resultReplacesItsArgument").at(new double[] {v0, v1}, a)
        .hasClosedFormArrayGradient(expected, da).matchesCentralDifferences().vjpIsConsistent();
    for (int n = 0; n <= 3; n++) {
      m("resultReplacesItsArgumentInALoop").at(new double[] {v0, v1}, a, n).matchesCentralDifferences()
          .vjpIsConsistent();
      m("literalReplacesItsElements").at(new double[] {v0, v1}, a, n).matchesCentralDifferences().vjpIsConsistent();
    }
  }

  @ParameterizedTest
  @CsvSource({"0.7, 0", "0.7, 1", "-1.3, 2"})
  void aLiteralOfAnArraysOwnElementsReplacingItOnce(double a, int n) {
    // w1 = (0.5, a, 0.5): f = w1[n % 3] a.
    double expected = n % 3 == 1 ? 2 * a : 0.5;
    m("literalOnceAtTheTop").at(a, n).hasClosedFormGradient(expected).matchesCentralDifferences().vjpIsConsistent();
  }

  @Test
  void helpersGetTheGeneratedMembersToo() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Helpers_Grad");
    assertTrue(grad.contains("public static double dotVjp("), "dot differentiated implicitly");
    assertTrue(grad.contains("public static double matVecVjpInOut("), "matVec writes into out");
    assertTrue(!grad.contains("indexVjp"), "an int helper just runs");
    assertTrue(grad.contains("public static double[] softmaxVjp(double[] v, double[] seed, SoftmaxAdjoint adjoint)"),
        "an array-returning helper's VJP is seeded with the adjoint of its result");
  }
}
