package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code @Differentiable} methods returning {@code double[]}: {@code FJacobian f(...)} against a
 * closed form and central differences column by column, built by columns (forward mode) and by
 * rows (reverse mode) to the same matrix, {@code fJvp} as the Jacobian times the tangents, and
 * {@code fVjp} as the seed times the Jacobian, added into the adjoint. Through loops, a helper,
 * a matrix parameter and a method that writes into its argument.
 */
class JacobianTest {
  static final String CLASS = "p.Vector";
  static final String MEMBERS =
      """
        // (s x_0^2, ..., s x_{n-1}^2, sin s): more outputs than inputs for n >= 1.
        @Differentiable static double[] squares(double[] x, double s) {
          double[] y = new double[x.length + 1];
          for (int i = 0; i < x.length; i++) {
            y[i] = s * x[i] * x[i];
          }
          y[x.length] = Math.sin(s);
          return y;
        }
        static double dot(double[] a, double[] b) {
          double t = 0;
          for (int i = 0; i < a.length; i++) {
            t += a[i] * b[i];
          }
          return t;
        }
        // (A x, |x|^2 exp(c)): fewer outputs than inputs, a helper, a matrix.
        @Differentiable static double[] affine(double[][] a, double[] x, double c) {
          double[] y = new double[a.length + 1];
          for (int i = 0; i < a.length; i++) {
            y[i] = dot(a[i], x);
          }
          y[a.length] = dot(x, x) * Math.exp(c);
          return y;
        }
        // Writes into its argument, as an in-place update would: the Jacobian must leave it alone.
        @Differentiable static double[] cumulative(double[] x) {
          for (int i = 1; i < x.length; i++) {
            x[i] = x[i] + x[i - 1] * x[i - 1];
          }
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
          }
          return y;
        }
      """;

  private static Compiled compiled() {
    return Sources.compileClass(CLASS, MEMBERS);
  }

  private static Method method(String name, Class<?>... types) throws Exception {
    return compiled().load(CLASS + "_Grad").getMethod(name, types);
  }

  private static Object component(Object record, String name) throws Exception {
    return record.getClass().getMethod(name).invoke(record);
  }

  /** Both constructions and the chooser give the same matrix, bit for bit or to 1e-12. */
  private static Object[] jacobians(String name, Class<?>[] types, Object... args) throws Exception {
    Object chosen = method(name, types).invoke(null, copy(args));
    Object byColumns = method(name + "JacobianByColumns", types).invoke(null, copy(args));
    Object byRows = method(name + "JacobianByRows", types).invoke(null, copy(args));
    for (var c : chosen.getClass().getRecordComponents()) {
      Object a = c.getAccessor().invoke(byColumns);
      Object b = c.getAccessor().invoke(byRows);
      if (a instanceof double[][] ma) {
        double[][] mb = (double[][]) b;
        for (int i = 0; i < ma.length; i++) {
          for (int j = 0; j < ma[i].length; j++) {
            assertEquals(ma[i][j], mb[i][j], 1e-12 * Math.max(1, Math.abs(ma[i][j])),
                c.getName() + "[" + i + "][" + j + "]: forward and reverse mode disagree");
          }
        }
        assertArrayEquals(ma, (double[][]) c.getAccessor().invoke(chosen));
      } else {
        assertArrayEquals((double[]) a, (double[]) b, 0.0, "value");
      }
    }
    return new Object[] {chosen, byColumns, byRows};
  }

  private static Object[] copy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] v) {
        out[i] = v.clone();
      } else if (out[i] instanceof double[][] m) {
        out[i] = Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
      }
    }
    return out;
  }

  /** Central differences of a vector function along one input: a column. */
  private static double[] column(Function<Double, double[]> f, double at) {
    double h = 1e-6 * Math.max(1, Math.abs(at));
    double[] plus = f.apply(at + h);
    double[] minus = f.apply(at - h);
    double[] d = new double[plus.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (plus[i] - minus[i]) / (2 * h);
    }
    return d;
  }

  @Test
  void moreOutputsThanInputsAgainstTheClosedForm() throws Exception {
    double[] x = {0.5, -1.5, 2.0};
    double s = 0.8;
    Class<?>[] types = {double[].class, double.class};
    Object jacobian = jacobians("squares", types, x, s)[0];
    // The value bit for bit: as the method computes it.
    assertArrayEquals(new double[] {s * x[0] * x[0], s * x[1] * x[1], s * x[2] * x[2], Math.sin(s)},
        (double[]) component(jacobian, "value"), 0.0);
    double[][] dx = (double[][]) component(jacobian, "x");
    double[][] ds = (double[][]) component(jacobian, "s");
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(i == j ? 2 * s * x[i] : 0, dx[i][j], 1e-15);
      }
      assertEquals(i < 3 ? x[i] * x[i] : Math.cos(s), ds[i][0], 1e-15);
    }
  }

  @Test
  void fewerOutputsThanInputsWithAMatrixAndAHelper() throws Exception {
    double[][] a = {{1.0, 2.0, -1.0}, {0.5, -0.3, 0.2}};
    double[] x = {0.7, -1.1, 0.4};
    double c = 0.3;
    Class<?>[] types = {double[][].class, double[].class, double.class};
    Object jacobian = jacobians("affine", types, a, x, c)[0];
    double[][] da = (double[][]) component(jacobian, "a");
    double[][] dx = (double[][]) component(jacobian, "x");
    double[][] dc = (double[][]) component(jacobian, "c");
    Method primal = compiled().load(CLASS).getDeclaredMethod("affine", types);
    primal.setAccessible(true);
    // Every column against central differences of the method itself.
    int flat = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        int row = i;
        int col = j;
        double[] numeric = column(v -> {
          double[][] moved = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
          moved[row][col] = v;
          return invoke(primal, moved, x.clone(), c);
        }, a[i][j]);
        for (int r = 0; r < 3; r++) {
          assertEquals(numeric[r], da[r][flat], 1e-7, "d y" + r + " / d a" + i + j);
        }
        flat++;
      }
    }
    for (int j = 0; j < 3; j++) {
      int col = j;
      double[] numeric = column(v -> {
        double[] moved = x.clone();
        moved[col] = v;
        return invoke(primal, a, moved, c);
      }, x[j]);
      for (int r = 0; r < 3; r++) {
        assertEquals(numeric[r], dx[r][j], 1e-7, "d y" + r + " / d x" + j);
      }
    }
    double[] numeric = column(v -> invoke(primal, a, x.clone(), v), c);
    for (int r = 0; r < 3; r++) {
      assertEquals(numeric[r], dc[r][0], 1e-7, "d y" + r + " / d c");
    }
    // fJvp is the Jacobian times the tangents; fVjp adds the seed times the Jacobian.
    double[][] aDot = {{0.1, 0.0, -0.2}, {0.3, 0.5, 0.0}};
    double[] xDot = {0.4, -0.6, 0.9};
    double cDot = -0.7;
    Object jvp = method("affineJvp", double[][].class, double[].class, double.class, double[][].class,
        double[].class, double.class).invoke(null, a, x.clone(), c, aDot, xDot, cDot);
    double[] tangent = (double[]) component(jvp, "tangent");
    for (int r = 0; r < 3; r++) {
      double expected = dc[r][0] * cDot;
      for (int k = 0; k < 6; k++) {
        expected += da[r][k] * aDot[k / 3][k % 3];
      }
      for (int j = 0; j < 3; j++) {
        expected += dx[r][j] * xDot[j];
      }
      assertEquals(expected, tangent[r], 1e-12, "tangent " + r);
    }
    Class<?> adjointClass = compiled().load(CLASS + "_Grad$AffineAdjoint");
    Object adjoint = adjointClass.getConstructor().newInstance();
    double[] seed = {0.5, -2.0, 1.5};
    Object value = method("affineVjp", double[][].class, double[].class, double.class, double[].class, adjointClass)
        .invoke(null, a, x.clone(), c, seed, adjoint);
    assertArrayEquals((double[]) component(jacobian, "value"), (double[]) value, 0.0);
    double[] xBar = (double[]) adjointClass.getField("x").get(adjoint);
    double cBar = (double) adjointClass.getField("c").get(adjoint);
    for (int j = 0; j < 3; j++) {
      double expected = 0;
      for (int r = 0; r < 3; r++) {
        expected += seed[r] * dx[r][j];
      }
      assertEquals(expected, xBar[j], 1e-12);
    }
    assertEquals(seed[0] * dc[0][0] + seed[1] * dc[1][0] + seed[2] * dc[2][0], cBar, 1e-12);
  }

  @Test
  void aMethodWritingIntoItsArgumentLeavesTheCallersArrayAlone() throws Exception {
    double[] x = {0.3, -0.4, 0.5, 0.2};
    double[] given = x.clone();
    Object[] all = jacobians("cumulative", new Class<?>[] {double[].class}, (Object) given);
    assertArrayEquals(x, given, 0.0, "the caller's array");
    Method primal = compiled().load(CLASS).getDeclaredMethod("cumulative", double[].class);
    primal.setAccessible(true);
    double[][] dx = (double[][]) component(all[0], "x");
    for (int j = 0; j < 4; j++) {
      int col = j;
      double[] numeric = column(v -> {
        double[] moved = x.clone();
        moved[col] = v;
        return invoke(primal, moved);
      }, x[j]);
      for (int r = 0; r < 4; r++) {
        assertEquals(numeric[r], dx[r][j], 1e-8, "d y" + r + " / d x" + j);
      }
    }
    assertNotNull(method("cumulativeJvp", double[].class, double[].class));
  }

  private static double[] invoke(Method m, Object... args) {
    try {
      return (double[]) m.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
