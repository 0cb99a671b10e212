package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LstmCopies}, the LSTM written with {@code clone()}, {@code System.arraycopy} and {@code
 * Arrays.fill}: its value is {@link Lstm}'s bit for bit, its gradient Lstm's (generated from code
 * without the JDK's array operations) to rounding, and central differences of its own primal.
 */
class LstmCopiesTest {
  @ParameterizedTest
  @CsvSource({"1, 2, 3, 11", "2, 5, 4, 12", "3, 4, 2, 13"})
  void sameValueAndGradientAsTheLoopVersion(int l, int c, int b, long seed) {
    LstmInput in = LstmTest.random(l, c, b, seed);
    var copies = LstmCopies_Grad.objective(
        in.mainParams(), in.extraParams(), in.state(), in.sequence(), l, c, b);
    var loops = LstmTest.gradient(in);
    assertEquals(Lstm.objective(in.mainParams(), in.extraParams(), in.state(), in.sequence(), l, c, b),
        LstmCopies.objective(in.mainParams(), in.extraParams(), in.state(), in.sequence(), l, c, b), 0.0);
    assertEquals(loops.value(), copies.value(), 0.0);
    double[] expected = LstmTest.concatenated(loops.mainParams(), loops.extraParams());
    double[] actual = LstmTest.concatenated(copies.mainParams(), copies.extraParams());
    for (int k = 0; k < expected.length; k++) {
      Checks.assertClose(expected[k], actual[k], "d/dparam[" + k + "]");
    }
  }

  @Test
  void gradientJvpAndHvpMatchCentralDifferences() {
    LstmInput in = LstmTest.random(2, 4, 3, 21);
    Object[] args = {in.mainParams(), in.extraParams(), in.state(), in.sequence(), in.l(), in.c(), in.b()};
    GradientCheck check = GradientCheck.of(LstmCopies.class, "objective");
    check.assertGradient(args);
    check.assertJvp(args);
    check.assertHvp(args);
  }

  @Test
  void leavesTheStateAlone() {
    LstmInput in = LstmTest.random(2, 3, 2, 5);
    double[] before = in.state().clone();
    LstmCopies_Grad.objective(in.mainParams(), in.extraParams(), in.state(), in.sequence(), in.l(), in.c(), in.b());
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, in.state(), 0.0);
  }
}
