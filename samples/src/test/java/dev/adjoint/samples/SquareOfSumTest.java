package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.SquareOfSum_Grad.DAdjoint;
import dev.adjoint.samples.SquareOfSum_Grad.DGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SquareOfSumTest {

  @Test
  void workedExampleAtTwoThree() {
    // d = 5² = 25, dd/da = dd/db = 2(a + b) = 10.
    DGradient g = SquareOfSum_Grad.d(2.0, 3.0);
    assertEquals(25.0, g.value());
    assertEquals(10.0, g.a());
    assertEquals(10.0, g.b());
  }

  @ParameterizedTest
  @CsvSource({"2.0, 3.0", "-1.25, 0.5", "0.1, 0.2"})
  void gradientMatchesClosedForm(double a, double b) {
    DGradient g = SquareOfSum_Grad.d(a, b);
    assertClose((a + b) * (a + b), g.value(), "d");
    assertClose(2 * (a + b), g.a(), "dd/da");
    assertClose(2 * (a + b), g.b(), "dd/db");
    assertMatchesCentralDifferences(
        p -> SquareOfSum.d(p[0], p[1]),
        new double[] {a, b},
        new double[] {g.a(), g.b()},
        "a",
        "b");
  }

  @Test
  void vjp() {
    DAdjoint adjoint = new DAdjoint();
    adjoint.a = 1.0; // accumulates on top of what is there
    assertEquals(25.0, SquareOfSum_Grad.dVjp(2.0, 3.0, -0.5, adjoint));
    assertEquals(-4.0, adjoint.a);
    assertEquals(-5.0, adjoint.b);
  }
}
