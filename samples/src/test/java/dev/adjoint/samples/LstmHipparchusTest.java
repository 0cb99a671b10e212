package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Lstm_Grad.ObjectiveGradient;
import dev.adjoint.samples.bench.LstmHipparchus;
import org.hipparchus.analysis.differentiation.Gradient;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's Hipparchus peer computes the same value and gradient as the generated code, to
 * rounding: Hipparchus evaluates {@code exp} and {@code tanh} with its own {@code FastMath}.
 */
class LstmHipparchusTest {

  @Test
  void agreesWithTheGeneratedGradientOnL2C1024() {
    LstmInput in = LstmTest.l2c1024();
    Gradient forward =
        LstmHipparchus.objective(
            in.mainParams(), in.extraParams(), in.state(), in.sequence(), in.l(), in.c(), in.b());
    ObjectiveGradient g = LstmTest.gradient(in);
    double[] generated = LstmTest.concatenated(g.mainParams(), g.extraParams());
    assertEquals(g.value(), forward.getValue(), 1e-10 * Math.abs(g.value()));
    double[] partials = forward.getGradient();
    assertEquals(266, partials.length);
    for (int i = 0; i < generated.length; i++) {
      double tolerance = 1e-10 * Math.max(Math.abs(generated[i]), Math.abs(partials[i]));
      int at = i;
      assertTrue(
          Math.abs(generated[i] - partials[i]) <= tolerance,
          () -> "[" + at + "] generated " + generated[at] + " Hipparchus " + partials[at]);
    }
  }
}
