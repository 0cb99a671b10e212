package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.ArrayValues;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;

/**
 * The array checks of the harness are not vacuous: a wrong element, a wrong shape or a method
 * whose original writes into its arguments are told apart.
 */
class ArraysHarnessTest {
  static final String CLASS = "p.ArrHarness";
  static final String MEMBERS =
      """
        @Differentiable static double weighted(double[][] m, double[] x, double b) {
          double s = b * b;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s += m[i][j] * x[j];
            }
          }
          return s;
        }
        @Differentiable static double squares(double[] a) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * a[i];
            s += a[i];
          }
          return s;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  private static final double[][] M = {{1.0, 2.0}, {-0.5, 0.25}};
  private static final double[] X = {0.75, -1.5};

  @Test
  void theRightGradientPasses() {
    m("weighted").at(M, X, 0.5).hasArrayGradient(
        new double[][] {{0.75, -1.5}, {0.75, -1.5}}, new double[] {0.5, 2.25}, 1.0);
  }

  @Test
  void aWrongElementIsReportedByItsIndex() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                m("weighted").at(M, X, 0.5).hasArrayGradient(
                    new double[][] {{0.75, -1.5}, {0.75, -1.25}}, new double[] {0.5, 2.25}, 1.0));
    assertTrue(e.getMessage().contains("d/dm[1][1]: expected -1.25"), e.getMessage());
  }

  @Test
  void anExpectedGradientOfTheWrongShapeIsATestBug() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                m("weighted").at(M, X, 0.5).hasArrayGradient(
                    new double[][] {{0.75, -1.5}}, new double[] {0.5, 2.25}, 1.0));
    assertTrue(e.getMessage().contains("test bug"), e.getMessage());
  }

  @Test
  void theOriginalIsCalledOnCopies() {
    // squares writes into a; every evaluation (and each central difference) starts afresh.
    double[] a = {1.5, -2.0};
    m("squares").at(a).hasValue(6.25).hasArrayGradient(new double[] {3.0, -4.0});
    assertArrayEquals(new double[] {1.5, -2.0}, a);
    assertArrayEquals(new double[] {1.5, -2.0}, (double[]) m("squares").at(a).arguments()[0]);
  }

  @Test
  void flatteningIsRowMajor() {
    double[][] ragged = {{1, 2, 3}, {4}, {5, 6}};
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, ArrayValues.flatten(ragged));
    assertTrue(ArrayValues.index(ragged, 4).equals("[2][0]"));
    assertTrue(ArrayValues.shape(ragged).equals("double[3][3,1,2]"));
  }
}
