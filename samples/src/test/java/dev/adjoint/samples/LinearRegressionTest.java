package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plain {@link LinearRegression#mse} by hand. */
class LinearRegressionTest {

  /** Three examples, an intercept column and one feature. */
  static final double[][] X = {{1, 0}, {1, 1}, {1, 2}};

  static final double[] Y = {1, 2, 4};

  @Test
  void meanSquaredErrorByHand() {
    // w = (1, 1): Xw = (1, 2, 3), y - Xw = (0, 0, 1), L = 1/3.
    assertEquals(1.0 / 3, LinearRegression.mse(new double[] {1, 1}, X, Y));
    // w = (0, 0): L = (1 + 4 + 16)/3 = 7.
    assertEquals(7.0, LinearRegression.mse(new double[] {0, 0}, X, Y));
    // The least-squares fit w = (5/6, 3/2) leaves residuals (1/6, -1/3, 1/6): L = 1/18.
    assertClose(1.0 / 18, LinearRegression.mse(new double[] {5.0 / 6, 1.5}, X, Y), "L");
  }
}
