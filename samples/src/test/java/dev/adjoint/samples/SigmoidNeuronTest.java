package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static dev.adjoint.samples.Checks.logistic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.SigmoidNeuron_Grad.LossAdjoint;
import dev.adjoint.samples.SigmoidNeuron_Grad.LossGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigmoidNeuronTest {

  @ParameterizedTest
  @CsvSource({"0.8, -0.2, 1.5, 1.0", "-1.2, 0.3, 0.5, 0.0", "2.0, 1.0, -3.0, 0.7"})
  void gradientMatchesClosedForm(double w, double b, double x, double t) {
    LossGradient g = SigmoidNeuron_Grad.loss(w, b, x, t);

    double y = logistic(w * x + b);
    assertClose((y - t) * (y - t) / 2, g.value(), "L");
    assertClose((y - t) * y * (1 - y) * x, g.w(), "dL/dw");
    assertClose((y - t) * y * (1 - y), g.b(), "dL/db");
    assertMatchesCentralDifferences(
        p -> SigmoidNeuron.loss(p[0], p[1], x, t),
        new double[] {w, b},
        new double[] {g.w(), g.b()},
        "w",
        "b");
  }

  @Test
  void exactValuesAtZero() {
    // z = 0: y = 1/2, L = (1/2 - 1)²/2 = 1/8, dL/db = (-1/2)(1/4) = -1/8, dL/dw = -x/8.
    LossGradient g = SigmoidNeuron_Grad.loss(0.0, 0.0, 4.0, 1.0);
    assertEquals(0.125, g.value());
    assertEquals(-0.5, g.w());
    assertEquals(-0.125, g.b());
  }

  @Test
  void vjpSumsOverExamples() {
    LossAdjoint adjoint = new LossAdjoint();
    SigmoidNeuron_Grad.lossVjp(0.0, 0.0, 4.0, 1.0, 1.0, adjoint); // adds (-1/2, -1/8)
    SigmoidNeuron_Grad.lossVjp(0.0, 0.0, 2.0, 0.0, 1.0, adjoint); // adds (+1/4, +1/8)
    assertEquals(-0.25, adjoint.w);
    assertEquals(0.0, adjoint.b);
  }
}
