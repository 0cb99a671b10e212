package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * ADBench's LSTM objective (its {@code src/cpp/shared/lstm.h}; in the benchmark, though the 2018
 * paper does not discuss it), written as plain Java over flat arrays. It is not a textbook LSTM:
 * every weight matrix is diagonal, so each of the {@code b} units of a layer sees only its own
 * input and hidden value. It is kept exactly as ADBench defines it, quirks included, so that
 * values and timings compare.
 *
 * <p>{@code l} layers of {@code b} units read a sequence of {@code c} characters, each a vector of
 * {@code b} numbers. Layer {@code j}'s parameters are {@code mainParams[8bj ..]}: four weight
 * vectors (forget, input gate, output gate, change), then four bias vectors of the same order; its
 * state is {@code state[2bj ..]}: the hidden vector, then the cell vector. A step of layer {@code
 * j} with input {@code x} (unit by unit):
 *
 * <pre>
 *   forget  = σ(x·w_f + b_f)       ingate = σ(h·w_i + b_i)
 *   outgate = σ(x·w_o + b_o)       change = tanh(h·w_c + b_c)
 *   cell    = cell·forget + ingate·change
 *   h       = outgate·tanh(cell)
 * </pre>
 *
 * <p>where {@code σ(x) = 1/(1 + e^-x)}. Layer 0's input is character {@code t} times {@code
 * extraParams[0 .. b)}, each further layer's input the new hidden vector of the layer below, and
 * the prediction is the top hidden vector times {@code extraParams[b .. 2b)} plus {@code
 * extraParams[2b .. 3b)}. The loss is the negative mean log-likelihood of character {@code t + 1}
 * under the prediction from characters up to {@code t}:
 *
 * <pre>
 *   loss = -1/((c - 1)·b) · Σ_{t < c-1} Σ_i seq[t+1][i]·(ypred_t[i] - lse(ypred_t))
 *   lse(v) = log(2 + Σ_i e^{v_i})
 * </pre>
 *
 * <p>The {@code 2} in {@code lse} is ADBench's quirk (every one of its implementations adds it),
 * kept for comparability of values.
 */
public final class Lstm {
  private Lstm() {}

  /**
   * The loss. The parameters, differentiated, are {@code mainParams} ({@code 8lb}) and {@code
   * extraParams} ({@code 3b}); the initial {@code state} ({@code 2lb}) and the {@code sequence}
   * ({@code cb}) are data, and neither is modified.
   */
  @Differentiable
  public static double objective(
      double[] mainParams,
      double[] extraParams,
      @NoDerivative double[] state,
      @NoDerivative double[] sequence,
      int l,
      int c,
      int b) {
    // ADBench's C++ takes the state by value: the sequence runs on a copy of it.
    double[] s = new double[2 * l * b];
    for (int i = 0; i < 2 * l * b; i++) {
      s[i] = state[i];
    }
    double[] ypred = new double[b];
    double total = 0.0;
    int count = 0;
    for (int t = 0; t < c - 1; t++) {
      predict(mainParams, extraParams, s, sequence, t * b, l, b, ypred);
      double lse = logsumexp(ypred, b);
      int gold = (t + 1) * b;
      for (int i = 0; i < b; i++) {
        total += sequence[gold + i] * (ypred[i] - lse);
      }
      count += b;
    }
    return -total / count;
  }

  /**
   * One step of the network on the character at {@code sequence[at .. at + b)}: advances every
   * layer's state in {@code s} and writes the prediction of the next character into {@code
   * ypred}.
   *
   * <p>{@code sequence} is marked as data here too: a helper's unmarked array parameter is
   * differentiated, and the gradient would then allocate and zero an adjoint of the whole
   * sequence on every step (122 MB and 4× the time of a gradient call on {@code l2c1024}).
   */
  static void predict(
      double[] mainParams,
      double[] extraParams,
      double[] s,
      @NoDerivative double[] sequence,
      int at,
      int l,
      int b,
      double[] ypred) {
    // ypred holds the first layer's input until the prediction overwrites it.
    for (int i = 0; i < b; i++) {
      ypred[i] = sequence[at + i] * extraParams[i];
    }
    for (int layer = 0; layer < l; layer++) {
      lstmModel(b, mainParams, s, layer, ypred);
    }
    int top = 2 * b * (l - 1);
    for (int i = 0; i < b; i++) {
      ypred[i] = s[top + i] * extraParams[b + i] + extraParams[2 * b + i];
    }
  }

  /**
   * One step of layer {@code layer}, updating its hidden and cell vectors in {@code s}. Its input
   * is {@code x0} for the first layer and the hidden vector the layer below has just computed for
   * the others: read from {@code s} itself rather than passed as a second reference to it, which
   * the generated gradient would refuse as an alias of an array this method writes.
   */
  static void lstmModel(int b, double[] mainParams, double[] s, int layer, double[] x0) {
    int weight = 8 * b * layer;
    int bias = weight + 4 * b;
    int hidden = 2 * b * layer;
    int cell = hidden + b;
    int below = hidden - 2 * b;
    for (int i = 0; i < b; i++) {
      double input = layer == 0 ? x0[i] : s[below + i];
      double forget = sigmoid(input * mainParams[weight + i] + mainParams[bias + i]);
      double ingate =
          sigmoid(s[hidden + i] * mainParams[weight + b + i] + mainParams[bias + b + i]);
      double outgate =
          sigmoid(input * mainParams[weight + 2 * b + i] + mainParams[bias + 2 * b + i]);
      double change =
          Math.tanh(s[hidden + i] * mainParams[weight + 3 * b + i] + mainParams[bias + 3 * b + i]);
      s[cell + i] = s[cell + i] * forget + ingate * change;
      s[hidden + i] = outgate * Math.tanh(s[cell + i]);
    }
  }

  /** {@code 1/(1 + e^-x)}. */
  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** ADBench's {@code log(2 + Σ_{i < n} e^{v_i})}: no shift by the maximum, as there. */
  static double logsumexp(double[] v, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(v[i]);
    }
    sum += 2;
    return Math.log(sum);
  }
}
