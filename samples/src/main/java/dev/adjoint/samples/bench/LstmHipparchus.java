package dev.adjoint.samples.bench;

import dev.adjoint.samples.Lstm;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * {@link Lstm#objective} in Hipparchus's forward mode, the peer for the generated gradient: the
 * same loops over {@link Gradient}s, each carrying its partial derivatives with respect to all
 * {@code 8lb + 3b} parameters ({@code mainParams}, then {@code extraParams}). What a Java
 * programmer gets today without writing the reverse sweep by hand; every operation allocates a
 * new {@code Gradient} and costs a pass over all the partials.
 *
 * <p>Checked against the generated gradient in {@code LstmHipparchusTest}.
 */
public final class LstmHipparchus {
  private LstmHipparchus() {}

  /** The objective, with its gradient in the order {@code mainParams}, {@code extraParams}. */
  public static Gradient objective(
      double[] mainParams, double[] extraParams, double[] state, double[] sequence, int l, int c,
      int b) {
    int n = mainParams.length + extraParams.length;
    Gradient[] main = variables(mainParams, 0, n);
    Gradient[] extra = variables(extraParams, mainParams.length, n);
    Gradient[] s = new Gradient[2 * l * b];
    for (int k = 0; k < s.length; k++) {
      s[k] = Gradient.constant(n, state[k]);
    }
    Gradient[] ypred = new Gradient[b];
    Gradient total = Gradient.constant(n, 0.0);
    int count = 0;
    for (int t = 0; t < c - 1; t++) {
      predict(main, extra, s, sequence, t * b, l, b, ypred);
      Gradient sum = Gradient.constant(n, 0.0);
      for (int i = 0; i < b; i++) {
        sum = sum.add(ypred[i].exp());
      }
      Gradient lse = sum.add(2).log();
      int gold = (t + 1) * b;
      for (int i = 0; i < b; i++) {
        total = total.add(ypred[i].subtract(lse).multiply(sequence[gold + i]));
      }
      count += b;
    }
    return total.negate().divide(count);
  }

  private static void predict(
      Gradient[] main, Gradient[] extra, Gradient[] s, double[] sequence, int at, int l, int b,
      Gradient[] ypred) {
    for (int i = 0; i < b; i++) {
      ypred[i] = extra[i].multiply(sequence[at + i]);
    }
    for (int j = 0; j < l; j++) {
      int weight = 8 * b * j;
      int bias = weight + 4 * b;
      int hidden = 2 * b * j;
      int cell = hidden + b;
      for (int i = 0; i < b; i++) {
        Gradient x = j == 0 ? ypred[i] : s[hidden - 2 * b + i];
        Gradient h = s[hidden + i];
        Gradient forget = sigmoid(x.multiply(main[weight + i]).add(main[bias + i]));
        Gradient ingate = sigmoid(h.multiply(main[weight + b + i]).add(main[bias + b + i]));
        Gradient outgate =
            sigmoid(x.multiply(main[weight + 2 * b + i]).add(main[bias + 2 * b + i]));
        Gradient change = h.multiply(main[weight + 3 * b + i]).add(main[bias + 3 * b + i]).tanh();
        s[cell + i] = s[cell + i].multiply(forget).add(ingate.multiply(change));
        s[hidden + i] = outgate.multiply(s[cell + i].tanh());
      }
    }
    int top = 2 * b * (l - 1);
    for (int i = 0; i < b; i++) {
      ypred[i] = s[top + i].multiply(extra[b + i]).add(extra[2 * b + i]);
    }
  }

  private static Gradient sigmoid(Gradient x) {
    return x.negate().exp().add(1).reciprocal();
  }

  /** {@code values} as the free parameters {@code first, first + 1, ...} of {@code n}. */
  private static Gradient[] variables(double[] values, int first, int n) {
    Gradient[] out = new Gradient[values.length];
    for (int k = 0; k < values.length; k++) {
      out[k] = Gradient.variable(n, first + k, values[k]);
    }
    return out;
  }
}
