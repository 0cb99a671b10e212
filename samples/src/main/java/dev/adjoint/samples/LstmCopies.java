package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;
import java.util.Arrays;

/**
 * ADBench's LSTM objective ({@link Lstm} defines it) as a Java programmer first writes it, with
 * the JDK's array operations: the state taken with {@code clone()}, each layer's new state computed
 * into a copy that then becomes the state ({@code next = s.clone(); ...; s = next;}), the input
 * and the next layer's input moved with {@code System.arraycopy}, the prediction cleared with
 * {@code Arrays.fill}. The processor differentiates these as the loops they are, so the value and
 * the gradient are {@link Lstm}'s; only the copies cost more.
 */
public final class LstmCopies {
  private LstmCopies() {}

  /** The loss, with {@link Lstm#objective}'s parameters and meaning. */
  @Differentiable
  public static double objective(
      double[] mainParams,
      double[] extraParams,
      @NoDerivative double[] state,
      @NoDerivative double[] sequence,
      int l,
      int c,
      int b) {
    double[] s = state.clone();
    double[] input = new double[b];
    double[] ypred = new double[b];
    double total = 0.0;
    int count = 0;
    for (int t = 0; t < c - 1; t++) {
      System.arraycopy(sequence, t * b, input, 0, b);
      for (int i = 0; i < b; i++) {
        input[i] *= extraParams[i];
      }
      for (int layer = 0; layer < l; layer++) {
        double[] next = s.clone();
        step(b, mainParams, s, next, layer, input);
        s = next;
        // The layer above reads this layer's new hidden vector.
        System.arraycopy(s, 2 * b * layer, input, 0, b);
      }
      Arrays.fill(ypred, 0.0);
      int top = 2 * b * (l - 1);
      for (int i = 0; i < b; i++) {
        ypred[i] += s[top + i] * extraParams[b + i] + extraParams[2 * b + i];
      }
      double lse = logsumexp(ypred, b);
      int gold = (t + 1) * b;
      for (int i = 0; i < b; i++) {
        total += sequence[gold + i] * (ypred[i] - lse);
      }
      count += b;
    }
    return -total / count;
  }

  /** Layer {@code layer}'s step on input {@code x}: reads its state in {@code s}, writes it into {@code next}. */
  static void step(int b, double[] mainParams, double[] s, double[] next, int layer, double[] x) {
    int weight = 8 * b * layer;
    int bias = weight + 4 * b;
    int hidden = 2 * b * layer;
    int cell = hidden + b;
    for (int i = 0; i < b; i++) {
      double forget = sigmoid(x[i] * mainParams[weight + i] + mainParams[bias + i]);
      double ingate = sigmoid(s[hidden + i] * mainParams[weight + b + i] + mainParams[bias + b + i]);
      double outgate = sigmoid(x[i] * mainParams[weight + 2 * b + i] + mainParams[bias + 2 * b + i]);
      double change = Math.tanh(s[hidden + i] * mainParams[weight + 3 * b + i] + mainParams[bias + 3 * b + i]);
      next[cell + i] = s[cell + i] * forget + ingate * change;
      next[hidden + i] = outgate * Math.tanh(next[cell + i]);
    }
  }

  // Lstm's two helpers again: a helper differentiated for its caller must be in the caller's file.
  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** ADBench's {@code log(2 + Σ e^{v_i})}. */
  static double logsumexp(double[] v, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(v[i]);
    }
    sum += 2;
    return Math.log(sum);
  }
}
