package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.assertMatchesCentralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.LongStraightLine_Grad.UnrolledGradient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LongStraightLineTest {

  @ParameterizedTest
  @CsvSource({"0.3, -0.4, 0.7", "-0.8, 0.25, -0.5", "0.05, 0.9, 0.95"})
  void gradientMatchesCentralDifferences(double a, double b, double c) {
    UnrolledGradient g = LongStraightLine_Grad.unrolled(a, b, c);
    assertEquals(LongStraightLine.unrolled(a, b, c), g.value());
    assertMatchesCentralDifferences(
        p -> LongStraightLine.unrolled(p[0], p[1], p[2]),
        new double[] {a, b, c},
        new double[] {g.a(), g.b(), g.c()},
        "a",
        "b",
        "c");
    assertClose(g.value(), LongStraightLine_Grad.unrolledVjp(a, b, c, 1.0,
        new LongStraightLine_Grad.UnrolledAdjoint()), "value of unrolledVjp");
  }
}
