package dev.adjoint.samples;

import dev.adjoint.testing.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * The samples' derivatives through the gradient-check library (adjoint-testing), as a user's own
 * tests would check theirs: gradients, JVPs, HVPs and a Jacobian against central differences.
 */
class GradientChecksTest {
  @Test
  void scalarModels() {
    for (Object[] point : new Object[][] {{0.7, -0.3, 1.5, 2.0}, {-1.2, 0.4, 0.5, 0.1}}) {
      GradientCheck.of(ExponentialFit.class, "loss").assertGradient(point);
      GradientCheck.of(SigmoidNeuron.class, "loss").assertGradient(point);
      GradientCheck.of(SigmoidNeuron.class, "loss").assertHvp(point);
    }
  }

  @Test
  void rosenbrockInTenDimensions() {
    double[] x = new double[10];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.1 * i - 0.3;
    }
    GradientCheck check = GradientCheck.of(Rosenbrock.class, "value");
    check.assertGradient((Object) x);
    check.assertJvp((Object) x);
    check.assertHvp((Object) x);
  }

  @Test
  void bundleAdjustmentResidualJacobian() {
    double[] cam = {0.1, -0.2, 0.05, 0.3, -0.1, 2.0, 0.9, 0.01, -0.02, 0.0, 0.0};
    cam[9] = 1e-3;
    cam[10] = -2e-4;
    double[] point = {0.4, -0.5, 3.0};
    GradientCheck.of(BundleAdjustment.class, "reprojection")
        .assertJacobian(cam, point, 0.8, new double[] {0.2, -0.1});
  }
}
