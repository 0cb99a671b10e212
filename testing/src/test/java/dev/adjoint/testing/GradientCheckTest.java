package dev.adjoint.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * GradientCheck against hand-written "generated" classes (Fixtures_Grad): right ones pass, a
 * wrong partial fails with a message naming the method, parameter, element and both numbers.
 */
class GradientCheckTest {
  private static final Object[] F_ARGS = {0.7, new double[] {0.3, -1.2, 2.0}, 5.0};

  @Test
  void aRightGradientJvpAndHvpPass() {
    GradientCheck check = GradientCheck.of(Fixtures.class, "f").withParameterNames("a", "x", "k");
    check.assertGradient(F_ARGS);
    check.assertJvp(F_ARGS);
    check.assertHvp(F_ARGS);
  }

  @Test
  void aRightJacobianPasses() {
    GradientCheck.of(Fixtures.class, "v").assertJacobian(1.5, new double[] {0.5, -2.0});
  }

  @Test
  void aWrongPartialIsNamedWithBothNumbers() {
    double[][] m = {{1, 2}, {3, 4}};
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradientCheck.of(Fixtures.class, "g").assertGradient(0.4, m));
    String message = e.getMessage();
    assertTrue(message.startsWith("Fixtures.g: 1 mismatch"), message);
    // generated 3 (m[1][0]) where the derivative is 2 m[1][0] = 6.
    assertTrue(message.contains("d/dm[1][0]: generated 3.0 but central differences give 6.0"), message);
  }

  @Test
  void withoutNamesTheTypesMustSayWhichParametersAreDifferentiated() {
    // h(double k, double a) with a alone differentiated: the test classes are compiled without
    // -parameters, so only the names can say which double it is.
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradientCheck.of(Fixtures.class, "h").assertGradient(3.0, 0.5));
    assertTrue(e.getMessage().contains("withParameterNames"), e.getMessage());
    GradientCheck.of(Fixtures.class, "h").withParameterNames("k", "a").assertGradient(3.0, 0.5);
    // f(double a, double[] x, double k): its partials (a double, then a double[]) fit one way only.
    GradientCheck.of(Fixtures.class, "f").assertGradient(F_ARGS);
  }

  @Test
  void theArgumentsAreLeftAsTheyWere() {
    double[] x = {0.3, -1.2, 2.0};
    GradientCheck.of(Fixtures.class, "f").withParameterNames("a", "x", "k").assertGradient(0.7, x, 5.0);
    assertEquals(-1.2, x[1]);
  }

  @Test
  void differencesAreAccurateToRoundingOnSmoothFunctions() {
    Differences.Estimate d = Differences.at(Math::exp, 1.3);
    assertEquals(Math.exp(1.3), d.derivative(), 1e-11);
    Differences.Estimate large = Differences.at(x -> x * x * x, 1e3);
    assertEquals(3e6, large.derivative(), 1e-3);
  }
}
