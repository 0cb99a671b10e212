package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Assignments, compound assignments, {@code ++} and {@code --} inside expressions, on int and
 * long locals and parameters, active doubles and array elements: in declarations, array
 * indices, call arguments and return values, in loops (so the reverse sweep undoes them) and in
 * branches. Every value must equal the method's own result exactly (the side effects happen
 * exactly once, in Java's order: the final values of counters feed the results), and every
 * gradient is compared with a closed form worked out by hand (for loops, by replaying the loop
 * with the derivative of each step) and with central differences, by {@code Point.hasGradient}.
 *
 * <p>Each method is compiled in a unit of its own (with the helpers it calls).
 */
class SideEffectsInExpressionsTest {
  static final String CLASS = "p.Fx";
  static final String MEMBERS =
      """
        @Differentiable static double square(double z) {
          return z * z;
        }
        @Differentiable static double compoundInside(double[] a, double x) {
          double res = 0;
          for (int i = 0; i < a.length; i++) {
            res += (a[i] *= x);
          }
          return res + a[0];
        }
        @Differentiable static double assignmentAsValue(double x, double y) {
          return (x = y) / (y * y);
        }
        @Differentiable static double chained(double x, double y) {
          double a;
          double b;
          a = b = x * y;
          b += x;
          int i;
          int j;
          i = j = 3;
          return a * b + i * j;
        }
        @Differentiable static double storeByCounter(double[] x, int n) {
          double[] t = new double[n];
          int k = 0;
          while (k < n) {
            t[k++] = x[k % x.length] * k;
          }
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += t[j] * t[j];
          }
          return s + k;
        }
        @Differentiable static double sumWithCursor(double[] v, double w) {
          double s = 0;
          int i = 0;
          while (i < v.length) {
            s += v[i++] * w;
          }
          return s * i;
        }
        @Differentiable static double assignmentAsArgument(double x, double y, int n) {
          double u = 0;
          double r = square(u = x * y) + u;
          for (int i = 0; i < n; i++) {
            r += square(u += x) * 0.5;
          }
          return r;
        }
        @Differentiable static double sinesOfCounter(double x, int n) {
          int k = 0;
          double s = 0;
          while (k < n) {
            s += Math.sin(++k * x) / k;
          }
          return s + k;
        }
        @Differentiable static double initialisersAndOrder(double x, double y) {
          double p = x++ * x++;
          double a = y + (y = p * 2);
          double b = (y = y * 3) + y;
          return p + a * b + x;
        }
        @Differentiable static double incrementedIndex(double[] x) {
          int i = 0;
          double s = 0;
          while (i + 1 < x.length) {
            s += x[i] * x[++i];
          }
          return s + i;
        }
        @Differentiable static double inReturn(double x, int n) {
          double s = x * x;
          return (s += x) * s + (n = n * 2) * x + n;
        }
        @Differentiable static double narrowing(double x, int k, long c) {
          double r = x * (k += 2.7);
          r += x * (k /= 2);
          r += (c *= 3) * x + (c++) + (--c);
          r += x * (k %= 3);
          return r + k + c;
        }
        @Differentiable static double matrixElements(double[][] m, double x) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s += (m[i][j] *= x) * m[i][j]++;
            }
          }
          return s + m[0][0];
        }
        @Differentiable static double intElements(double[] x, int[] counts) {
          double s = 0;
          for (int j = 0; j < x.length; j++) {
            s += x[j] * counts[j]++;
            s += x[j] * ++counts[j];
          }
          return s + counts[0];
        }
        @Differentiable static double effectsInBranches(double x, int n) {
          double s = 0;
          int k = 0;
          for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
              s += x * k++;
            } else {
              s -= (x = x * 0.5) * ++k;
            }
          }
          return s + k + x;
        }
        @Differentiable static double doublePostIncrementInLoop(double x, int n) {
          double t = x;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += t++ * t;
          }
          return s + t;
        }
        @Differentiable static double elementOldValueKept(double[] a, double x) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * (a[i] = x * i) + a[i]--;
          }
          return s + a[a.length - 1];
        }
        @Differentiable static double callStatementWithIncrement(double[] a, double x) {
          int k = 0;
          double s = 0;
          while (k < a.length) {
            addTo(a, k++, x * k);
          }
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i];
          }
          return s + k;
        }
        static void addTo(double[] a, int i, double v) {
          a[i] += v;
        }
        @Differentiable static double compoundReadsItsTarget(double x, double y) {
          double z = x;
          z += (z = y) * z;
          double w = y;
          w *= w++ + w;
          return z + w;
        }
        @Differentiable static double splitCallArguments(double x, int n) {
          double s = 0;
          int k = 0;
          while (k < n) {
            s += square(x + k++) * Math.sin(square(x * k));
          }
          return s;
        }
        @Differentiable static double recursive(double x, int n) {
          if (n <= 0) {
            return x;
          }
          return recursive(x *= 1.5, --n) + x;
        }
        @Differentiable static double oldElementInALoop(double[] a, double x) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i]++ * Math.exp(a[i] * x);
          }
          return s + a[0];
        }
        @Differentiable static double indexThroughACursor(double[] x, int[] order) {
          double s = 0;
          int p = 0;
          for (int i = 0; i < order.length; i++) {
            double v = x[order[p++]];
            s += v * v * x[order[p - 1]];
          }
          return s;
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

  @Test
  void compoundAssignmentOfAnElementAsAnOperand() {
    // a_i <- a_i x, res = x sum(a); value x sum(a) + a_0 x.
    double[] a = {0.5, -1.5, 2.0};
    double x = 1.25;
    double sum = 0.5 - 1.5 + 2.0;
    m("compoundInside").at(a, x)
        .hasValue(x * sum + a[0] * x)
        .hasArrayGradient(new double[] {2 * x, x, x}, sum + a[0]);
  }

  @Test
  void theValueOfAnAssignmentIsTheValueAssigned() {
    // (x = y) / (y * y) = 1 / y, whatever x was: d/dx = 0, d/dy = -1 / y^2.
    m("assignmentAsValue").at(3.0, 0.8).hasValue(1 / 0.8).hasGradient(0.0, -1 / (0.8 * 0.8));
  }

  @Test
  void chainedAssignments() {
    // a = b = xy; b += x; i = j = 3: value xy (xy + x) + 9.
    double x = 1.5;
    double y = -0.4;
    double a = x * y;
    double b = x * y + x;
    m("chained").at(x, y)
        .hasValue(a * b + 9)
        .hasGradient(y * b + a * (y + 1), x * b + a * x);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "3", "7"})
  void storeAtAPostIncrementedIndexThenReadTheNewCounter(int n) {
    // t[k++] = x[k % L] * k: the index is the old k, the right-hand side sees the new one, so
    // t_j = x_((j+1) % L) (j + 1); value sum t_j^2 + n.
    double[] x = {0.5, -1.25, 2.0};
    double value = n;
    double[] dx = new double[3];
    for (int j = 0; j < n; j++) {
      double t = x[(j + 1) % 3] * (j + 1);
      value += t * t;
      dx[(j + 1) % 3] += 2 * t * (j + 1);
    }
    m("storeByCounter").at(x, n).hasValue(value).hasArrayGradient(dx);
  }

  @Test
  void sumThroughACursor() {
    // s += v[i++] * w: s = w sum(v), i = n; value n w sum(v).
    double[] v = {1.5, -0.5, 2.25, 0.75};
    double w = 0.6;
    double sum = 1.5 - 0.5 + 2.25 + 0.75;
    m("sumWithCursor").at(v, w)
        .hasValue(4 * w * sum)
        .hasArrayGradient(new double[] {4 * w, 4 * w, 4 * w, 4 * w}, 4 * sum);
  }

  @Test
  void aPostIncrementTheRestOfTheStatementLeavesAloneIsSteppedAfterIt() {
    // s += v[i++] * w reads as s += v[i] * w; i++; so the reverse sweep steps i back instead of
    // recording its old value; t[k++] = x[k % L] * k reads k again and keeps the old value apart.
    String cursor = m("sumWithCursor").compiled().generatedSource("p.Fx_Grad");
    assertTrue(cursor.contains("s += v[i] * w;\n") && cursor.contains("i++;") && !cursor.contains("iWas"), cursor);
    String store = m("storeByCounter").compiled().generatedSource("p.Fx_Grad");
    assertTrue(store.contains("kWas = k;") && store.contains("t[kWas] = x[k % x.length] * k;"), store);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 1.3, 0", "0.7, 1.3, 3", "-1.1, 0.4, 2"})
  void assignmentsAsCallArguments(double x, double y, int n) {
    // u = xy, r = u^2 + u; then u_i = xy + (i + 1) x, r += u_i^2 / 2.
    double value = x * y * x * y + x * y;
    double dx = 2 * x * y * y + y;
    double dy = 2 * x * y * x + x;
    for (int i = 0; i < n; i++) {
      double u = x * y + (i + 1) * x;
      value += u * u * 0.5;
      dx += u * (y + i + 1);
      dy += u * x;
    }
    m("assignmentAsArgument", "square").at(x, y, n).hasValue(value).hasGradient(dx, dy);
  }

  @ParameterizedTest
  @CsvSource({"0.3, 0", "0.3, 1", "1.7, 5"})
  void preIncrementInsideAMathCall(double x, int n) {
    // s = sum_(j=1..n) sin(j x) / j, k ends at n; ds/dx = sum cos(j x).
    double value = n;
    double d = 0;
    for (int j = 1; j <= n; j++) {
      value += Math.sin(j * x) / j;
      d += Math.cos(j * x);
    }
    m("sinesOfCounter").at(x, n).hasValue(value).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1.5", "-2.0, 0.25"})
  void assignmentsInInitialisersInJavaOrder(double x, double y) {
    // p = x (x + 1), x ends at x + 2; a = y + 2p (the old y first); y = 6p; b = 12p.
    // value P + 12 P y + 24 P^2 + x + 2 with P = x^2 + x.
    double p = x * x + x;
    double value = p + (y + 2 * p) * 12 * p + x + 2;
    m("initialisersAndOrder").at(x, y)
        .hasValue(value)
        .hasGradient((1 + 12 * y + 48 * p) * (2 * x + 1) + 1, 12 * p);
  }

  @Test
  void anIndexIncrementedAfterTheLeftOperandReadTheOldOne() {
    // x[i] * x[++i] = x_i x_(i+1); i ends at L - 1.
    double[] x = {0.5, -1.5, 2.0, 0.25};
    double value = 0.5 * -1.5 + -1.5 * 2.0 + 2.0 * 0.25 + 3;
    double[] dx = {-1.5, 0.5 + 2.0, -1.5 + 0.25, 2.0};
    m("incrementedIndex").at(x).hasValue(value).hasArrayGradient(dx);
  }

  @ParameterizedTest
  @CsvSource({"0.8, 3", "-1.3, -2"})
  void assignmentsInAReturnValue(double x, int n) {
    // (s += x) * s with s = x^2: (x^2 + x)^2; (n = 2n) * x + n = 2n x + 2n.
    double s = x * x + x;
    m("inReturn").at(x, n)
        .hasValue(s * s + 2 * n * x + 2 * n)
        .hasGradient(2 * s * (2 * x + 1) + 2 * n);
  }

  @ParameterizedTest
  @CsvSource({"1.5, 4, 2", "-0.5, 7, -3", "2.0, -5, 1"})
  void compoundAssignmentsNarrowToTheVariablesType(double x, int k, long c) {
    int k1 = (int) (k + 2.7);
    int k2 = k1 / 2;
    long c1 = c * 3;
    int k3 = k2 % 3;
    double value = x * k1 + x * k2 + (c1 * x + c1 + c1) + x * k3 + k3 + c1;
    m("narrowing").at(x, k, c).hasValue(value).hasGradient(k1 + k2 + c1 + k3);
  }

  @Test
  void matrixElementsAssignedAndIncrementedInOneExpression() {
    // (m_ij *= x) * m_ij++ = (m_ij x)^2, and m_ij ends at m_ij x + 1.
    double[][] mat = {{0.5, -1.0}, {2.0, 0.75}};
    double x = 1.3;
    double value = mat[0][0] * x + 1;
    double[][] dm = new double[2][2];
    double dx = mat[0][0];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        value += mat[i][j] * x * mat[i][j] * x;
        dm[i][j] = 2 * mat[i][j] * x * x;
        dx += 2 * mat[i][j] * mat[i][j] * x;
      }
    }
    dm[0][0] += x;
    m("matrixElements").at(mat, x).hasValue(value).hasArrayGradient(dm, dx);
  }

  @Test
  void incrementsOfIntElements() {
    // x_j c_j (post) + x_j (c_j + 2) (pre); counts[0] ends at c_0 + 2.
    double[] x = {1.5, -0.25, 2.0};
    int[] counts = {3, 0, -2};
    double value = 1.5 * 8 + -0.25 * 2 + 2.0 * -2 + 5;
    m("intElements").at(x, counts).hasValue(value).hasArrayGradient(new double[] {8, 2, -2});
  }

  @ParameterizedTest
  @CsvSource({"0.8, 0", "0.8, 1", "1.4, 5", "-0.6, 6"})
  void effectsInBothBranchesInALoop(double x0, int n) {
    // Replayed with the derivative of each step: even i, s += x k, k++; odd i, x *= 0.5, k++,
    // s -= x k.
    double x = x0;
    double s = 0;
    double ds = 0;
    double dx = 1;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (i % 2 == 0) {
        s += x * k;
        ds += dx * k;
        k++;
      } else {
        x *= 0.5;
        dx *= 0.5;
        k++;
        s -= x * k;
        ds -= dx * k;
      }
    }
    m("effectsInBranches").at(x0, n).hasValue(s + k + x).hasGradient(ds + dx);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 0", "0.5, 3", "-1.2, 4"})
  void postIncrementOfAnActiveDoubleInALoop(double x, int n) {
    // t_i = x + i: s = sum (x + i)(x + i + 1), t ends at x + n.
    double value = x + n;
    double d = 1;
    for (int i = 0; i < n; i++) {
      value += (x + i) * (x + i + 1);
      d += 2 * x + 2 * i + 1;
    }
    m("doublePostIncrementInLoop").at(x, n).hasValue(value).hasGradient(d);
  }

  @Test
  void anElementReadBeforeItIsAssignedInTheSameExpression() {
    // a_i * (a_i = x i) + a_i-- = a_i x i + x i, and a_i ends at x i - 1.
    double[] a = {1.5, -0.5, 2.0};
    double x = 0.7;
    double value = 1.5 * 0 + 0 + -0.5 * x + x + 2.0 * 2 * x + 2 * x + (2 * x - 1);
    double[] da = {0, x, 2 * x};
    double dx = 0 + -0.5 + 1 + 2.0 * 2 + 2 + 2;
    m("elementOldValueKept").at(a, x).hasValue(value).hasArrayGradient(da, dx);
  }

  @Test
  void anIncrementInTheArgumentsOfACallStatement() {
    // addTo(a, k++, x * k): a_k += x (k + 1), the new k on the right; value sum a_k'^2 + L.
    double[] a = {0.5, -1.5, 2.0};
    double x = 0.6;
    double value = 3;
    double[] da = new double[3];
    double dx = 0;
    for (int k = 0; k < 3; k++) {
      double ak = a[k] + x * (k + 1);
      value += ak * ak;
      da[k] = 2 * ak;
      dx += 2 * ak * (k + 1);
    }
    m("callStatementWithIncrement").at(a, x).hasValue(value).hasArrayGradient(da, dx);
  }

  @Test
  void aCompoundAssignmentWhoseRightSideAssignsItsTarget() {
    // z += (z = y) * z: old z (x) + y^2. w *= w++ + w: old w (y) times (y + (y + 1)).
    double x = 1.25;
    double y = -0.75;
    m("compoundReadsItsTarget").at(x, y)
        .hasValue(x + y * y + y * (2 * y + 1))
        .hasGradient(1.0, 2 * y + 4 * y + 1);
  }

  @Test
  void effectsBesideSplitCallsRecursionAndRecordedElements() {
    // Value exact and central differences.
    m("splitCallArguments", "square").at(0.4, 3).matchesCentralDifferences();
    // recursive(x, n) = 1.5^n x + sum_(k=1..n) 1.5^k x.
    double x = 0.7;
    m("recursive").at(x, 3)
        .hasValue(3.375 * x + (1.5 + 2.25 + 3.375) * x)
        .hasGradient(3.375 + 1.5 + 2.25 + 3.375);
    m("oldElementInALoop").at(new double[] {0.5, -1.5, 2}, 0.3).matchesCentralDifferences();
    // order {2, 0, 1, 2}: x_2^3 + x_0^3 + x_1^3 + x_2^3.
    double[] v = {0.5, -1.5, 2};
    m("indexThroughACursor").at(v, new int[] {2, 0, 1, 2})
        .hasValue(0.125 - 3.375 + 16)
        .hasArrayGradient(new double[] {0.75, 6.75, 24});
  }
}
