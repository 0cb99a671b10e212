package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.ExponentialFit_Grad.LossAdjoint;
import dev.adjoint.samples.ExponentialFit_Grad.LossGradient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExponentialFitTest {

  @ParameterizedTest
  @CsvSource({"0.5, -0.3, 1.2, 2.0", "-1.1, 0.4, 0.7, 0.25", "0.0, 0.0, 3.0, 1.0"})
  void gradientMatchesClosedForm(double w, double b, double x, double yStar) {
    LossGradient g = ExponentialFit_Grad.loss(w, b, x, yStar);

    double y = Math.exp(w * x + b);
    assertClose((y - yStar) * (y - yStar), g.value(), "l");
    assertClose(2 * (y - yStar) * y * x, g.w(), "dl/dw");
    assertClose(2 * (y - yStar) * y, g.b(), "dl/db");
    assertMatchesCentralDifferences(
        p -> ExponentialFit.loss(p[0], p[1], x, yStar),
        new double[] {w, b},
        new double[] {g.w(), g.b()},
        "w",
        "b");
  }

  @Test
  void exactValuesAtZero() {
    // w = b = 0: y = e^0 = 1, so l = (1 - 3)^2 = 4, dl/db = 2(1 - 3)·1 = -4, dl/dw = -4·x = -8.
    LossGradient g = ExponentialFit_Grad.loss(0.0, 0.0, 2.0, 3.0);
    assertEquals(4.0, g.value());
    assertEquals(-8.0, g.w());
    assertEquals(-4.0, g.b());
  }

  @Test
  void vjpAccumulatesSeedTimesGradient() {
    LossAdjoint adjoint = new LossAdjoint();
    double first = ExponentialFit_Grad.lossVjp(0.0, 0.0, 2.0, 3.0, 0.5, adjoint);
    assertEquals(4.0, first);
    assertEquals(-4.0, adjoint.w); // 0.5 * -8
    assertEquals(-2.0, adjoint.b); // 0.5 * -4

    double second = ExponentialFit_Grad.lossVjp(0.0, 0.0, 1.0, 1.0, 3.0, adjoint);
    // y = 1 = yStar: value 0 and zero gradient, so nothing is added.
    assertEquals(0.0, second);
    assertEquals(-4.0, adjoint.w);
    assertEquals(-2.0, adjoint.b);

    ExponentialFit_Grad.lossVjp(0.0, 0.0, 2.0, 3.0, -1.0, adjoint); // adds (8, 4)
    assertEquals(4.0, adjoint.w);
    assertEquals(2.0, adjoint.b);

    adjoint.reset();
    assertEquals(0.0, adjoint.w);
    assertEquals(0.0, adjoint.b);
  }

  @Test
  void generatedApiHasOneComponentPerActiveParameter() {
    assertEquals(
        Modifier.PUBLIC | Modifier.FINAL, ExponentialFit_Grad.class.getModifiers() & 0x11);
    assertArrayEquals(
        new String[] {"value", "w", "b"},
        Arrays.stream(LossGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray());
    assertArrayEquals(
        new String[] {"b", "w"},
        Arrays.stream(LossAdjoint.class.getFields()).map(Field::getName).sorted().toArray());
  }
}
