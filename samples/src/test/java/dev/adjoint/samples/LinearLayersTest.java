package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plain {@link LinearLayers#loss} at the worked example's numbers. */
class LinearLayersTest {

  static final double[][] W1 = {{1, 1}, {1, 1}};
  static final double[][] W2 = {{1, 2}, {1, 1}};
  static final double[][] W3 = {{1, 1}, {2, 1}};
  static final double[] W4 = {2, 1};
  static final double[] X = {1, 1};
  static final double Y = 35;

  @Test
  void forwardPassByHand() {
    // h1 = W1 x = [1+1, 1+1] = [2, 2]
    // h2 = W2 h1 = [1·2 + 2·2, 1·2 + 1·2] = [6, 4]
    // h3 = W3 h2 = [1·6 + 1·4, 2·6 + 1·4] = [10, 16]
    // h4 = W4·h3 = 2·10 + 1·16 = 36, L = (36 - 35)² = 1
    assertEquals(1.0, LinearLayers.loss(W1, W2, W3, W4, X, Y));
    // The same forward pass, read through the loss at other targets: L = (36 - y)².
    assertEquals(0.0, LinearLayers.loss(W1, W2, W3, W4, X, 36));
    assertEquals(36.0 * 36.0, LinearLayers.loss(W1, W2, W3, W4, X, 0));
    assertEquals(16.0, LinearLayers.loss(W1, W2, W3, W4, X, 40));
  }

  @Test
  void shapesComeFromTheArrays() {
    // x in R^3, h1 in R^1, h2 in R^2, h3 in R^1: h1 = 1 + 2 + 3 = 6, h2 = [6, -6], h3 = 6·0.5 - 6
    // = -3, h4 = 2·(-3) = -6, L = (-6 - 1)² = 49.
    double[][] w1 = {{1, 1, 1}};
    double[][] w2 = {{1}, {-1}};
    double[][] w3 = {{0.5, 1}};
    double[] w4 = {2};
    assertEquals(49.0, LinearLayers.loss(w1, w2, w3, w4, new double[] {1, 2, 3}, 1));
  }
}
