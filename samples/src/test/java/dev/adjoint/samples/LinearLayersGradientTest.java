package dev.adjoint.samples;

import static dev.adjoint.samples.ArrayChecks.assertMatchesCentralDifferences;
import static dev.adjoint.samples.ArrayChecks.copy;
import static dev.adjoint.samples.LinearLayersTest.W1;
import static dev.adjoint.samples.LinearLayersTest.W2;
import static dev.adjoint.samples.LinearLayersTest.W3;
import static dev.adjoint.samples.LinearLayersTest.W4;
import static dev.adjoint.samples.LinearLayersTest.X;
import static dev.adjoint.samples.LinearLayersTest.Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.LinearLayers_Grad.LossAdjoint;
import dev.adjoint.samples.LinearLayers_Grad.LossGradient;
import org.junit.jupiter.api.Test;

/**
 * The generated gradient of {@link LinearLayers#loss} at the worked example, every weight against
 * backpropagation by hand. All numbers are small integers, so every comparison is exact.
 */
class LinearLayersGradientTest {

  // Forward (see LinearLayersTest): h1 = [2, 2], h2 = [6, 4], h3 = [10, 16], h4 = 36, L = 1.
  //
  // Backward, L = (h4 - y)²:
  //   dL/dh4 = 2(h4 - y) = 2(36 - 35) = 2
  //   dL/dW4 = dL/dh4 · h3 = 2·[10, 16] = [20, 32]
  //   dL/dh3 = dL/dh4 · W4 = 2·[2, 1] = [4, 2]
  //   dL/dW3 = dL/dh3 · h2ᵀ = [[4·6, 4·4], [2·6, 2·4]] = [[24, 16], [12, 8]]
  //   dL/dh2 = W3ᵀ · dL/dh3 = [1·4 + 2·2, 1·4 + 1·2] = [8, 6]
  //   dL/dW2 = dL/dh2 · h1ᵀ = [[8·2, 8·2], [6·2, 6·2]] = [[16, 16], [12, 12]]
  //   dL/dh1 = W2ᵀ · dL/dh2 = [1·8 + 1·6, 2·8 + 1·6] = [14, 22]
  //   dL/dW1 = dL/dh1 · xᵀ = [[14·1, 14·1], [22·1, 22·1]] = [[14, 14], [22, 22]]
  static final double[] DW4 = {20, 32};
  static final double[][] DW3 = {{24, 16}, {12, 8}};
  static final double[][] DW2 = {{16, 16}, {12, 12}};
  static final double[][] DW1 = {{14, 14}, {22, 22}};

  @Test
  void everyWeightMatchesBackpropByHand() {
    LossGradient g = LinearLayers_Grad.loss(W1, W2, W3, W4, X, Y);
    assertEquals(1.0, g.value());
    assertArrayEquals(DW4, g.W4(), "dL/dW4");
    assertArrayEquals(DW3, g.W3(), "dL/dW3");
    assertArrayEquals(DW2, g.W2(), "dL/dW2");
    assertArrayEquals(DW1, g.W1(), "dL/dW1");
  }

  @Test
  void gradientScalesWithTheResidual() {
    // y = 33: h4 - y = 3, so dL/dh4 = 6 and every partial is three times the worked example's.
    LossGradient g = LinearLayers_Grad.loss(W1, W2, W3, W4, X, 33);
    assertEquals(9.0, g.value());
    assertArrayEquals(new double[] {60, 96}, g.W4());
    assertArrayEquals(new double[][] {{72, 48}, {36, 24}}, g.W3());
    assertArrayEquals(new double[][] {{48, 48}, {36, 36}}, g.W2());
    assertArrayEquals(new double[][] {{42, 42}, {66, 66}}, g.W1());
    // At y = h4 the loss is at a minimum: every partial is zero.
    LossGradient flat = LinearLayers_Grad.loss(W1, W2, W3, W4, X, 36);
    assertArrayEquals(new double[][] {{0, 0}, {0, 0}}, flat.W1());
    assertArrayEquals(new double[] {0, 0}, flat.W4());
  }

  @Test
  void gradientMatchesCentralDifferences() {
    double[][] w1 = {{0.3, -0.7}, {1.1, 0.4}};
    double[][] w2 = {{-0.5, 0.9}, {0.25, 1.3}};
    double[][] w3 = {{0.6, -0.2}, {-1.4, 0.8}};
    double[] w4 = {0.7, -1.2};
    double[] x = {0.45, -1.5};
    double y = 0.8;
    LossGradient g = LinearLayers_Grad.loss(w1, w2, w3, w4, x, y);
    assertMatchesCentralDifferences(p -> LinearLayers.loss(p, w2, w3, w4, x, y), w1, g.W1(), "W1");
    assertMatchesCentralDifferences(p -> LinearLayers.loss(w1, p, w3, w4, x, y), w2, g.W2(), "W2");
    assertMatchesCentralDifferences(p -> LinearLayers.loss(w1, w2, p, w4, x, y), w3, g.W3(), "W3");
    assertMatchesCentralDifferences(p -> LinearLayers.loss(w1, w2, w3, p, x, y), w4, g.W4(), "W4");
  }

  @Test
  void gradientLeavesArgumentsUnchanged() {
    double[][] w1 = copy(W1);
    double[][] w2 = copy(W2);
    double[][] w3 = copy(W3);
    double[] w4 = W4.clone();
    double[] x = X.clone();
    LinearLayers_Grad.loss(w1, w2, w3, w4, x, Y);
    assertArrayEquals(W1, w1);
    assertArrayEquals(W2, w2);
    assertArrayEquals(W3, w3);
    assertArrayEquals(W4, w4);
    assertArrayEquals(X, x);
  }

  @Test
  void vjpAddsIntoPreallocatedAdjoints() {
    LossAdjoint adjoint = new LossAdjoint();
    adjoint.W4 = new double[] {1, 1};
    adjoint.W1 = new double[][] {{0, 0}, {0, 100}};
    double[] w4Adjoint = adjoint.W4;
    assertEquals(1.0, LinearLayers_Grad.lossVjp(W1, W2, W3, W4, X, Y, 0.5, adjoint));
    assertArrayEquals(new double[] {11, 17}, adjoint.W4); // 1 + 0.5·[20, 32]
    assertArrayEquals(new double[][] {{7, 7}, {11, 111}}, adjoint.W1); // 0.5·DW1, plus 100
    assertArrayEquals(new double[][] {{12, 8}, {6, 4}}, adjoint.W3); // allocated: 0.5·DW3
    assertArrayEquals(new double[][] {{8, 8}, {6, 6}}, adjoint.W2);
    assertEquals(w4Adjoint, adjoint.W4, "the given array is added into, not replaced");
  }
}
