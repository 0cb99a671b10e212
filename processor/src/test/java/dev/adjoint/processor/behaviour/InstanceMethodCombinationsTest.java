package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Method;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Instance methods meeting other constructs, each a fault the fuzzer found once they joined its
 * grammar: a field read in a for-each body and beside a postfix ++ (the front end's substitution
 * lacked fields), a method writing its array through a row alias (its in-out forward half called
 * the method as a static one), a call {@code this.g(a, v)} of a method writing v (not resolved,
 * so refused), and a vector function (its Jacobian methods called it as a static one). Each
 * compiles, and its partial in a matches central differences of the method.
 */
class InstanceMethodCombinationsTest {
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Differentiable;

      public final class Batch {
        final double scale = 1.5;

        public Batch() {}

        @Differentiable
        public double forEach(double a, double[] v) {
          double s = 0;
          for (double e : v) {
            s += scale * e * a;
          }
          return s;
        }

        @Differentiable
        public double postfix(double a, double[] v) {
          int k = 0;
          double s = 0;
          s += v[k++] * scale * a;
          s += v[k++] * a * a;
          return s;
        }

        @Differentiable
        public double rowAlias(double a, double[] v, double[][] m) {
          double[] row = m[0];
          v[0] = a * row[1] * scale;
          return a * v[0];
        }

        @Differentiable
        public double g(double a, double[] v) {
          v[0] = a * v[1] * scale;
          return a;
        }

        @Differentiable
        public double callsThis(double a, double[] v) {
          double[][] m = {{1, 2}, {3, 4}};
          return this.g(a, v) * v[0] + rowAlias(a, v, m);
        }

        @Differentiable
        public double[] vector(double a, double[] x) {
          double[] out = {scale * x[0] * a, x[1] * a * a};
          return out;
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile("p.Batch", SOURCE);
  }

  /** d/da of {@code name(a, rest...)} from the generated gradient, against central differences. */
  private static void partialInAMatches(String name, double a, Object... rest) throws Exception {
    Class<?> batchClass = compiled().load("p.Batch");
    Object batch = batchClass.getConstructor().newInstance();
    Class<?>[] types = new Class<?>[rest.length + 1];
    types[0] = double.class;
    for (int i = 0; i < rest.length; i++) {
      types[i + 1] = rest[i].getClass();
    }
    Method primal = batchClass.getMethod(name, types);
    Class<?>[] gradTypes = new Class<?>[types.length + 1];
    gradTypes[0] = batchClass;
    System.arraycopy(types, 0, gradTypes, 1, types.length);
    Method gradient = compiled().load("p.Batch_Grad").getMethod(name, gradTypes);
    Object[] args = with(a, rest);
    Object g = gradient.invoke(null, prepend(batch, args));
    Method partial = g.getClass().getDeclaredMethod("a");
    partial.setAccessible(true);
    double generated = (double) partial.invoke(g);
    DoubleUnaryOperator f = x -> {
      try {
        return (double) primal.invoke(batch, with(x, rest));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
    double numeric = Numeric.centralDifference(f, a).derivative();
    assertEquals(numeric, generated, 1e-6 * Math.max(1, Math.abs(numeric)), name);
  }

  private static Object[] with(double a, Object[] rest) {
    Object[] args = new Object[rest.length + 1];
    args[0] = a;
    for (int i = 0; i < rest.length; i++) {
      args[i + 1] = rest[i] instanceof double[] v ? v.clone()
          : rest[i] instanceof double[][] m ? new double[][] {m[0].clone(), m[1].clone()} : rest[i];
    }
    return args;
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void aFieldReadInAForEachBodyAndBesideAPostfixIncrement() throws Exception {
    partialInAMatches("forEach", 0.7, new double[] {0.3, -1.2, 2.0});
    partialInAMatches("postfix", 0.7, new double[] {0.3, -1.2, 2.0});
  }

  @Test
  void aMethodWritingItsArrayThroughARowAliasAndACallOnThis() throws Exception {
    partialInAMatches("rowAlias", -0.4, new double[] {0.3, -1.2}, new double[][] {{1, 2}, {3, 4}});
    partialInAMatches("callsThis", 0.6, new double[] {0.3, -1.2});
  }

  @Test
  void aVectorFunctionsJacobianCallsItOnTheObject() throws Exception {
    Class<?> batchClass = compiled().load("p.Batch");
    Object batch = batchClass.getConstructor().newInstance();
    Method jacobian = compiled().load("p.Batch_Grad").getMethod("vector", batchClass, double.class, double[].class);
    Object j = jacobian.invoke(null, batch, 0.5, new double[] {2.0, 3.0});
    Method a = j.getClass().getDeclaredMethod("a");
    a.setAccessible(true);
    double[][] block = (double[][]) a.invoke(j);
    assertEquals(1.5 * 2.0, block[0][0], 1e-12);
    assertEquals(2 * 3.0 * 0.5, block[1][0], 1e-12);
  }
}
