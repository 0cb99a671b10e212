package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Second order (forward mode over reverse mode): {@code mHessian} and {@code mHvp} against closed
 * forms, through loops kept on the tape, scalar helpers (their {@code mHvp}), helpers with arrays
 * (their {@code mVjpTangent}), in-place and array-returning helpers, matrices, recursion (split
 * mode: {@code mForwardTangent} and {@code mReverseTangent}) and a Math rule with a convention. Every Hessian is symmetric to 1e-10 and each of its columns is {@code mHvp} along
 * a unit direction. (Every other behaviour test checks {@code mHvp} through {@code Point}:
 * gradient, directional derivative, symmetry and central differences of gradients.)
 */
class SecondOrderTest {
  static final String CLASS = "p.Curvature";
  static final String MEMBERS =
      """
        @Differentiable static double trace(double x1, double x2) {
          return Math.log(x1) + x1 * x2 - Math.sin(x2);
        }
        // The extended Rosenbrock function, over pairs.
        @Differentiable static double rosenbrock(double[] x) {
          double f = 0;
          for (int i = 0; i < x.length; i += 2) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
          }
          return f;
        }
        @Differentiable static double pow(double x, double y) {
          return Math.pow(x, y);
        }
        // x^n by a loop whose products the reverse sweep reads back from the tape.
        @Differentiable static double power(double x, int n) {
          double p = 1;
          for (int i = 0; i < n; i++) {
            p *= x;
          }
          return p;
        }
        @Differentiable static double sigmoid(double z) {
          return 1 / (1 + Math.exp(-z));
        }
        // -log sigmoid(w x + b): through the helper's gradient record and its mHvp.
        @Differentiable static double logLoss(double w, double b, @NoDerivative double x) {
          return -Math.log(sigmoid(w * x + b));
        }
        static void scale(double[] v, double k) {
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * k;
          }
        }
        static double[] squares(double[] v) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * v[i];
          }
          return out;
        }
        // k^2 sum x_i^2 through an in-place helper and an array-returning one.
        @Differentiable static double helpers(double[] x, double k) {
          double[] w = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            w[i] = x[i];
          }
          scale(w, k);
          double[] s = squares(w);
          double total = 0;
          for (double e : s) {
            total += e;
          }
          return total;
        }
        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }
        // x^T A x, a row at a time through a helper with array parameters.
        @Differentiable static double quadratic(double[][] a, double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * dot(a[i], x);
          }
          return s;
        }
        static double nest(double x, int n) {
          return n == 0 ? x : Math.sin(nest(x, n - 1));
        }
        @Differentiable static double recursion(double x, int n) {
          return nest(x, n);
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  private static double[][] hessian(DiffMethod m, Object... arguments) throws Exception {
    Method hessian = m.gradClass().getMethod(m.name() + "Hessian", m.original().getParameterTypes());
    double[][] h = (double[][]) hessian.invoke(null, arguments);
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < i; j++) {
        double scale = Math.max(1, Math.max(Math.abs(h[i][j]), Math.abs(h[j][i])));
        assertEquals(h[i][j], h[j][i], 1e-10 * scale, m + ": Hessian not symmetric at " + i + ", " + j);
      }
    }
    return h;
  }

  private static void assertMatrix(double[][] expected, double[][] actual, double tolerance) {
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double scale = Math.max(1, Math.abs(expected[i][j]));
        assertEquals(expected[i][j], actual[i][j], tolerance * scale, "entry " + i + ", " + j + " of "
            + Arrays.deepToString(actual));
      }
    }
  }

  /** The record {@code mHvp} returns: its {@code hvp} component's components, flattened. */
  private static double[] hvp(DiffMethod m, Object... arguments) throws Exception {
    Method hvp = m.hvpMethod();
    assertNotNull(hvp, m + " has no mHvp");
    Object record = hvp.invoke(null, arguments);
    Object product = record.getClass().getMethod("hvp").invoke(record);
    return m.activeNames().stream().flatMapToDouble(name -> {
      try {
        Object part = product.getClass().getMethod(name).invoke(product);
        return part instanceof Double d ? java.util.stream.DoubleStream.of(d)
            : part instanceof double[] v ? Arrays.stream(v)
            : Arrays.stream((double[][]) part).flatMapToDouble(Arrays::stream);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }).toArray();
  }

  @Test
  void theTraceHasItsClosedFormHessian() throws Exception {
    double[][] h = hessian(m("trace"), 2.0, 5.0);
    assertMatrix(new double[][] {{-0.25, 1}, {1, Math.sin(5)}}, h, 1e-15);
    // Each column is the HVP along a unit direction.
    assertArrayEquals(new double[] {h[0][1], h[1][1]}, hvp(m("trace"), 2.0, 5.0, 0.0, 1.0), 0.0);
    m("trace").at(2.0, 5.0).hasGradient(0.5 + 5, 2 - Math.cos(5));
  }

  @Test
  void rosenbrockHessianIsBlockDiagonal() throws Exception {
    double[] x = {-1.2, 1.0, -1.2, 1.0, 0.3, -0.7};
    double[][] expected = new double[6][6];
    for (int i = 0; i < 6; i += 2) {
      expected[i][i] = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      expected[i][i + 1] = -400 * x[i];
      expected[i + 1][i] = -400 * x[i];
      expected[i + 1][i + 1] = 200;
    }
    double[][] h = hessian(m("rosenbrock"), (Object) x.clone());
    assertMatrix(expected, h, 1e-14);
    double[] v = {0.3, -0.1, 0.7, 0.2, -0.5, 0.9};
    double[] hv = hvp(m("rosenbrock"), x.clone(), v.clone());
    for (int i = 0; i < 6; i++) {
      double row = 0;
      for (int j = 0; j < 6; j++) {
        row += expected[i][j] * v[j];
      }
      assertEquals(row, hv[i], 1e-12 * Math.max(1, Math.abs(row)));
    }
    m("rosenbrock").at(x).matchesCentralDifferences();
  }

  @Test
  void powKeepsItsMixedDerivativeWhereTheExponentIsZero() throws Exception {
    // d2/dx2 x^y = y (y-1) x^(y-2); d2/dxdy = x^(y-1) (1 + y ln x); d2/dy2 = x^y ln^2 x.
    for (double[] p : new double[][] {{2.0, 0.0}, {1.5, 2.5}, {0.7, -1.3}}) {
      double x = p[0];
      double y = p[1];
      double mixed = Math.pow(x, y - 1) * (1 + y * Math.log(x));
      double[][] expected = {
          {y * (y - 1) * Math.pow(x, y - 2), mixed}, {mixed, Math.pow(x, y) * Math.log(x) * Math.log(x)}};
      assertMatrix(expected, hessian(m("pow"), x, y), 1e-13);
    }
  }

  @Test
  void loopsReadTheirTangentsBackFromTheTape() throws Exception {
    double x = 1.3;
    for (int n : new int[] {0, 1, 2, 5}) {
      double expected = n < 2 ? 0 : n * (n - 1) * Math.pow(x, n - 2);
      assertEquals(expected, hessian(m("power"), x, n)[0][0], 1e-12 * Math.max(1, expected), "n = " + n);
    }
  }

  @Test
  void aScalarHelperThroughItsHvp() throws Exception {
    double w = 0.4;
    double b = -0.3;
    double x = 1.7;
    double s = 1 / (1 + Math.exp(-(w * x + b)));
    double c = s * (1 - s);
    assertMatrix(new double[][] {{c * x * x, c * x}, {c * x, c}}, hessian(m("logLoss"), w, b, x), 1e-14);
  }

  @Test
  void helpersWritingAndReturningArrays() throws Exception {
    double[] x = {0.5, -1.25, 2.0};
    double k = 0.75;
    // f = k^2 sum x_i^2: d2f/dx_i dx_j = 2 k^2 delta_ij, d2f/dx_i dk = 4 k x_i, d2f/dk2 = 2 sum x^2.
    double[][] expected = new double[4][4];
    double sumSq = 0;
    for (int i = 0; i < 3; i++) {
      expected[i][i] = 2 * k * k;
      expected[i][3] = 4 * k * x[i];
      expected[3][i] = 4 * k * x[i];
      sumSq += x[i] * x[i];
    }
    expected[3][3] = 2 * sumSq;
    assertMatrix(expected, hessian(m("helpers"), x.clone(), k), 1e-14);
  }

  @Test
  void aQuadraticFormInAMatrixAndAVector() throws Exception {
    double[][] a = {{1.0, 2.0}, {-0.5, 3.0}};
    double[] x = {0.7, -1.1};
    // Rows and columns: a[0][0], a[0][1], a[1][0], a[1][1], x[0], x[1].
    // d2/dx dx = A + A^T; d2/dA_ij dx_k = delta_ik x_j + delta_jk x_i; d2/dA dA = 0.
    double[][] expected = new double[6][6];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        expected[4 + i][4 + j] = a[i][j] + a[j][i];
        for (int k = 0; k < 2; k++) {
          double mixed = (i == k ? x[j] : 0) + (j == k ? x[i] : 0);
          expected[2 * i + j][4 + k] = mixed;
          expected[4 + k][2 * i + j] = mixed;
        }
      }
    }
    assertMatrix(expected, hessian(m("quadratic"), a, x), 1e-14);
    m("quadratic").at(a, x).matchesCentralDifferences();
  }

  @Test
  void recursionInSplitModeHasTheSecondDerivativeOfItsLevels() throws Exception {
    // nest(x, n) = sin(sin(...sin(x))): per level v <- sin v, d1 <- cos(v) d1,
    // d2 <- cos(v) d2 - sin(v) d1^2. Split mode: mForwardTangent and mReverseTangent per level,
    // so depth 2,000 costs 2,000 levels, not 2,000^2.
    for (int n : new int[] {0, 1, 6, 2000}) {
      double v = 0.8;
      double d1 = 1;
      double d2 = 0;
      for (int level = 0; level < n; level++) {
        d2 = Math.cos(v) * d2 - Math.sin(v) * d1 * d1;
        d1 = Math.cos(v) * d1;
        v = Math.sin(v);
      }
      assertEquals(d2, hessian(m("recursion"), 0.8, n)[0][0], 1e-12, "n = " + n);
    }
    m("recursion").at(0.8, 4).matchesCentralDifferences();
  }

  @Test
  void allocationFreeEntriesGiveWhatTheRecordsHold() throws Exception {
    DiffMethod m = m("rosenbrock");
    double[] x = {-1.2, 1.0, 0.4, -0.3};
    double[] v = {0.3, -0.1, 0.7, 0.2};
    Class<?> grad = m.gradClass();
    // mJvp(..., double[] tangent): the value returned, the tangent in tangent[0].
    double[] tangent = new double[1];
    double value = (double) grad.getMethod("rosenbrockJvp", double[].class, double[].class, double[].class)
        .invoke(null, x.clone(), v.clone(), tangent);
    Object record = m.jvpMethod().invoke(null, x.clone(), v.clone());
    assertEquals((double) record.getClass().getMethod("value").invoke(record), value, 0.0);
    assertEquals((double) record.getClass().getMethod("tangent").invoke(record), tangent[0], 0.0);
    // mHvp(..., MAdjoint gradient, MAdjoint hvp): adds into both, as mVjp adds.
    Class<?> adjoint = m.adjointClass();
    Object gradient = adjoint.getConstructor().newInstance();
    Object product = adjoint.getConstructor().newInstance();
    Method into = grad.getMethod("rosenbrockHvp", double[].class, double[].class, adjoint, adjoint);
    for (int call = 1; call <= 2; call++) {
      assertEquals(value, (double) into.invoke(null, x.clone(), v.clone(), gradient, product), 0.0);
    }
    double[] hv = hvp(m, x.clone(), v.clone());
    double[] added = (double[]) adjoint.getField("x").get(product);
    for (int i = 0; i < x.length; i++) {
      assertEquals(2 * hv[i], added[i], 1e-12 * Math.max(1, Math.abs(hv[i])), "twice H v, element " + i);
    }
  }

  /** d2/dx2 of nest(x, n), level by level. */
  private static double nestSecondDerivative(double x, int n) {
    double v = x;
    double d1 = 1;
    double d2 = 0;
    for (int level = 0; level < n; level++) {
      d2 = Math.cos(v) * d2 - Math.sin(v) * d1 * d1;
      d1 = Math.cos(v) * d1;
      v = Math.sin(v);
    }
    return d2;
  }

  @Test
  void theHvpSurvivesTheDeepestRecursionThePrimalSurvives() throws Exception {
    // Its frames are larger than the primal's: where they overflow the thread's stack, mHvp runs
    // again on a larger one, as mVjp does.
    DiffMethod m = m("recursion");
    Method primal = m.original();
    Method hvp = m.hvpMethod();
    Throwable[] failure = {null};
    Thread thread = new Thread(null, () -> {
      try {
        int deepest = 1;
        for (int d = 2; d < (1 << 22); d *= 2) {
          try {
            primal.invoke(null, 0.8, d);
            deepest = d;
          } catch (java.lang.reflect.InvocationTargetException e) {
            if (!(e.getCause() instanceof StackOverflowError)) {
              throw e;
            }
            break;
          }
        }
        Object record = hvp.invoke(null, 0.8, deepest, 1.0);
        Object product = record.getClass().getMethod("hvp").invoke(record);
        double second = (double) product.getClass().getMethod("x").invoke(product);
        assertEquals(nestSecondDerivative(0.8, deepest), second, 1e-12, "depth " + deepest);
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "second-order-depth", 256 << 10);
    thread.start();
    thread.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }
}
