package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.LogProductSine_Grad.FAdjoint;
import dev.adjoint.samples.LogProductSine_Grad.FGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogProductSineTest {

  @Test
  void workedExampleAtTwoFive() {
    FGradient g = LogProductSine_Grad.f(2.0, 5.0);

    // y = ln 2 + 2·5 - sin 5 = 0.693147... + 10 + 0.958924... = 11.652071...
    assertClose(Math.log(2.0) + 10.0 - Math.sin(5.0), g.value(), "y");
    assertEquals(11.652071455223084, g.value(), 1e-12);
    // dy/dx1 = 1/x1 + x2 = 0.5 + 5 = 5.5
    assertEquals(5.5, g.x1(), 1e-15);
    // dy/dx2 = x1 - cos x2 = 2 - 0.283662... = 1.716337...
    assertClose(2.0 - Math.cos(5.0), g.x2(), "dy/dx2");
    assertEquals(1.7163378145367738, g.x2(), 1e-12);
  }

  @ParameterizedTest
  @CsvSource({"2.0, 5.0", "0.3, -1.2", "7.5, 0.0"})
  void gradientMatchesClosedForm(double x1, double x2) {
    FGradient g = LogProductSine_Grad.f(x1, x2);
    assertClose(Math.log(x1) + x1 * x2 - Math.sin(x2), g.value(), "y");
    assertClose(1 / x1 + x2, g.x1(), "dy/dx1");
    assertClose(x1 - Math.cos(x2), g.x2(), "dy/dx2");
    assertMatchesCentralDifferences(
        p -> LogProductSine.f(p[0], p[1]),
        new double[] {x1, x2},
        new double[] {g.x1(), g.x2()},
        "x1",
        "x2");
  }

  @Test
  void vjpScalesBySeed() {
    FAdjoint adjoint = new FAdjoint();
    double y = LogProductSine_Grad.fVjp(2.0, 5.0, 2.0, adjoint);
    assertClose(Math.log(2.0) + 10.0 - Math.sin(5.0), y, "y");
    assertClose(11.0, adjoint.x1, "2·dy/dx1");
    assertClose(2 * (2.0 - Math.cos(5.0)), adjoint.x2, "2·dy/dx2");
  }

  @Test
  void forwardModeTraceAlongX1GivesFivePointFive() {
    // The forward-mode trace of the worked example: tangent (1, 0) at (2, 5).
    var jvp = LogProductSine_Grad.fJvp(2.0, 5.0, 1.0, 0.0);
    assertEquals(LogProductSine.f(2.0, 5.0), jvp.value(), 0.0);
    assertEquals(5.5, jvp.tangent(), 1e-15);
    assertClose(2.0 - Math.cos(5.0), LogProductSine_Grad.fJvp(2.0, 5.0, 0.0, 1.0).tangent(), "along x2");
  }

  @Test
  void hessianOfTheWorkedExample() {
    // d2y/dx1^2 = -1/x1^2, d2y/dx1dx2 = 1, d2y/dx2^2 = sin x2.
    double[][] h = LogProductSine_Grad.fHessian(2.0, 5.0);
    assertEquals(-0.25, h[0][0], 1e-15);
    assertEquals(1.0, h[0][1], 1e-15);
    assertEquals(1.0, h[1][0], 1e-15);
    assertClose(Math.sin(5.0), h[1][1], "d2y/dx2^2");
  }
}
