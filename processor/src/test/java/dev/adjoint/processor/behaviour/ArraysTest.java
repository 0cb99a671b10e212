package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code double[]} and {@code double[][]} parameters and locals: every gradient compared with a
 * closed form worked out by hand in the test (or by replaying the algorithm with the derivative of
 * each step) and with central differences of the original method, element by element, and the
 * VJP's accumulation, reset and in-place adding into the adjoint's arrays checked, by {@code
 * Point.hasArrayGradient}. Every check also confirms that the generated code leaves the caller's
 * arrays unchanged.
 *
 * <p>Each method is compiled in a unit of its own (with the helpers it calls), so one construct
 * the processor mishandles fails only the tests that use it.
 */
class ArraysTest {
  static final String CLASS = "p.Arr";
  static final String MEMBERS =
      """
        @Differentiable static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }
        @Differentiable static double affine(double[] w, double[] x, double b) {
          double s = b;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }
        @Differentiable static double bilinear(double[][] m, double[] x, double[] y) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            double r = 0;
            for (int j = 0; j < m[i].length; j++) {
              r += m[i][j] * x[j];
            }
            s += y[i] * r;
          }
          return s;
        }
        @Differentiable static double normOfProduct(double[][] m, double[] x) {
          double[] r = new double[m.length];
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < x.length; j++) {
              r[i] += m[i][j] * x[j];
            }
          }
          double s = 0;
          for (int i = 0; i < r.length; i++) {
            s += r[i] * r[i];
          }
          return s;
        }
        @Differentiable static double sumOfSquares(double[] x) {
          double[] t = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            t[i] = x[i] * x[i];
          }
          double s = 0;
          for (int i = 0; i < t.length; i++) {
            s = s + t[i];
          }
          return s;
        }
        @Differentiable static double outerProduct(double[] a, double[] b) {
          double[][] o = new double[a.length][b.length];
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
              o[i][j] = a[i] * b[j];
            }
          }
          double s = 0;
          for (int i = 0; i < o.length; i++) {
            for (int j = 0; j < o[i].length; j++) {
              s += o[i][j] * o[i][j];
            }
          }
          return s;
        }
        @Differentiable static double recurrence(double[] a, double c) {
          for (int i = 1; i < a.length; i++) {
            a[i] = a[i] * a[i - 1] + c;
          }
          return a[a.length - 1];
        }
        @Differentiable static double prefixSums(double[] a) {
          for (int i = 1; i < a.length; i++) {
            a[i] += a[i - 1];
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i];
          }
          return s;
        }
        @Differentiable static double squareInPlace(double[] a) {
          for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * a[i];
          }
          return a[0] * a[1] + Math.sin(a[2]);
        }
        @Differentiable static double squareTwice(double[] a, double x) {
          a[0] = a[0] * a[0];
          a[0] = a[0] * a[0] + x;
          a[1] *= a[1];
          return a[0] * a[1];
        }
        @Differentiable static double compound(double[] a, double x) {
          a[0] += x;
          a[1] -= x * x;
          a[2] *= x;
          a[3] /= x;
          a[0]++;
          int k = 1;
          a[k + 1]++;
          return a[0] * a[1] + a[2] + a[3] * a[3];
        }
        @Differentiable static double matrixCompound(double[][] m, double x) {
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              m[i][j] *= x;
              m[i][j] += i - j;
            }
          }
          m[0][0]++;
          return m[0][0] * m[1][1] - m[0][1] * m[1][0];
        }
        @Differentiable static double rowAlias(double[][] m, double x) {
          double[] row = m[1];
          row[0] = row[0] * x;
          row[1] += x;
          return m[1][0] * m[1][1] + m[0][0] * row[0];
        }
        @Differentiable static double normaliseRows(double[][] m) {
          for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) {
              s += row[j];
            }
            for (int j = 0; j < row.length; j++) {
              row[j] = row[j] / s;
            }
          }
          double t = 0;
          for (int i = 0; i < m.length; i++) {
            t += m[i][0];
          }
          return t;
        }
        @Differentiable static double aliasOfParameter(double[] x, double c) {
          double[] u = x;
          u[0] = u[0] * c;
          return x[0] * x[1];
        }
        @Differentiable static double logSumExp(double[] z) {
          double mx = z[0];
          for (int i = 1; i < z.length; i++) {
            if (z[i] > mx) {
              mx = z[i];
            }
          }
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - mx);
          }
          return mx + Math.log(s);
        }
        @Differentiable static double crossEntropy(double[] z, int label) {
          return logSumExp(z) - z[label];
        }
        @Differentiable static double softmaxExpectation(double[] z, @NoDerivative double[] v) {
          double mx = z[0];
          for (int i = 1; i < z.length; i++) {
            mx = Math.max(mx, z[i]);
          }
          double[] p = new double[z.length];
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - mx);
            s += p[i];
          }
          for (int i = 0; i < p.length; i++) {
            p[i] /= s;
          }
          double e = 0;
          for (int i = 0; i < z.length; i++) {
            e += p[i] * v[i];
          }
          return e;
        }
        @Differentiable static double literals(double a, double b) {
          double[] u = {a, b, 1.0};
          double[] v = new double[] {a * b, Math.sin(a)};
          return u[0] * u[1] * u[2] + v[0] * v[1] + u.length;
        }
        @Differentiable static double literalInLoop(double[] x, double c) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            double[] pair = {x[i], x[i + 1] * c};
            s += pair[0] * pair[1];
          }
          return s;
        }
        @Differentiable static double freshEachIteration(double[] x, double y, int n) {
          double s = y;
          for (int k = 0; k < n; k++) {
            double[] t = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              t[i] = x[i] * s;
            }
            s = 0;
            for (int i = 0; i < t.length; i++) {
              s += Math.sin(t[i]);
            }
          }
          return s;
        }
        @Differentiable static double firstAbove(double[] x, double t) {
          double acc = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > t) {
              return x[i] * x[i] + i * t;
            }
            acc += x[i];
          }
          return acc;
        }
        @Differentiable static double breakAndContinue(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
              continue;
            }
            if (x[i] > 10) {
              break;
            }
            s += Math.sqrt(x[i]) * x[i];
          }
          return s;
        }
        @Differentiable static double returnInMatrixLoop(double[][] m, double t) {
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              if (m[i][j] * t > 1) {
                return m[i][j] * t * (i + 1);
              }
            }
          }
          return t * t;
        }
        @Differentiable static double branchWrites(double[] x) {
          double[] t = new double[2];
          if (x[0] > 0) {
            t[0] = x[0] * x[1];
          } else {
            t[1] = x[0] - x[1];
          }
          return t[0] + 3 * t[1] * t[1];
        }
        @Differentiable static double rowsThroughHelper(double[][] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            double z = dot(w[i], x);
            s += z * z;
          }
          return s;
        }
        @Differentiable static double variablesThroughHelper(double[][] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            double[] row = w[i];
            s += Math.tanh(dot(row, x));
          }
          return s;
        }
        @Differentiable static double mlpLoss(double[][] w1, double[] b1, double[] w2, double b2,
            @NoDerivative double[] x, @NoDerivative double y) {
          double[] h = new double[w1.length];
          for (int i = 0; i < w1.length; i++) {
            double z = b1[i];
            for (int j = 0; j < x.length; j++) {
              z += w1[i][j] * x[j];
            }
            h[i] = Math.tanh(z);
          }
          double out = b2;
          for (int i = 0; i < h.length; i++) {
            out += w2[i] * h[i];
          }
          double d = out - y;
          return d * d;
        }
        @Differentiable static double mlpWithHelper(double[][] w1, double[] b1, double[] w2,
            double b2, @NoDerivative double[][] xs, @NoDerivative double[] ys) {
          double loss = 0;
          for (int n = 0; n < xs.length; n++) {
            double[] x = xs[n];
            double[] h = new double[w1.length];
            for (int i = 0; i < w1.length; i++) {
              h[i] = Math.tanh(dot(w1[i], x) + b1[i]);
            }
            double d = dot(w2, h) + b2 - ys[n];
            loss += d * d / xs.length;
          }
          return loss;
        }
        @Differentiable static double gather(double[] x, int[] idx, @NoDerivative double[] wts) {
          double s = 0;
          for (int i = 0; i < idx.length; i++) {
            s += wts[i] * x[idx[i]] * x[idx[i]];
          }
          return s;
        }
        @Differentiable static double masked(double[] x, boolean[] mask, long[] powers) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (mask[i]) {
              s += Math.pow(x[i], powers[i]);
            }
          }
          return s;
        }
        @Differentiable static double quadraticForm(double[] a, double[] x, int d) {
          double s = 0;
          for (int k = 0; k < d; k++) {
            for (int j = 0; j < d; j++) {
              s += x[k] * a[k * d + j] * x[j];
            }
          }
          return s;
        }
        @Differentiable static double differences(double[] a) {
          double s = 0;
          for (int i = 1; i < a.length; i++) {
            double e = a[i] - a[i - 1];
            s += e * e;
          }
          return s;
        }
        @Differentiable static double localMatrixRows(double[] x) {
          double[][] t = new double[2][x.length];
          for (int i = 0; i < x.length; i++) {
            double[] r0 = t[0];
            r0[i] = x[i] * x[i];
            t[1][i] = r0[i] * x[i];
            t[1][i]--;
          }
          double s = 0;
          for (int i = 0; i < t[0].length; i++) {
            s += t[0][i] + t[1][i];
          }
          return s;
        }
        @Differentiable static double writesConstantArrays(double[] x, @NoDerivative double[] buf,
            int[] idx) {
          for (int i = 0; i < x.length; i++) {
            buf[i] = buf[i] * 2 + i;
            idx[i]++;
          }
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += buf[i] * x[i] + idx[i];
          }
          return s;
        }
        @Differentiable static double sweeps(double[] a, int n) {
          for (int s = 0; s < n; s++) {
            for (int i = 1; i < a.length; i++) {
              a[i] = a[i] * 0.5 + Math.sin(a[i - 1]);
            }
          }
          double t = 0;
          for (int i = 0; i < a.length; i++) {
            t += a[i] * a[i];
          }
          return t;
        }
        @Differentiable static double scratchElementReused(double[] x, double[] y) {
          double[] t = new double[1];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            t[0] = x[i] * x[i];
            s += t[0] * y[i];
          }
          return s;
        }
        @Differentiable static double growUntil(double[] a, double limit) {
          for (int i = 1; i < a.length; i++) {
            a[i] = a[i] + a[i - 1] * a[i - 1];
            if (a[i] > limit) {
              return a[i] * i;
            }
          }
          return a[a.length - 1];
        }
        @Differentiable static double determinant(double[][] a) {
          int n = a.length;
          double det = 1;
          for (int k = 0; k < n; k++) {
            det *= a[k][k];
            for (int i = k + 1; i < n; i++) {
              double f = a[i][k] / a[k][k];
              for (int j = k; j < n; j++) {
                a[i][j] -= f * a[k][j];
              }
            }
          }
          return det;
        }
        @Differentiable static double aliasWriteThenHelper(double[][] m, double[] v, double x) {
          double[] row = m[0];
          row[0] *= x;
          return dot(row, v) + dot(m[0], m[1]);
        }
        @Differentiable static double mlpReusedHidden(double[][] w1, double[] w2,
            @NoDerivative double[][] xs, @NoDerivative double[] ys) {
          double[] h = new double[w1.length];
          double loss = 0;
          for (int n = 0; n < xs.length; n++) {
            for (int i = 0; i < w1.length; i++) {
              h[i] = Math.tanh(dot(w1[i], xs[n]));
            }
            double d = dot(w2, h) - ys[n];
            loss += d * d;
          }
          return loss;
        }
      """;

  private static final Map<String, String> CHUNKS = Sources.splitMethods(MEMBERS);

  /** Method {@code name} compiled alone with the helpers it calls. */
  static DiffMethod m(String name, String... helpers) {
    StringBuilder members = new StringBuilder();
    for (String h : helpers) {
      members.append(CHUNKS.get(h));
    }
    members.append(CHUNKS.get(name));
    return Sources.compileClass(CLASS, members.toString()).method(CLASS, name);
  }

  // ---------------------------------------------------------------- products

  @Test
  void dotProduct() {
    double[] a = {0.5, -1.25, 2.0};
    double[] b = {3.0, 0.75, -0.4};
    m("dot").at(a, b).hasValue(1.5 - 0.9375 - 0.8).hasArrayGradient(b, a);
    m("dot").at(new double[] {2.5}, new double[] {-3.0}).hasArrayGradient(
        new double[] {-3.0}, new double[] {2.5});
  }

  @Test
  void dotProductOfEmptyArrays() {
    m("dot").at(new double[0], new double[0]).hasValue(0).hasArrayGradient(
        new double[0], new double[0]);
  }

  @Test
  void arraysBesideAScalar() {
    double[] w = {0.3, -0.7};
    double[] x = {1.5, 2.5};
    m("affine").at(w, x, 0.25).hasValue(0.25 + 0.45 - 1.75).hasArrayGradient(x, w, 1.0);
  }

  @Test
  void matrixVectorProduct() {
    // s = y^T M x: ds/dM_ij = y_i x_j, ds/dx_j = sum_i y_i M_ij, ds/dy_i = (M x)_i.
    double[][] mat = {{1.0, -2.0, 0.5}, {0.25, 3.0, -1.5}};
    double[] x = {0.7, -0.3, 1.1};
    double[] y = {2.0, -0.5};
    double[][] dm = new double[2][3];
    double[] dx = new double[3];
    double[] dy = new double[2];
    double s = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        dm[i][j] = y[i] * x[j];
        dx[j] += y[i] * mat[i][j];
        dy[i] += mat[i][j] * x[j];
      }
      s += y[i] * dy[i];
    }
    m("bilinear").at(mat, x, y).hasValue(s).hasArrayGradient(dm, dx, dy);
  }

  @Test
  void raggedMatrix() {
    // Rows of different lengths: the inner loop runs m[i].length times.
    double[][] mat = {{1.0, -2.0, 0.5}, {0.25}};
    double[] x = {0.7, -0.3, 1.1};
    double[] y = {2.0, -0.5};
    double[][] dm = {{2.0 * 0.7, 2.0 * -0.3, 2.0 * 1.1}, {-0.5 * 0.7}};
    double[] dx = {2.0 * 1.0 - 0.5 * 0.25, 2.0 * -2.0, 2.0 * 0.5};
    double[] dy = {0.7 + 0.6 + 0.55, 0.25 * 0.7};
    m("bilinear").at(mat, x, y).hasArrayGradient(dm, dx, dy);
  }

  @Test
  void squaredNormOfAMatrixVectorProductThroughAWorkingArray() {
    // s = |M x|^2: ds/dM_ij = 2 r_i x_j, ds/dx_j = sum_i 2 r_i M_ij.
    double[][] mat = {{1.0, -2.0}, {0.5, 0.25}, {-1.0, 3.0}};
    double[] x = {0.4, -1.2};
    double[] r = new double[3];
    for (int i = 0; i < 3; i++) {
      r[i] = mat[i][0] * x[0] + mat[i][1] * x[1];
    }
    double[][] dm = new double[3][2];
    double[] dx = new double[2];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        dm[i][j] = 2 * r[i] * x[j];
        dx[j] += 2 * r[i] * mat[i][j];
      }
    }
    m("normOfProduct").at(mat, x)
        .hasValue(r[0] * r[0] + r[1] * r[1] + r[2] * r[2])
        .hasArrayGradient(dm, dx);
  }

  @Test
  void sumOfSquaresThroughAWorkingArray() {
    double[] x = {1.5, -0.5, 2.0, 0.0};
    m("sumOfSquares").at(x).hasValue(2.25 + 0.25 + 4.0)
        .hasArrayGradient(new double[] {3.0, -1.0, 4.0, 0.0});
  }

  @Test
  void outerProductInALocalMatrix() {
    // sum_ij (a_i b_j)^2 = |a|^2 |b|^2.
    double[] a = {1.0, -2.0};
    double[] b = {0.5, 1.5, -1.0};
    double na = 5.0;
    double nb = 0.25 + 2.25 + 1.0;
    m("outerProduct").at(a, b).hasValue(na * nb).hasArrayGradient(
        new double[] {2 * a[0] * nb, 2 * a[1] * nb},
        new double[] {2 * b[0] * na, 2 * b[1] * na, 2 * b[2] * na});
  }

  // ---------------------------------------------------------------- in-place writes

  @Test
  void inPlaceRecurrenceOnAParameter() {
    // p_0 = a_0, p_i = a_i p_(i-1) + c; the value is p_(n-1). {0.5, 2, 3}, c = 1: p = 0.5, 2, 7.
    // Backwards with g = dp_(n-1)/dp_i: d/da_i = g p_(i-1), d/dc += g, g *= a_i.
    m("recurrence").at(new double[] {0.5, 2.0, 3.0}, 1.0)
        .hasValue(7.0)
        .hasArrayGradient(new double[] {6.0, 1.5, 2.0}, 4.0);
    double[] a = {0.9, -1.3, 0.4, 2.2, -0.6};
    double c = 0.35;
    double[] p = new double[a.length];
    p[0] = a[0];
    for (int i = 1; i < a.length; i++) {
      p[i] = a[i] * p[i - 1] + c;
    }
    double[] da = new double[a.length];
    double dc = 0;
    double g = 1;
    for (int i = a.length - 1; i >= 1; i--) {
      da[i] = g * p[i - 1];
      dc += g;
      g *= a[i];
    }
    da[0] = g;
    m("recurrence").at(a, c).hasValue(p[a.length - 1]).hasArrayGradient(da, dc);
  }

  @Test
  void inPlacePrefixSums() {
    // S_i = a_0 + ... + a_i, value sum_i S_i^2, d/da_k = sum_(i >= k) 2 S_i.
    double[] a = {1.0, -2.0, 0.5, 3.0};
    double[] s = {1.0, -1.0, -0.5, 2.5};
    double[] da = new double[4];
    for (int k = 0; k < 4; k++) {
      for (int i = k; i < 4; i++) {
        da[k] += 2 * s[i];
      }
    }
    m("prefixSums").at(a).hasValue(1 + 1 + 0.25 + 6.25).hasArrayGradient(da);
  }

  @Test
  void overwritingAnElementWhoseOldValueIsNeeded() {
    // a_i <- a_i^2, then a_0 a_1 + sin(a_2): a_0^2 a_1^2 + sin(a_2^2).
    double[] a = {1.5, -0.8, 0.9};
    double a0 = a[0];
    double a1 = a[1];
    double a2 = a[2];
    m("squareInPlace").at(a)
        .hasValue(a0 * a0 * (a1 * a1) + Math.sin(a2 * a2))
        .hasArrayGradient(
            new double[] {
              2 * a0 * a1 * a1, 2 * a1 * a0 * a0, Math.cos(a2 * a2) * 2 * a2
            });
  }

  @Test
  void overwritingTheSameElementTwiceAndSelfCompound() {
    // a_0 <- (a_0^2)^2 + x, a_1 <- a_1 * a_1; value (a_0^4 + x) a_1^2.
    double a0 = 1.2;
    double a1 = -0.7;
    double x = 0.3;
    double v0 = Math.pow(a0, 4) + x;
    double v1 = a1 * a1;
    m("squareTwice").at(new double[] {a0, a1}, x)
        .hasArrayGradient(new double[] {4 * a0 * a0 * a0 * v1, 2 * a1 * v0}, v1);
  }

  @Test
  void compoundAssignmentsAndIncrementsOfElements() {
    // A0 = a0 + x + 1, A1 = a1 - x^2, A2 = a2 x + 1, A3 = a3 / x; A0 A1 + A2 + A3^2.
    double[] a = {0.5, 2.0, -1.5, 3.0};
    double x = 1.25;
    double big0 = a[0] + x + 1;
    double big1 = a[1] - x * x;
    double big2 = a[2] * x + 1;
    double big3 = a[3] / x;
    double[] da = {big1, big0, x, 2 * big3 / x};
    double dx = big1 - 2 * x * big0 + a[2] - 2 * big3 * a[3] / (x * x);
    m("compound").at(a, x)
        .hasValue(big0 * big1 + big2 + big3 * big3)
        .hasArrayGradient(da, dx);
  }

  @Test
  void compoundAssignmentsOnMatrixElements() {
    // M'_ij = M_ij x + (i - j), then M'_00 + 1; value det of the 2x2 M'.
    double[][] mat = {{0.5, 1.5}, {-2.0, 0.75}};
    double x = 1.4;
    double p00 = mat[0][0] * x + 1;
    double p01 = mat[0][1] * x - 1;
    double p10 = mat[1][0] * x + 1;
    double p11 = mat[1][1] * x;
    double[][] dm = {{p11 * x, -p10 * x}, {-p01 * x, p00 * x}};
    double dx = mat[0][0] * p11 + p00 * mat[1][1] - mat[0][1] * p10 - p01 * mat[1][0];
    m("matrixCompound").at(mat, x).hasValue(p00 * p11 - p01 * p10).hasArrayGradient(dm, dx);
  }

  @Test
  void writesThroughARowAliasChangeTheMatrix() {
    // row = m[1]; m10 <- m10 x; m11 <- m11 + x; value m10 x (m11 + x) + m00 m10 x.
    double[][] mat = {{0.6, -1.0}, {1.5, 0.4}};
    double x = 0.8;
    double m00 = mat[0][0];
    double m10 = mat[1][0];
    double m11 = mat[1][1];
    double[][] dm = {
      {m10 * x, 0.0}, {x * (m11 + x) + m00 * x, m10 * x}
    };
    double dx = m10 * (m11 + x) + m10 * x + m00 * m10;
    m("rowAlias").at(mat, x)
        .hasValue(m10 * x * (m11 + x) + m00 * m10 * x)
        .hasArrayGradient(dm, dx);
  }

  @Test
  void rowAliasInALoopNormalisesEachRow() {
    // t = sum_i m_i0 / s_i with s_i = sum_j m_ij.
    double[][] mat = {{1.0, 2.0, 3.0}, {0.5, 0.25, 1.25}};
    double[][] dm = new double[2][3];
    double t = 0;
    for (int i = 0; i < 2; i++) {
      double s = mat[i][0] + mat[i][1] + mat[i][2];
      t += mat[i][0] / s;
      for (int j = 0; j < 3; j++) {
        dm[i][j] = (j == 0 ? 1 / s : 0) - mat[i][0] / (s * s);
      }
    }
    m("normaliseRows").at(mat).hasValue(t).hasArrayGradient(dm);
  }

  @Test
  void writesThroughAnAliasOfAParameter() {
    // u = x; u_0 <- u_0 c; value c x0 x1.
    m("aliasOfParameter").at(new double[] {1.5, 2.0}, 3.0)
        .hasValue(9.0)
        .hasArrayGradient(new double[] {6.0, 4.5}, 3.0);
  }

  // ---------------------------------------------------------------- softmax and friends

  @Test
  void logSumExpHasTheSoftmaxAsGradient() {
    double[] z = {0.3, -1.2, 2.5, 0.0};
    double total = 0;
    for (double zi : z) {
      total += Math.exp(zi);
    }
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i]) / total;
    }
    m("logSumExp").at(z).hasValue(Math.log(total)).hasArrayGradient(p);
    // Large values: the max shift keeps it finite.
    double[] big = {1000.0, 999.0};
    double e = Math.exp(-1.0);
    m("logSumExp").at(big).hasArrayGradient(new double[] {1 / (1 + e), e / (1 + e)});
  }

  @Test
  void crossEntropyThroughAHelperTakingTheArray() {
    double[] z = {1.0, -0.5, 0.25};
    double total = Math.exp(1.0) + Math.exp(-0.5) + Math.exp(0.25);
    for (int label = 0; label < 3; label++) {
      double[] g = new double[3];
      for (int i = 0; i < 3; i++) {
        g[i] = Math.exp(z[i]) / total - (i == label ? 1 : 0);
      }
      m("crossEntropy", "logSumExp").at(z, label)
          .hasValue(Math.log(total) - z[label])
          .hasArrayGradient(g);
    }
  }

  @Test
  void softmaxExpectationWithAConstantArray() {
    // e = sum_i p_i v_i, de/dz_k = p_k (v_k - e).
    double[] z = {0.5, 1.5, -0.25};
    double[] v = {2.0, -1.0, 4.0};
    double total = 0;
    for (double zi : z) {
      total += Math.exp(zi);
    }
    double e = 0;
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      p[i] = Math.exp(z[i]) / total;
      e += p[i] * v[i];
    }
    double[] dz = new double[3];
    for (int k = 0; k < 3; k++) {
      dz[k] = p[k] * (v[k] - e);
    }
    m("softmaxExpectation").at(z, v).hasValue(e).hasArrayGradient(dz);
  }

  // ---------------------------------------------------------------- literals and allocations

  @Test
  void arrayLiteralsWithActiveElements() {
    // u = {a, b, 1}, v = {ab, sin a}: ab + ab sin a + 3.
    double a = 0.7;
    double b = -1.3;
    m("literals").at(a, b)
        .hasValue(a * b + a * b * Math.sin(a) + 3)
        .hasGradient(b + b * Math.sin(a) + a * b * Math.cos(a), a + a * Math.sin(a));
  }

  @Test
  void arrayLiteralInsideALoop() {
    // sum_i x_i x_(i+1) c.
    double[] x = {1.0, 2.0, -0.5, 3.0};
    double c = 0.5;
    double[] dx = {2.0 * c, (1.0 - 0.5) * c, (2.0 + 3.0) * c, -0.5 * c};
    double dc = 2.0 - 1.0 - 1.5;
    m("literalInLoop").at(x, c).hasValue(dc * c).hasArrayGradient(dx, dc);
  }

  @Test
  void arrayAllocatedInsideTheLoopBodyEachIteration() {
    // s_0 = y, s_(k+1) = sum_i sin(x_i s_k); replayed forward with the tangents of s.
    double[] x = {0.4, -0.9, 1.3};
    double y = 0.8;
    for (int n : new int[] {0, 1, 3}) {
      double s = y;
      double[] ds = new double[3];
      double dy = 1;
      for (int k = 0; k < n; k++) {
        double next = 0;
        double[] nextDs = new double[3];
        double nextDy = 0;
        for (int i = 0; i < 3; i++) {
          double cos = Math.cos(x[i] * s);
          next += Math.sin(x[i] * s);
          for (int j = 0; j < 3; j++) {
            nextDs[j] += cos * ((i == j ? s : 0) + x[i] * ds[j]);
          }
          nextDy += cos * x[i] * dy;
        }
        s = next;
        ds = nextDs;
        dy = nextDy;
      }
      m("freshEachIteration").at(x, y, n).hasValue(s).hasArrayGradient(ds, dy);
    }
  }

  // ---------------------------------------------------------------- control flow

  @Test
  void earlyReturnInsideALoopOverAnArray() {
    double[] x = {0.5, 1.0, 2.5, 4.0};
    // First element above 2 is x_2: value x_2^2 + 2 t.
    m("firstAbove").at(x, 2.0)
        .hasValue(6.25 + 4.0)
        .hasArrayGradient(new double[] {0, 0, 5.0, 0}, 2.0);
    // First element above 0.25 is x_0: value x_0^2.
    m("firstAbove").at(x, 0.25).hasArrayGradient(new double[] {1.0, 0, 0, 0}, 0.0);
    // None above 5: the sum.
    m("firstAbove").at(x, 5.0).hasValue(8.0).hasArrayGradient(new double[] {1, 1, 1, 1}, 0.0);
  }

  @Test
  void breakAndContinueInALoopOverAnArray() {
    // Skips negatives, stops at the first element above 10; d(x^1.5)/dx = 1.5 sqrt(x).
    double[] x = {4.0, -1.0, 2.25, 12.0, 9.0};
    m("breakAndContinue").at(x)
        .hasValue(8.0 + 3.375)
        .hasArrayGradient(new double[] {3.0, 0, 2.25, 0, 0});
  }

  @Test
  void returnFromNestedLoopsOverAMatrix() {
    double[][] mat = {{0.5, 0.2}, {0.1, 0.9}, {3.0}};
    // t = 1.5: the first m_ij t > 1 is m_11 (1.35); value m_11 t 2.
    m("returnInMatrixLoop").at(mat, 1.5)
        .hasValue(0.9 * 1.5 * 2)
        .hasArrayGradient(new double[][] {{0, 0}, {0, 2 * 1.5}, {0}}, 2 * 0.9);
    // t = 0.5: only m_20 (1.5); value m_20 t 3.
    m("returnInMatrixLoop").at(mat, 0.5)
        .hasArrayGradient(new double[][] {{0, 0}, {0, 0}, {3 * 0.5}}, 3 * 3.0);
    // t = 0.25: none; value t^2.
    m("returnInMatrixLoop").at(mat, 0.25)
        .hasArrayGradient(new double[][] {{0, 0}, {0, 0}, {0}}, 0.5);
  }

  @Test
  void writesInsideBranches() {
    // x_0 > 0: x_0 x_1; else 3 (x_0 - x_1)^2.
    m("branchWrites").at(new double[] {1.5, -2.0}).hasValue(-3.0)
        .hasArrayGradient(new double[] {-2.0, 1.5});
    m("branchWrites").at(new double[] {-0.5, 1.0}).hasValue(3 * 2.25)
        .hasArrayGradient(new double[] {6 * -1.5, -6 * -1.5});
  }

  @Test
  void rowsOfALocalMatrixAndElementDecrement() {
    // t_0i = x_i^2 (through the row alias r0), t_1i = x_i^3 - 1: sum x_i^2 + x_i^3 - 1.
    double[] x = {1.5, -0.5, 2.0};
    double[] dx = new double[3];
    double s = 0;
    for (int i = 0; i < 3; i++) {
      dx[i] = 2 * x[i] + 3 * x[i] * x[i];
      s += x[i] * x[i] + x[i] * x[i] * x[i] - 1;
    }
    m("localMatrixRows").at(x).hasValue(s).hasArrayGradient(dx);
  }

  @Test
  void constantArraysTheMethodWritesIntoAreLeftUnchangedToo() {
    // buf_i <- 2 buf_i + i, idx_i <- idx_i + 1; sum buf_i x_i + idx_i: dx_i = 2 buf_i + i.
    double[] x = {0.5, -1.0, 2.0};
    double[] buf = {1.0, 0.25, -3.0};
    int[] idx = {4, 5, 6};
    m("writesConstantArrays").at(x, buf, idx)
        .hasValue(2.0 * 0.5 + 1.5 * -1.0 + -4.0 * 2.0 + 5 + 6 + 7)
        .hasArrayGradient(new double[] {2.0, 1.5, -4.0})
        .leavesArgumentsUnchanged();
  }

  // ---------------------------------------------------------------- calls with arrays

  @Test
  void helperCalledOnRowsInALoop() {
    // s = sum_i (W_i . x)^2: dW_ij = 2 z_i x_j, dx_j = sum_i 2 z_i W_ij.
    double[][] w = {{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}};
    double[] x = {1.0, 0.4, -0.6};
    double[][] dw = new double[2][3];
    double[] dx = new double[3];
    double s = 0;
    for (int i = 0; i < 2; i++) {
      double z = w[i][0] * x[0] + w[i][1] * x[1] + w[i][2] * x[2];
      s += z * z;
      for (int j = 0; j < 3; j++) {
        dw[i][j] = 2 * z * x[j];
        dx[j] += 2 * z * w[i][j];
      }
    }
    m("rowsThroughHelper", "dot").at(w, x).hasValue(s).hasArrayGradient(dw, dx);
  }

  @Test
  void helperCalledOnArrayVariablesInALoop() {
    // s = sum_i tanh(W_i . x).
    double[][] w = {{0.5, -1.0}, {1.5, 0.25}, {-0.3, 0.8}};
    double[] x = {0.6, -0.4};
    double[][] dw = new double[3][2];
    double[] dx = new double[2];
    for (int i = 0; i < 3; i++) {
      double z = w[i][0] * x[0] + w[i][1] * x[1];
      double d = 1 - Math.tanh(z) * Math.tanh(z);
      for (int j = 0; j < 2; j++) {
        dw[i][j] = d * x[j];
        dx[j] += d * w[i][j];
      }
    }
    m("variablesThroughHelper", "dot").at(w, x).hasArrayGradient(dw, dx);
  }

  // ---------------------------------------------------------------- a small network

  /** Hand-derived backpropagation of the 2-layer tanh network, one example; adds into grads. */
  private static double backprop(
      double[][] w1, double[] b1, double[] w2, double b2, double[] x, double y, double scale,
      double[][] dw1, double[] db1, double[] dw2, double[] db2) {
    int hidden = w1.length;
    double[] h = new double[hidden];
    double out = b2;
    for (int i = 0; i < hidden; i++) {
      double z = b1[i];
      for (int j = 0; j < x.length; j++) {
        z += w1[i][j] * x[j];
      }
      h[i] = Math.tanh(z);
      out += w2[i] * h[i];
    }
    double d = out - y;
    double e = scale * 2 * d;
    db2[0] += e;
    for (int i = 0; i < hidden; i++) {
      dw2[i] += e * h[i];
      double dz = e * w2[i] * (1 - h[i] * h[i]);
      db1[i] += dz;
      for (int j = 0; j < x.length; j++) {
        dw1[i][j] += dz * x[j];
      }
    }
    return scale * d * d;
  }

  @Test
  void twoLayerNetwork() {
    double[][] w1 = {{0.2, -0.5, 0.1}, {0.7, 0.3, -0.4}};
    double[] b1 = {0.05, -0.1};
    double[] w2 = {1.2, -0.8};
    double b2 = 0.3;
    double[] x = {1.0, 0.5, -1.5};
    double y = 0.25;
    double[][] dw1 = new double[2][3];
    double[] db1 = new double[2];
    double[] dw2 = new double[2];
    double[] db2 = new double[1];
    double loss = backprop(w1, b1, w2, b2, x, y, 1.0, dw1, db1, dw2, db2);
    m("mlpLoss").at(w1, b1, w2, b2, x, y).hasValue(loss).hasArrayGradient(dw1, db1, dw2, db2[0]);
  }

  @Test
  void twoLayerNetworkOverABatchThroughAHelper() {
    double[][] w1 = {{0.2, -0.5}, {0.7, 0.3}, {-0.6, 0.9}};
    double[] b1 = {0.05, -0.1, 0.2};
    double[] w2 = {1.2, -0.8, 0.4};
    double b2 = -0.3;
    double[][] xs = {{1.0, 0.5}, {-1.5, 2.0}, {0.25, -0.75}, {0.0, 1.0}};
    double[] ys = {0.25, -1.0, 0.5, 0.0};
    double[][] dw1 = new double[3][2];
    double[] db1 = new double[3];
    double[] dw2 = new double[3];
    double[] db2 = new double[1];
    double loss = 0;
    for (int n = 0; n < xs.length; n++) {
      loss += backprop(w1, b1, w2, b2, xs[n], ys[n], 1.0 / xs.length, dw1, db1, dw2, db2);
    }
    m("mlpWithHelper", "dot").at(w1, b1, w2, b2, xs, ys)
        .hasValue(loss)
        .hasArrayGradient(dw1, db1, dw2, db2[0]);
  }

  // ---------------------------------------------------------------- constant arrays and indices

  @Test
  void gatherThroughAnIntIndexArrayWithRepeats() {
    // s = sum_i w_i x_(idx_i)^2: dx_k = sum over i with idx_i = k of 2 w_i x_k.
    double[] x = {1.5, -2.0, 0.5};
    int[] idx = {2, 0, 2, 2};
    double[] wts = {1.0, 0.5, -0.25, 2.0};
    double[] dx = {2 * 0.5 * 1.5, 0.0, 2 * (1.0 - 0.25 + 2.0) * 0.5};
    m("gather").at(x, idx, wts)
        .hasValue((1.0 - 0.25 + 2.0) * 0.25 + 0.5 * 2.25)
        .hasArrayGradient(dx);
  }

  @Test
  void booleanAndLongArraysAreConstants() {
    double[] x = {1.5, -2.0, 0.5};
    boolean[] mask = {true, false, true};
    long[] powers = {3, 2, 4};
    m("masked").at(x, mask, powers)
        .hasValue(3.375 + 0.0625)
        .hasArrayGradient(new double[] {3 * 2.25, 0.0, 4 * 0.125});
  }

  @Test
  void recordAndAdjointHaveComponentsForActiveArraysOnly() {
    DiffMethod g = m("gather");
    assertEquals(java.util.List.of("x"), g.activeNames());
    g.assertContract();
    RecordComponent[] components = g.recordClass().getRecordComponents();
    assertEquals(2, components.length, Arrays.toString(components));
    assertEquals(double[].class, components[1].getType());
    DiffMethod net = m("mlpLoss");
    net.assertContract();
    assertEquals(java.util.List.of("w1", "b1", "w2", "b2"), net.activeNames());
    assertEquals(double[][].class, net.recordClass().getRecordComponents()[1].getType());
  }

  @Test
  void indexArithmeticOnAFlattenedMatrix() {
    // s = x^T A x with A stored row-major: dA_(kd+j) = x_k x_j, dx = (A + A^T) x.
    int d = 3;
    double[] a = {1.0, 0.5, -0.25, 2.0, -1.0, 0.75, 0.1, 0.2, 0.3};
    double[] x = {0.6, -1.1, 0.9};
    double[] da = new double[9];
    double[] dx = new double[3];
    double s = 0;
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < d; j++) {
        da[k * d + j] = x[k] * x[j];
        dx[k] += a[k * d + j] * x[j];
        dx[j] += a[k * d + j] * x[k];
        s += x[k] * a[k * d + j] * x[j];
      }
    }
    m("quadraticForm").at(a, x, d).hasValue(s).hasArrayGradient(da, dx);
  }

  @Test
  void indexArithmeticWithThePreviousElement() {
    // sum (a_i - a_(i-1))^2.
    double[] a = {1.0, 3.0, 2.5, -0.5};
    double[] e = {0, 2.0, -0.5, -3.0};
    double[] da = new double[4];
    for (int i = 0; i < 4; i++) {
      da[i] = (i > 0 ? 2 * e[i] : 0) - (i < 3 ? 2 * e[i + 1] : 0);
    }
    m("differences").at(a).hasValue(4 + 0.25 + 9).hasArrayGradient(da);
  }

  // ---------------------------------------------------------------- combinations

  @Test
  void repeatedInPlaceSweepsOverAParameter() {
    // a_i <- a_i / 2 + sin(a_(i-1)) (a_(i-1) already updated), n sweeps; value sum a_i^2.
    // Forward replay with the Jacobian J_ik = da_i / da0_k.
    double[] a0 = {0.3, -1.2, 0.8, 1.5};
    for (int n : new int[] {1, 3}) {
      double[] a = a0.clone();
      double[][] jac = new double[4][4];
      for (int i = 0; i < 4; i++) {
        jac[i][i] = 1;
      }
      for (int s = 0; s < n; s++) {
        for (int i = 1; i < 4; i++) {
          double cos = Math.cos(a[i - 1]);
          for (int k = 0; k < 4; k++) {
            jac[i][k] = 0.5 * jac[i][k] + cos * jac[i - 1][k];
          }
          a[i] = a[i] * 0.5 + Math.sin(a[i - 1]);
        }
      }
      double t = 0;
      double[] grad = new double[4];
      for (int i = 0; i < 4; i++) {
        t += a[i] * a[i];
        for (int k = 0; k < 4; k++) {
          grad[k] += 2 * a[i] * jac[i][k];
        }
      }
      m("sweeps").at(a0, n).hasValue(t).hasArrayGradient(grad);
    }
  }

  @Test
  void scratchElementOverwrittenEachIteration() {
    // sum_i x_i^2 y_i, through t[0] that every iteration overwrites.
    double[] x = {1.5, -0.5, 2.0};
    double[] y = {0.25, 3.0, -1.0};
    double[] dx = new double[3];
    double[] dy = new double[3];
    for (int i = 0; i < 3; i++) {
      dx[i] = 2 * x[i] * y[i];
      dy[i] = x[i] * x[i];
    }
    m("scratchElementReused").at(x, y)
        .hasValue(2.25 * 0.25 + 0.25 * 3.0 - 4.0)
        .hasArrayGradient(dx, dy);
  }

  @Test
  void inPlaceWritesThenAnEarlyReturn() {
    // a_i <- a_i + a_(i-1)^2 until a_i > limit, then a_i i; forward replay with J.
    double[] a0 = {0.9, 0.4, -0.3, 0.2, 0.1};
    for (double limit : new double[] {0.5, 1.2, 100.0}) {
      double[] a = a0.clone();
      double[][] jac = new double[5][5];
      for (int i = 0; i < 5; i++) {
        jac[i][i] = 1;
      }
      double value = Double.NaN;
      double[] grad = null;
      for (int i = 1; i < 5 && grad == null; i++) {
        for (int k = 0; k < 5; k++) {
          jac[i][k] += 2 * a[i - 1] * jac[i - 1][k];
        }
        a[i] = a[i] + a[i - 1] * a[i - 1];
        if (a[i] > limit) {
          value = a[i] * i;
          grad = new double[5];
          for (int k = 0; k < 5; k++) {
            grad[k] = i * jac[i][k];
          }
        }
      }
      if (grad == null) {
        value = a[4];
        grad = jac[4];
      }
      m("growUntil").at(a0, limit).hasValue(value).hasArrayGradient(grad, 0.0);
    }
  }

  @Test
  void determinantByInPlaceEliminationHasTheCofactorMatrixAsGradient() {
    // d det(A) / dA = cofactor matrix (det A times the inverse transposed).
    double[][] a = {{2.0, 1.0, -1.0}, {0.5, 3.0, 2.0}, {1.0, -2.0, 4.0}};
    double[][] cof = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int r0 = (i + 1) % 3;
        int r1 = (i + 2) % 3;
        int c0 = (j + 1) % 3;
        int c1 = (j + 2) % 3;
        // Cyclic minors carry the cofactor sign for 3x3.
        cof[i][j] = a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0];
      }
    }
    double det = a[0][0] * cof[0][0] + a[0][1] * cof[0][1] + a[0][2] * cof[0][2];
    m("determinant").at(a).hasValue(det).hasArrayGradient(cof);
    m("determinant").at(new double[][] {{3.0}}).hasValue(3.0)
        .hasArrayGradient(new double[][] {{1.0}});
    m("determinant").at(new double[][] {{1.5, -2.0}, {0.5, 4.0}}).hasValue(7.0)
        .hasArrayGradient(new double[][] {{4.0, -0.5}, {2.0, 1.5}});
  }

  @Test
  void writeThroughARowAliasThenHelpersReadingTheRow() {
    // m_00 <- m_00 x; value row . v + m_0 . m_1 with the updated row.
    double[][] mat = {{0.5, -1.5}, {2.0, 0.25}};
    double[] v = {1.25, -0.4};
    double x = 1.6;
    double r0 = mat[0][0] * x;
    double r1 = mat[0][1];
    double value = r0 * v[0] + r1 * v[1] + r0 * mat[1][0] + r1 * mat[1][1];
    double[][] dm = {
      {(v[0] + mat[1][0]) * x, v[1] + mat[1][1]}, {r0, r1}
    };
    double[] dv = {r0, r1};
    double dx = (v[0] + mat[1][0]) * mat[0][0];
    m("aliasWriteThenHelper", "dot").at(mat, v, x).hasValue(value).hasArrayGradient(dm, dv, dx);
  }

  @Test
  void networkWithAHiddenArrayReusedAcrossExamples() {
    // h is allocated once and overwritten for every example.
    double[][] w1 = {{0.2, -0.5}, {0.7, 0.3}};
    double[] w2 = {1.2, -0.8};
    double[][] xs = {{1.0, 0.5}, {-1.5, 2.0}, {0.25, -0.75}};
    double[] ys = {0.25, -1.0, 0.5};
    double[][] dw1 = new double[2][2];
    double[] dw2 = new double[2];
    double loss = 0;
    for (int n = 0; n < 3; n++) {
      double[] h = new double[2];
      double out = 0;
      for (int i = 0; i < 2; i++) {
        h[i] = Math.tanh(w1[i][0] * xs[n][0] + w1[i][1] * xs[n][1]);
        out += w2[i] * h[i];
      }
      double d = out - ys[n];
      loss += d * d;
      for (int i = 0; i < 2; i++) {
        dw2[i] += 2 * d * h[i];
        double dz = 2 * d * w2[i] * (1 - h[i] * h[i]);
        for (int j = 0; j < 2; j++) {
          dw1[i][j] += dz * xs[n][j];
        }
      }
    }
    m("mlpReusedHidden", "dot").at(w1, w2, xs, ys).hasValue(loss).hasArrayGradient(dw1, dw2);
  }

  // ---------------------------------------------------------------- VJP and the caller's arrays

  @Test
  void vjpAllocatesAddsIntoAndResetsTheAdjointArrays() throws Exception {
    DiffMethod dot = m("affine");
    double[] w = {0.3, -0.7};
    double[] x = {1.5, 2.5};
    Class<?> adjClass = dot.adjointClass();
    Object adjoint = adjClass.getConstructor().newInstance();
    Field fw = adjClass.getField("w");
    Field fx = adjClass.getField("x");
    Field fb = adjClass.getField("b");
    assertNull(fw.get(adjoint), "fresh adjoint.w");
    assertNull(fx.get(adjoint), "fresh adjoint.x");
    double v = (Double) dot.vjpMethod().invoke(null, w, x, 0.25, 2.0, adjoint);
    assertEquals(0.25 + 0.45 - 1.75, v, 1e-15);
    double[] aw = (double[]) fw.get(adjoint);
    double[] ax = (double[]) fx.get(adjoint);
    assertNotNull(aw);
    assertArrayEquals(new double[] {3.0, 5.0}, aw, 1e-15);
    assertArrayEquals(new double[] {0.6, -1.4}, ax, 1e-15);
    assertEquals(2.0, fb.getDouble(adjoint));
    dot.vjpMethod().invoke(null, w, x, 0.25, 2.0, adjoint);
    assertSame(aw, fw.get(adjoint), "the second call adds into the same array");
    assertArrayEquals(new double[] {6.0, 10.0}, aw, 1e-15);
    assertArrayEquals(new double[] {1.2, -2.8}, ax, 1e-15);
    adjClass.getMethod("reset").invoke(adjoint);
    assertSame(aw, fw.get(adjoint), "reset keeps the arrays");
    assertArrayEquals(new double[] {0.0, 0.0}, aw);
    assertArrayEquals(new double[] {0.0, 0.0}, ax);
    assertEquals(0.0, fb.getDouble(adjoint));
    // A caller-allocated, pre-filled array is used and added to.
    double[] mine = {100.0, 200.0};
    fw.set(adjoint, mine);
    dot.vjpMethod().invoke(null, w, x, 0.25, -1.0, adjoint);
    assertSame(mine, fw.get(adjoint));
    assertArrayEquals(new double[] {98.5, 197.5}, mine, 1e-13);
    assertArrayEquals(new double[] {1.5, 2.5}, x, "x unchanged");
    assertArrayEquals(new double[] {0.3, -0.7}, w, "w unchanged");
  }

  @Test
  void vjpAccumulatesForAMethodThatOverwritesItsArrayParameter() throws Exception {
    // recurrence({0.5, 2, 3}, 1) has gradient a: {6, 1.5, 2}, c: 4 (see above).
    DiffMethod rec = m("recurrence");
    Class<?> adjClass = rec.adjointClass();
    Object adjoint = adjClass.getConstructor().newInstance();
    Field fa = adjClass.getField("a");
    Field fc = adjClass.getField("c");
    double[] a = {0.5, 2.0, 3.0};
    rec.vjpMethod().invoke(null, a, 1.0, 1.0, adjoint);
    assertArrayEquals(new double[] {6.0, 1.5, 2.0}, (double[]) fa.get(adjoint), 1e-15);
    assertEquals(4.0, fc.getDouble(adjoint), 1e-15);
    rec.vjpMethod().invoke(null, a, 1.0, 1.0, adjoint);
    assertArrayEquals(
        new double[] {12.0, 3.0, 4.0}, (double[]) fa.get(adjoint), 1e-15, "second call adds");
    assertEquals(8.0, fc.getDouble(adjoint), 1e-15);
    assertArrayEquals(new double[] {0.5, 2.0, 3.0}, a, "a unchanged");
  }

  @Test
  void theCallersArraysAreNeverChanged() {
    // Each of these writes into an array parameter (or a row of one, or through an alias).
    m("recurrence").at(new double[] {0.5, 2.0, 3.0}, 1.0).leavesArgumentsUnchanged();
    m("prefixSums").at(new double[] {1.0, -2.0, 0.5}).leavesArgumentsUnchanged();
    m("squareInPlace").at(new double[] {1.5, -0.8, 0.9}).leavesArgumentsUnchanged();
    m("compound").at(new double[] {0.5, 2.0, -1.5, 3.0}, 1.25).leavesArgumentsUnchanged();
    m("matrixCompound").at(new double[][] {{0.5, 1.5}, {-2.0, 0.75}}, 1.4)
        .leavesArgumentsUnchanged();
    m("rowAlias").at(new double[][] {{0.6, -1.0}, {1.5, 0.4}}, 0.8).leavesArgumentsUnchanged();
    m("normaliseRows").at(new double[][] {{1.0, 2.0}, {0.5, 0.25}}).leavesArgumentsUnchanged();
    m("aliasOfParameter").at(new double[] {1.5, 2.0}, 3.0).leavesArgumentsUnchanged();
  }

  @Test
  void theCallersArraysAreNeverChangedDirectly() throws Exception {
    // The same, without the harness's copies: the very arrays passed are compared afterwards.
    DiffMethod rows = m("rowAlias");
    double[][] mat = {{0.6, -1.0}, {1.5, 0.4}};
    double[] row1 = mat[1];
    rows.gradientMethod().invoke(null, mat, 0.8);
    assertSame(row1, mat[1]);
    assertArrayEquals(new double[] {1.5, 0.4}, mat[1], "m[1] after m(...)");
    Object adjoint = rows.adjointClass().getConstructor().newInstance();
    rows.vjpMethod().invoke(null, mat, 0.8, 1.0, adjoint);
    assertArrayEquals(new double[] {1.5, 0.4}, mat[1], "m[1] after mVjp(...)");
    assertArrayEquals(new double[] {0.6, -1.0}, mat[0], "m[0] after mVjp(...)");
    // The original, by contrast, does write: the harness must call it on a copy.
    double[][] copy = {{0.6, -1.0}, {1.5, 0.4}};
    assertTrue(rows.primal(copy, 0.8) != 0);
    assertArrayEquals(new double[] {1.5, 0.4}, copy[1], "the harness copies its arguments");
  }
}
