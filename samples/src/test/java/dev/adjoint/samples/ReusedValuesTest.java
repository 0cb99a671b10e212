package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.ReusedValues_Grad.LossAdjoint;
import dev.adjoint.samples.ReusedValues_Grad.LossGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReusedValuesTest {

  @Test
  void workedExampleAtTwo() {
    // L = -5x⁴ = -80, dL/dx = -20x³ = -160 (exact in binary).
    LossGradient g = ReusedValues_Grad.loss(2.0);
    assertEquals(-80.0, g.value());
    assertEquals(-160.0, g.x());
  }

  @ParameterizedTest
  @ValueSource(doubles = {2.0, -1.5, 0.3, 0.0, 10.0})
  void gradientIsMinusTwentyXCubed(double x) {
    LossGradient g = ReusedValues_Grad.loss(x);
    assertClose(-5 * x * x * x * x, g.value(), "L");
    assertClose(-20 * x * x * x, g.x(), "dL/dx");
    assertMatchesCentralDifferences(
        p -> ReusedValues.loss(p[0]), new double[] {x}, new double[] {g.x()}, "x");
  }

  @Test
  void vjp() {
    LossAdjoint adjoint = new LossAdjoint();
    assertEquals(-80.0, ReusedValues_Grad.lossVjp(2.0, 0.25, adjoint));
    assertEquals(-40.0, adjoint.x);
  }
}
