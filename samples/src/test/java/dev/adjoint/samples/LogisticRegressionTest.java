package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static dev.adjoint.samples.Checks.logistic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.LogisticRegression_Grad.LossAdjoint;
import dev.adjoint.samples.LogisticRegression_Grad.LossGradient;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogisticRegressionTest {
  private static final double L2 = 1e-3;

  @ParameterizedTest
  @CsvSource({
    "0.5, -1.0, 0.2, 1.3, 0.4, 1",
    "0.5, -1.0, 0.2, 1.3, 0.4, 0",
    "2.0, 3.0, -0.5, -1.0, -2.0, 1", // z = -8.5
    "2.0, 3.0, -0.5, -1.0, -2.0, 0",
    "-1.5, 0.25, 4.0, 0.1, 0.9, 0", // z = 4.075
  })
  void gradientMatchesClosedForm(double w1, double w2, double b, double x1, double x2, int label) {
    LossGradient g = LogisticRegression_Grad.loss(w1, w2, b, x1, x2, label);

    double z = w1 * x1 + w2 * x2 + b;
    double s = logistic(z);
    double penalty = 0.5 * L2 * (w1 * w1 + w2 * w2);
    double crossEntropy = label == 1 ? -Math.log(s) : -Math.log(1 - s);
    assertClose(crossEntropy + penalty, g.value(), "L");
    assertClose((s - label) * x1 + L2 * w1, g.w1(), "dL/dw1");
    assertClose((s - label) * x2 + L2 * w2, g.w2(), "dL/dw2");
    assertClose(s - label, g.b(), "dL/db");
    assertMatchesCentralDifferences(
        p -> LogisticRegression.loss(p[0], p[1], p[2], x1, x2, label),
        new double[] {w1, w2, b},
        new double[] {g.w1(), g.w2(), g.b()},
        "w1",
        "w2",
        "b");
  }

  @Test
  void exactValuesAtZeroWeights() {
    // w = 0, b = 0: z = 0, L = log 2, dL/db = 1/2 - label, dL/dw = (1/2 - label)·x.
    LossGradient g = LogisticRegression_Grad.loss(0.0, 0.0, 0.0, 2.0, -4.0, 1);
    assertClose(Math.log(2.0), g.value(), "L");
    assertEquals(-1.0, g.w1());
    assertEquals(2.0, g.w2());
    assertEquals(-0.5, g.b());
  }

  @Test
  void intLabelIsNotAComponent() {
    assertArrayEquals(
        new String[] {"value", "w1", "w2", "b"},
        Arrays.stream(LossGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray());
  }

  @Test
  void vjpMatchesRecordApi() {
    LossAdjoint adjoint = new LossAdjoint();
    LossGradient g = LogisticRegression_Grad.loss(0.3, -0.7, 0.1, 0.9, 1.1, 0);
    double value = LogisticRegression_Grad.lossVjp(0.3, -0.7, 0.1, 0.9, 1.1, 0, 2.0, adjoint);
    assertEquals(g.value(), value);
    assertClose(2 * g.w1(), adjoint.w1, "w1");
    assertClose(2 * g.w2(), adjoint.w2, "w2");
    assertClose(2 * g.b(), adjoint.b, "b");
  }
}
