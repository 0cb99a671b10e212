package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.testing.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * {@link CurveFitting}: Hipparchus' Levenberg-Marquardt and conjugate gradients, fed by Adjoint's
 * Jacobian and gradient, reach the optimum the same optimisers reach fed by central differences,
 * running the model fewer times; at the optimum the gradient vanishes and the fit is near the
 * curve the data were drawn from.
 */
class CurveFittingTest {
  private static final CurveFitting.Data DATA = CurveFitting.data();
  private static final double[] START = {1, 0.5, 0};

  @Test
  void levenbergMarquardtWithTheGeneratedJacobian() {
    CurveFitting.Fit adjoint = CurveFitting.levenbergMarquardt(DATA, START, false);
    CurveFitting.Fit differences = CurveFitting.levenbergMarquardt(DATA, START, true);
    assertArrayEquals(differences.point(), adjoint.point(), 1e-8);
    assertTrue(adjoint.modelRuns() < differences.modelRuns(),
        adjoint.modelRuns() + " runs of the model against " + differences.modelRuns());
    assertStationary(adjoint.point());
    assertArrayEquals(new double[] {2.5, 1.3, 0.4}, adjoint.point(), 0.02);
  }

  @Test
  void conjugateGradientsWithTheGeneratedGradient() {
    CurveFitting.Fit adjoint = CurveFitting.conjugateGradient(DATA, START, false);
    CurveFitting.Fit differences = CurveFitting.conjugateGradient(DATA, START, true);
    assertArrayEquals(differences.point(), adjoint.point(), 1e-6);
    assertTrue(adjoint.modelRuns() < differences.modelRuns(),
        adjoint.modelRuns() + " runs of the model against " + differences.modelRuns());
    assertArrayEquals(CurveFitting.levenbergMarquardt(DATA, START, false).point(), adjoint.point(), 1e-4);
  }

  @Test
  void theDerivativesTheOptimisersAreFed() {
    double[] p = {2.0, 0.9, 0.1};
    GradientCheck.of(CurveFitting.class, "residuals").assertJacobian(p, DATA.t(), DATA.y());
    GradientCheck.of(CurveFitting.class, "loss").assertGradient(p, DATA.t(), DATA.y());
  }

  /** The half sum of squares is stationary at {@code p}: its gradient, relative to the residuals' scale, is 0. */
  private static void assertStationary(double[] p) {
    double[] g = CurveFitting_Grad.loss(p, DATA.t(), DATA.y()).p();
    for (int k = 0; k < g.length; k++) {
      assertEquals(0, g[k], 1e-8, "d loss / d p[" + k + "] at the optimum");
    }
  }
}
