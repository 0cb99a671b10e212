package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Newton's methods on the generated second derivatives of the extended Rosenbrock function: the
 * Hessian and Hessian-vector products against the closed form and central differences of the
 * gradient, and both minimisers reaching the minimum at all ones.
 */
class NewtonMethodsTest {

  /** The closed-form Hessian: 2x2 blocks per pair (x, y): [[1200 x^2 - 400 y + 2, -400 x], [-400 x, 200]]. */
  private static double[][] closedForm(double[] x) {
    double[][] h = new double[x.length][x.length];
    for (int i = 0; i < x.length; i += 2) {
      h[i][i] = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      h[i][i + 1] = -400 * x[i];
      h[i + 1][i] = -400 * x[i];
      h[i + 1][i + 1] = 200;
    }
    return h;
  }

  @Test
  void hessianIsTheClosedFormAndSymmetric() {
    double[] x = {-1.2, 1, 0.4, -0.3, 2.5, 6.0};
    double[][] h = Rosenbrock_Grad.valueHessian(x.clone());
    double[][] expected = closedForm(x);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        assertEquals(expected[i][j], h[i][j], 1e-12 * Math.max(1, Math.abs(expected[i][j])), i + ", " + j);
        assertEquals(h[j][i], h[i][j], 1e-10 * Math.max(1, Math.abs(h[i][j])));
      }
      // Column i is the HVP along the unit vector e_i.
      double[] unit = new double[x.length];
      unit[i] = 1;
      double[] column = Rosenbrock_Grad.valueHvp(x.clone(), unit).hvp().x();
      for (int r = 0; r < x.length; r++) {
        assertEquals(h[r][i], column[r], 0.0);
      }
    }
  }

  @Test
  void hvpMatchesCentralDifferencesOfTheGradient() {
    double[] x = Rosenbrock.start(8);
    double[] v = {0.3, -0.2, 0.5, 0.1, -0.7, 0.4, 0.05, -0.9};
    var product = Rosenbrock_Grad.valueHvp(x.clone(), v.clone());
    // Its gradient is the gradient; its value the directional derivative.
    assertArrayEquals(Rosenbrock_Grad.value(x.clone()).x(), product.gradient().x(), 1e-12);
    assertEquals(NewtonMethods.dot(product.gradient().x(), v), product.hvp().value(), 1e-10);
    double h = 1e-5;
    double[] plus = x.clone();
    double[] minus = x.clone();
    for (int i = 0; i < x.length; i++) {
      plus[i] += h * v[i];
      minus[i] -= h * v[i];
    }
    double[] gp = Rosenbrock_Grad.value(plus).x();
    double[] gm = Rosenbrock_Grad.value(minus).x();
    for (int i = 0; i < x.length; i++) {
      double difference = (gp[i] - gm[i]) / (2 * h);
      assertEquals(difference, product.hvp().x()[i], 1e-6 * Math.max(1, Math.abs(difference)), "(H v)[" + i + "]");
    }
  }

  @Test
  void truncatedNewtonMinimisesAThousandVariables() {
    NewtonMethods.Result r = NewtonMethods.truncatedNewton(Rosenbrock.start(1000), 1e-8, 200, false);
    assertTrue(r.gradientNorm() < 1e-8, () -> "gradient norm " + r.gradientNorm());
    assertTrue(NewtonMethods.maxDistanceFromOne(r.x()) < 1e-8, "the minimum is at all ones");
    assertTrue(r.iterations() < 100, () -> r.iterations() + " iterations");
  }

  @Test
  void denseNewtonMinimisesTenVariables() {
    NewtonMethods.Result r = NewtonMethods.denseNewton(Rosenbrock.start(10), 1e-10, 100, false);
    assertTrue(r.gradientNorm() < 1e-10, () -> "gradient norm " + r.gradientNorm());
    assertTrue(NewtonMethods.maxDistanceFromOne(r.x()) < 1e-10);
  }
}
