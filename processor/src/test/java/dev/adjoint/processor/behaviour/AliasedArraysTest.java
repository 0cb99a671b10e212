package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import dev.adjoint.runtime.Tape;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

/**
 * The same array passed for two parameters of a method that writes into one of them ({@code
 * sq(y, y)}, {@code axpy(a, y, y)}, a matrix and one of its rows): the derivative code treats the
 * parameters as distinct, so the gradient refuses such a call at run time, with a message that
 * says what to do, rather than return a wrong number. Arrays that are only read may be passed
 * twice.
 */
class AliasedArraysTest {
  static final String CLASS = "p.Aliased";
  static final String MEMBERS =
      """
        static void sq(double[] out, double[] in) {
          for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * in[i];
          }
        }
        static void add(double[] acc, double[] x) {
          for (int i = 0; i < x.length; i++) {
            acc[i] += x[i];
          }
        }
        static double dot(double[] x, double[] y) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
          }
          return s;
        }
        static void scaleRow(double[][] m, double[] row, int r) {
          for (int j = 0; j < row.length; j++) {
            m[r][j] = row[j] * 2;
          }
        }

        // f(x) = sum(x + x^2) through sq(y, y); add(x, y): the gradient is 1 + 2x.
        @Differentiable static double squaredInPlace(double[] x) {
          double[] y = {x[0], x[1], x[2]};
          double[] acc = {x[0], x[1], x[2]};
          sq(y, y);
          add(acc, y);
          return acc[0] + acc[1] + acc[2];
        }
        @Differentiable static double squaredIntoAnother(double[] x) {
          double[] y = new double[3];
          double[] acc = {x[0], x[1], x[2]};
          sq(y, x);
          add(acc, y);
          return acc[0] + acc[1] + acc[2];
        }
        @Differentiable static double readTwice(double[] x) {
          return dot(x, x);
        }
        @Differentiable static double rowOfItself(double[][] m) {
          double[][] w = {{m[0][0], m[0][1]}, {m[1][0], m[1][1]}};
          scaleRow(w, w[0], 1);
          return w[1][0] * w[1][1];
        }
        @Differentiable static double rowOfAnother(double[][] m) {
          double[][] w = {{m[0][0], m[0][1]}, {m[1][0], m[1][1]}};
          double[] row = {m[1][1], m[0][0]};
          scaleRow(w, row, 1);
          return w[1][0] * w[1][1];
        }
        // Called with the same array twice by the user.
        @Differentiable static double writesFirst(double[] a, double[] b) {
          a[0] = b[1] * b[1];
          return a[0] + b[0];
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void aHelperGivenOneArrayForTheArrayItWritesAndTheOneItReadsRefusesIt() {
    double[] x = {0.5, -1.5, 2};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> m("squaredInPlace").gradientMethod().invoke(null, (Object) x.clone()));
    Throwable cause = thrown.getCause();
    assertEquals(IllegalArgumentException.class, cause.getClass(), String.valueOf(cause));
    assertTrue(cause.getMessage().contains("Aliased.sq was given arrays out and in that share elements")
        && cause.getMessage().contains("in.clone()"), cause.getMessage());
    assertEquals(0, Tape.local().size());
  }

  @Test
  void withTheArraysApartTheGradientIsOnePlusTwoX() {
    double[] x = {0.5, -1.5, 2};
    m("squaredIntoAnother").at(x).valueMatchesPrimal().hasArrayGradient(new double[] {2, -2, 5});
  }

  @Test
  void anArrayOnlyReadMayBePassedTwice() {
    double[] x = {0.5, -1.5, 2};
    m("readTwice").at(x).valueMatchesPrimal().hasArrayGradient(new double[] {1, -3, 4});
  }

  @Test
  void aMatrixAndOneOfItsRowsAreRefusedWhenTheMatrixIsWritten() {
    double[][] mat = {{0.5, -1.5}, {2, 0.25}};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> m("rowOfItself").gradientMethod().invoke(null, (Object) new double[][] {mat[0].clone(), mat[1].clone()}));
    assertTrue(thrown.getCause().getMessage().contains("Aliased.scaleRow was given arrays m and row"),
        thrown.getCause().getMessage());
    m("rowOfAnother").at((Object) mat).valueMatchesPrimal().matchesCentralDifferences();
  }

  @Test
  void aUserCallOfTheGradientWithOneArrayTwiceIsRefused() throws Exception {
    double[] same = {0.5, -1.5};
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> m("writesFirst").gradientMethod().invoke(null, same, same));
    assertTrue(thrown.getCause().getMessage().contains("Aliased.writesFirst was given arrays a and b"),
        thrown.getCause().getMessage());
    m("writesFirst").at(new double[] {0.5, -1.5}, new double[] {0.25, 3}).valueMatchesPrimal()
        .matchesCentralDifferences();
  }
}
