package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static dev.adjoint.samples.Checks.logistic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.LogSigmoidLoss_Grad.LossAdjoint;
import dev.adjoint.samples.LogSigmoidLoss_Grad.LossGradient;
import dev.adjoint.samples.LogSigmoidLoss_Grad.SigmoidGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSigmoidLossTest {

  @Test
  void sigmoidAtZero() {
    // σ(0) = 1/2, σ'(0) = σ(0)(1 - σ(0)) = 1/4, both exact in binary.
    SigmoidGradient g = LogSigmoidLoss_Grad.sigmoid(0.0);
    assertEquals(0.5, g.value());
    assertEquals(0.25, g.z());
  }

  @ParameterizedTest
  @CsvSource({"0.0", "1.3", "-2.7", "8.0"})
  void sigmoidDerivative(double z) {
    SigmoidGradient g = LogSigmoidLoss_Grad.sigmoid(z);
    double s = logistic(z);
    assertClose(s, g.value(), "σ");
    assertClose(s * (1 - s), g.z(), "σ'");
    assertMatchesCentralDifferences(
        p -> LogSigmoidLoss.sigmoid(p[0]), new double[] {z}, new double[] {g.z()}, "z");
  }

  @ParameterizedTest
  @CsvSource({"0.7, 1.5", "-0.4, 2.0", "2.0, -0.6", "0.0, 1.0"})
  void lossGradientMatchesClosedForm(double w, double x) {
    LossGradient g = LogSigmoidLoss_Grad.loss(w, x);

    double b = w * x * x;
    double s = logistic(b);
    assertClose(-Math.log(s), g.value(), "L");
    // dL/db = -(1/σ)·σ(1 - σ) = σ(b) - 1
    assertClose((s - 1) * x * x, g.w(), "dL/dw");
    assertClose((s - 1) * w * 2 * x, g.x(), "dL/dx");
    assertMatchesCentralDifferences(
        p -> LogSigmoidLoss.loss(p[0], p[1]),
        new double[] {w, x},
        new double[] {g.w(), g.x()},
        "w",
        "x");
  }

  @Test
  void exactValuesAtWZero() {
    // w = 0: b = 0, σ = 1/2, L = ln 2, dL/dw = -x²/2, dL/dx = 0.
    LossGradient g = LogSigmoidLoss_Grad.loss(0.0, 2.0);
    assertClose(Math.log(2.0), g.value(), "L");
    assertEquals(-2.0, g.w());
    assertEquals(0.0, g.x());
  }

  @Test
  void vjpAccumulates() {
    LossAdjoint adjoint = new LossAdjoint();
    LogSigmoidLoss_Grad.lossVjp(0.0, 2.0, 1.0, adjoint);
    LogSigmoidLoss_Grad.lossVjp(0.0, 2.0, 1.0, adjoint);
    assertEquals(-4.0, adjoint.w);
    assertEquals(0.0, adjoint.x);
  }
}
