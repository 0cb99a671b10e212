package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Gmm_Grad.ObjectiveGradient;
import dev.adjoint.samples.bench.GmmByHand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's hand-written GMM gradient is a gradient of the same objective: it matches
 * ADBench's golden values, and the generated gradient, derived independently, entry by entry.
 */
class GmmByHandTest {

  /** The hand-written gradient in ADBench's layout (alphas, means, icf), then the value. */
  static double[] byHand(GmmInput in) {
    double[] alphasBar = new double[in.alphas().length];
    double[] meansBar = new double[in.means().length];
    double[] icfBar = new double[in.icf().length];
    double value = GmmByHand.gradient(in.alphas(), in.means(), in.icf(), in.x(), in.d(), in.k(), in.n(),
        in.gamma(), in.m(), in.logGammaDistrib(), alphasBar, meansBar, icfBar);
    double[] all = new double[alphasBar.length + meansBar.length + icfBar.length + 1];
    System.arraycopy(alphasBar, 0, all, 0, alphasBar.length);
    System.arraycopy(meansBar, 0, all, alphasBar.length, meansBar.length);
    System.arraycopy(icfBar, 0, all, alphasBar.length + meansBar.length, icfBar.length);
    all[all.length - 1] = value;
    return all;
  }

  @Test
  void matchesAdbenchOnD2K5() {
    double[] all = byHand(GmmInput.load("gmm_d2_K5"));
    assertEquals(GmmGradientTest.GOLDEN_GRADIENT_D2_K5.length + 1, all.length);
    assertEquals(GmmObjectiveTest.GOLDEN_D2_K5, all[all.length - 1],
        1e-10 * Math.abs(GmmObjectiveTest.GOLDEN_D2_K5));
    for (int i = 0; i < GmmGradientTest.GOLDEN_GRADIENT_D2_K5.length; i++) {
      double golden = GmmGradientTest.GOLDEN_GRADIENT_D2_K5[i];
      double r = GmmGradientTest.rho(golden, all[i]);
      int at = i;
      assertTrue(r < 1e-8, () -> "[" + at + "] golden " + golden + " by hand " + all[at] + " rho " + r);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gmm_d2_K5", "gmm_d10_K5"})
  void agreesWithTheGeneratedGradient(String file) {
    GmmInput in = GmmInput.load(file);
    ObjectiveGradient g = GmmGradientTest.gradient(in);
    double[] generated = GmmGradientTest.concatenated(g);
    double[] hand = byHand(in);
    assertEquals(generated.length + 1, hand.length);
    assertEquals(g.value(), hand[hand.length - 1], 1e-12 * Math.abs(g.value()));
    for (int i = 0; i < generated.length; i++) {
      double r = GmmGradientTest.rho(generated[i], hand[i]);
      int at = i;
      assertTrue(r < 1e-12, () -> "[" + at + "] generated " + generated[at] + " by hand " + hand[at]);
    }
  }
}
