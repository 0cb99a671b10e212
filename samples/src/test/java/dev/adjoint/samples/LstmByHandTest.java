package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Lstm_Grad.ObjectiveGradient;
import dev.adjoint.samples.bench.LstmByHand;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's hand-written LSTM gradient is a gradient of the same objective: it matches the
 * generated gradient, derived independently, entry by entry, and a reused workspace gives the
 * same result again.
 */
class LstmByHandTest {

  /** The hand-written gradient in ADBench's layout (main, then extra parameters), then value. */
  static double[] byHand(LstmInput in, LstmByHand workspace) {
    double[] mainBar = new double[in.mainParams().length];
    double[] extraBar = new double[in.extraParams().length];
    double value =
        workspace.gradient(
            in.mainParams(), in.extraParams(), in.state(), in.sequence(), mainBar, extraBar);
    double[] all = LstmTest.concatenated(mainBar, extraBar);
    double[] withValue = new double[all.length + 1];
    System.arraycopy(all, 0, withValue, 0, all.length);
    withValue[all.length] = value;
    return withValue;
  }

  static void assertAgreesWithTheGeneratedGradient(LstmInput in, double[] hand) {
    ObjectiveGradient g = LstmTest.gradient(in);
    double[] generated = LstmTest.concatenated(g.mainParams(), g.extraParams());
    assertEquals(generated.length + 1, hand.length);
    assertEquals(g.value(), hand[hand.length - 1], 1e-12 * Math.abs(g.value()));
    for (int i = 0; i < generated.length; i++) {
      double tolerance = 1e-10 * Math.max(Math.abs(generated[i]), Math.abs(hand[i]));
      int at = i;
      assertTrue(
          Math.abs(generated[i] - hand[i]) <= tolerance,
          () -> "[" + at + "] generated " + generated[at] + " by hand " + hand[at]);
    }
  }

  @Test
  void agreesWithTheGeneratedGradientOnL2C1024() {
    LstmInput in = LstmTest.l2c1024();
    double[] hand = byHand(in, new LstmByHand(in.l(), in.c(), in.b()));
    assertEquals(LstmTest.OBJECTIVE_L2_C1024, hand[hand.length - 1], 1e-14);
    assertAgreesWithTheGeneratedGradient(in, hand);
  }

  @Test
  void agreesWithTheGeneratedGradientOnThreeLayers() {
    LstmInput in = LstmTest.random(3, 8, 5, 42);
    assertAgreesWithTheGeneratedGradient(in, byHand(in, new LstmByHand(3, 8, 5)));
  }

  @Test
  void staticFormAddsIntoTheBars() {
    LstmInput in = LstmTest.random(2, 5, 3, 7);
    double[] expected = byHand(in, new LstmByHand(2, 5, 3));
    double[] mainBar = new double[in.mainParams().length];
    double[] extraBar = new double[in.extraParams().length];
    mainBar[0] = 1.0;
    double value =
        LstmByHand.gradient(
            in.mainParams(), in.extraParams(), in.state(), in.sequence(), 2, 5, 3, mainBar,
            extraBar);
    assertEquals(expected[expected.length - 1], value);
    assertEquals(1.0 + expected[0], mainBar[0]);
  }

  @Test
  void reusedWorkspaceGivesTheSameGradientAndLeavesTheInputs() {
    LstmInput in = LstmTest.l2c1024();
    LstmInput pristine = LstmTest.l2c1024();
    LstmByHand workspace = new LstmByHand(in.l(), in.c(), in.b());
    double[] first = byHand(in, workspace);
    double[] second = byHand(in, workspace);
    assertArrayEquals(first, second);
    assertArrayEquals(pristine.mainParams(), in.mainParams());
    assertArrayEquals(pristine.extraParams(), in.extraParams());
    assertArrayEquals(pristine.state(), in.state());
    assertArrayEquals(pristine.sequence(), in.sequence());
  }
}
