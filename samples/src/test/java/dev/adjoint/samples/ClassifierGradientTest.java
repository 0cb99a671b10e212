package dev.adjoint.samples;

import static dev.adjoint.samples.ArrayChecks.assertArrayClose;
import static dev.adjoint.samples.ArrayChecks.assertMatchesCentralDifferences;
import static dev.adjoint.samples.ArrayChecks.copy;
import static dev.adjoint.samples.Checks.assertClose;
import static dev.adjoint.samples.Checks.logistic;
import static dev.adjoint.samples.ClassifierTest.W;
import static dev.adjoint.samples.ClassifierTest.W0;
import static dev.adjoint.samples.ClassifierTest.X;
import static dev.adjoint.samples.ClassifierTest.Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.adjoint.samples.Classifier_Grad.NllAdjoint;
import dev.adjoint.samples.Classifier_Grad.NllGradient;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generated gradient of {@link Classifier#nll}, with respect to {@code w0} and {@code W}. */
class ClassifierGradientTest {

  /** The gradient by hand-written backpropagation: index 0 is dNLL/dw0, 1..3 the rows of dNLL/dW. */
  static double[][] backprop(double[] w0, double[][] w, double[][] x, int[] y) {
    double[] dw0 = new double[3];
    double[][] dw = new double[3][2];
    for (int i = 0; i < x.length; i++) {
      double[] phi = new double[3];
      double score = 0;
      for (int j = 0; j < 3; j++) {
        phi[j] = logistic(w[j][0] * x[i][0] + w[j][1] * x[i][1]);
        score += phi[j] * w0[j];
      }
      double s = 2 * y[i] - 1;
      double z = s * score;
      double dz = logistic(z) - 1; // d(-log σ(z))/dz
      double dscore = dz * s;
      for (int j = 0; j < 3; j++) {
        dw0[j] += dscore * phi[j];
        double dpre = dscore * w0[j] * phi[j] * (1 - phi[j]); // through σ'(u) = σ(1 - σ)
        dw[j][0] += dpre * x[i][0];
        dw[j][1] += dpre * x[i][1];
      }
    }
    return new double[][] {dw0, dw[0], dw[1], dw[2]};
  }

  @Test
  void gradientMatchesHandWrittenBackprop() {
    NllGradient g = Classifier_Grad.nll(W0, W, X, Y);
    double[][] expected = backprop(W0, W, X, Y);
    assertClose(ClassifierTest.expectedNll(W0, W, X, Y), g.value(), "NLL");
    assertArrayClose(expected[0], g.w0(), "dNLL/dw0");
    assertArrayClose(
        new double[][] {expected[1], expected[2], expected[3]}, g.W(), "dNLL/dW");
  }

  @Test
  void gradientMatchesCentralDifferences() {
    NllGradient g = Classifier_Grad.nll(W0, W, X, Y);
    double[] w0 = W0.clone();
    double[][] w = copy(W);
    assertMatchesCentralDifferences(p -> Classifier.nll(p, w, X, Y), w0, g.w0(), "w0");
    assertMatchesCentralDifferences(p -> Classifier.nll(w0, p, X, Y), w, g.W(), "W");
  }

  @Test
  void largerRandomDataSet() {
    Random random = new Random(7);
    int n = 50;
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = random.nextGaussian();
      x[i][1] = random.nextGaussian();
      y[i] = x[i][0] * x[i][1] > 0 ? 1 : 0; // XOR-like: needs the hidden layer
    }
    double[] w0 = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
    double[][] w = new double[3][2];
    for (double[] row : w) {
      row[0] = 2 * random.nextGaussian();
      row[1] = 2 * random.nextGaussian();
    }
    NllGradient g = Classifier_Grad.nll(w0, w, x, y);
    double[][] expected = backprop(w0, w, x, y);
    assertArrayClose(expected[0], g.w0(), "dNLL/dw0");
    assertArrayClose(new double[][] {expected[1], expected[2], expected[3]}, g.W(), "dNLL/dW");
    assertMatchesCentralDifferences(p -> Classifier.nll(p, w, x, y), w0, g.w0(), "w0");
    assertMatchesCentralDifferences(p -> Classifier.nll(w0, p, x, y), w, g.W(), "W");
  }

  @Test
  void gradientLeavesArgumentsUnchanged() {
    double[] w0 = W0.clone();
    double[][] w = copy(W);
    double[][] x = copy(X);
    int[] y = Y.clone();
    NllGradient g = Classifier_Grad.nll(w0, w, x, y);
    assertArrayEquals(W0, w0);
    assertArrayEquals(W, w);
    assertArrayEquals(X, x);
    assertArrayEquals(Y, y);
    assertNotSame(w0, g.w0());
    assertNotSame(w, g.W());
  }

  @Test
  void recordHasOneArrayComponentPerActiveArray() {
    assertArrayEquals(
        new String[] {"value", "w0", "W"},
        Arrays.stream(NllGradient.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray());
    assertEquals(double[].class, NllGradient.class.getRecordComponents()[1].getType());
    assertEquals(double[][].class, NllGradient.class.getRecordComponents()[2].getType());
  }

  @Test
  void vjpAllocatesThenAccumulates() {
    NllAdjoint adjoint = new NllAdjoint();
    double[][] expected = backprop(W0, W, X, Y);
    double value = Classifier_Grad.nllVjp(W0, W, X, Y, 0.5, adjoint);
    assertClose(ClassifierTest.expectedNll(W0, W, X, Y), value, "NLL");
    assertEquals(3, adjoint.w0.length);
    assertEquals(3, adjoint.W.length);
    assertEquals(2, adjoint.W[0].length);
    Classifier_Grad.nllVjp(W0, W, X, Y, 1.5, adjoint); // adds 1.5 × gradient: 2 × in all
    for (int j = 0; j < 3; j++) {
      assertClose(2 * expected[0][j], adjoint.w0[j], "2·dNLL/dw0[" + j + "]");
      assertClose(2 * expected[1 + j][0], adjoint.W[j][0], "2·dNLL/dW[" + j + "][0]");
      assertClose(2 * expected[1 + j][1], adjoint.W[j][1], "2·dNLL/dW[" + j + "][1]");
    }
  }
}
