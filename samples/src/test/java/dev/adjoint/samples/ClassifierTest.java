package dev.adjoint.samples;

import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.logistic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plain {@link Classifier#nll} against the formula written out here. */
class ClassifierTest {

  /** A small data set: four points in the plane, two of each class. */
  static final double[][] X = {{0.5, -1.0}, {1.5, 0.25}, {-0.75, 2.0}, {-1.25, -0.5}};

  static final int[] Y = {1, 0, 1, 0};

  static final double[] W0 = {0.8, -1.3, 0.45};

  static final double[][] W = {{0.3, -0.6}, {-1.1, 0.4}, {0.9, 1.2}};

  /** NLL written out independently of the sample: -Σ log σ((2y - 1)·φ(x)ᵀw0). */
  static double expectedNll(double[] w0, double[][] w, double[][] x, int[] y) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double score = 0;
      for (int j = 0; j < 3; j++) {
        score += w0[j] * logistic(w[j][0] * x[i][0] + w[j][1] * x[i][1]);
      }
      nll += -Math.log(logistic((2 * y[i] - 1) * score));
    }
    return nll;
  }

  @Test
  void nllMatchesFormula() {
    assertClose(expectedNll(W0, W, X, Y), Classifier.nll(W0, W, X, Y), "NLL");
  }

  @Test
  void zeroOutputWeightsGiveLogTwoPerExample() {
    // w0 = 0: every score is 0 and σ(0) = 1/2, so NLL = 4 log 2 whatever W is.
    assertClose(4 * Math.log(2.0), Classifier.nll(new double[3], W, X, Y), "NLL");
  }

  @Test
  void zeroHiddenWeightsGiveFeaturesOneHalf() {
    // W = 0: φ = (1/2, 1/2, 1/2), score = (w0_1 + w0_2 + w0_3)/2 = -0.025 for every example.
    double score = (0.8 - 1.3 + 0.45) / 2;
    double expected = -2 * Math.log(logistic(score)) - 2 * Math.log(logistic(-score));
    assertClose(expected, Classifier.nll(W0, new double[3][2], X, Y), "NLL");
  }

  @Test
  void logSigmoidOnBothSides() {
    assertClose(Math.log(logistic(2.5)), Classifier.logSigmoid(2.5), "log σ(2.5)");
    assertClose(Math.log(logistic(-2.5)), Classifier.logSigmoid(-2.5), "log σ(-2.5)");
    assertEquals(-800.0, Classifier.logSigmoid(-800.0)); // log σ(z) → z, no overflow of e^-z
    assertEquals(-Math.log(2.0), Classifier.logSigmoid(0.0));
  }
}
