package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.bench.RosenbrockPeers;
import java.util.Random;
import org.hipparchus.analysis.differentiation.Gradient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's peers compute the same gradient as Adjoint: the hand-written one matches
 * central differences, and it, Hipparchus' and the generated one agree entry by entry.
 */
class RosenbrockPeersTest {

  private static double[] point(int n) {
    Random random = new Random(n);
    double[] x = Rosenbrock.start(n);
    for (int i = 0; i < n; i++) {
      x[i] += random.nextDouble() - 0.5;
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10, 100})
  void byHandMatchesCentralDifferencesAndTheGeneratedGradient(int n) {
    double[] x = point(n);
    double[] hand = new double[n];
    double value = RosenbrockPeers.byHand(x, hand);
    ArrayChecks.assertMatchesCentralDifferences(Rosenbrock::value, x, hand, "x");

    Rosenbrock_Grad.ValueAdjoint adjoint = new Rosenbrock_Grad.ValueAdjoint();
    double generatedValue = Rosenbrock_Grad.valueVjp(x, 1.0, adjoint);
    assertEquals(value, generatedValue, 1e-12 * Math.abs(value));
    ArrayChecks.assertArrayClose(hand, adjoint.x, "generated vs by hand");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10, 100})
  void hipparchusAgreesWithTheGeneratedGradient(int n) {
    double[] x = point(n);
    Gradient g = RosenbrockPeers.hipparchus(x);
    Rosenbrock_Grad.ValueGradient generated = Rosenbrock_Grad.value(x);
    assertEquals(generated.value(), g.getValue(), 1e-12 * Math.abs(g.getValue()));
    ArrayChecks.assertArrayClose(generated.x(), g.getGradient(), "generated vs Hipparchus");
  }
}
