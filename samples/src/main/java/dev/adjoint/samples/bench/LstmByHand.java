package dev.adjoint.samples.bench;

import dev.adjoint.samples.Lstm;

/**
 * A hand-written gradient of {@link Lstm#objective}, the yardstick for the generated one: what a
 * careful programmer writes in Java, in the manner of ADBench's hand-written C++ ({@code
 * lstm_d}). The forward sweep keeps every unit's input, previous state, gates and {@code
 * tanh(cell)} of every step in arrays of this object; the reverse sweep walks the steps back,
 * carrying the adjoints of the hidden and cell state from one step to the one before.
 *
 * <p>An instance is a workspace for one shape {@code (l, c, b)}, sized once, so that repeated
 * gradients allocate nothing; {@link #gradient(double[], double[], double[], double[], int, int,
 * int, double[], double[])} makes one for a single call.
 *
 * <p>Checked against the generated gradient in {@code LstmByHandTest}.
 */
public final class LstmByHand {
  private final int l;
  private final int c;
  private final int b;

  // Per step t, layer j and unit i, at [(t·l + j)·b + i]: what the reverse sweep reads.
  private final double[] input;
  private final double[] hiddenBefore;
  private final double[] cellBefore;
  private final double[] forget;
  private final double[] ingate;
  private final double[] outgate;
  private final double[] change;
  private final double[] tanhCell;
  // Per step t and unit i, at [t·b + i]: d lse / d ypred_i.
  private final double[] softmax;

  // The running state (hidden then cell per layer, as in the objective's state) and its adjoint.
  private final double[] s;
  private final double[] hiddenBar;
  private final double[] cellBar;

  /** A workspace for {@code l} layers of {@code b} units over {@code c} characters. */
  public LstmByHand(int l, int c, int b) {
    this.l = l;
    this.c = c;
    this.b = b;
    int cells = Math.max(0, c - 1) * l * b;
    input = new double[cells];
    hiddenBefore = new double[cells];
    cellBefore = new double[cells];
    forget = new double[cells];
    ingate = new double[cells];
    outgate = new double[cells];
    change = new double[cells];
    tanhCell = new double[cells];
    softmax = new double[Math.max(0, c - 1) * b];
    s = new double[2 * l * b];
    hiddenBar = new double[l * b];
    cellBar = new double[l * b];
  }

  /**
   * Returns {@link Lstm#objective} and adds its gradient to {@code mainBar} and {@code
   * extraBar}, which have the shapes of {@code mainParams} and {@code extraParams}; allocates a
   * workspace for this one call.
   */
  public static double gradient(
      double[] mainParams,
      double[] extraParams,
      double[] state,
      double[] sequence,
      int l,
      int c,
      int b,
      double[] mainBar,
      double[] extraBar) {
    return new LstmByHand(l, c, b)
        .gradient(mainParams, extraParams, state, sequence, mainBar, extraBar);
  }

  /**
   * Returns {@link Lstm#objective} for this workspace's shape and adds its gradient to {@code
   * mainBar} and {@code extraBar}. Leaves {@code state} unchanged.
   */
  public double gradient(
      double[] mainParams,
      double[] extraParams,
      double[] state,
      double[] sequence,
      double[] mainBar,
      double[] extraBar) {
    double total = forward(mainParams, extraParams, state, sequence);
    int count = (c - 1) * b;
    reverse(mainParams, extraParams, sequence, -1.0 / count, mainBar, extraBar);
    return -total / count;
  }

  /** The objective's loop, keeping its intermediates; returns {@code total}. */
  private double forward(
      double[] mainParams, double[] extraParams, double[] state, double[] sequence) {
    for (int k = 0; k < 2 * l * b; k++) {
      s[k] = state[k];
    }
    int top = 2 * b * (l - 1);
    double total = 0.0;
    for (int t = 0; t < c - 1; t++) {
      for (int j = 0; j < l; j++) {
        int weight = 8 * b * j;
        int bias = weight + 4 * b;
        int hidden = 2 * b * j;
        int cell = hidden + b;
        int at = (t * l + j) * b;
        for (int i = 0; i < b; i++) {
          double x = j == 0 ? sequence[t * b + i] * extraParams[i] : s[hidden - 2 * b + i];
          double h = s[hidden + i];
          double f = sigmoid(x * mainParams[weight + i] + mainParams[bias + i]);
          double in = sigmoid(h * mainParams[weight + b + i] + mainParams[bias + b + i]);
          double o = sigmoid(x * mainParams[weight + 2 * b + i] + mainParams[bias + 2 * b + i]);
          double ch = Math.tanh(h * mainParams[weight + 3 * b + i] + mainParams[bias + 3 * b + i]);
          double newCell = s[cell + i] * f + in * ch;
          double tc = Math.tanh(newCell);
          input[at + i] = x;
          hiddenBefore[at + i] = h;
          cellBefore[at + i] = s[cell + i];
          forget[at + i] = f;
          ingate[at + i] = in;
          outgate[at + i] = o;
          change[at + i] = ch;
          tanhCell[at + i] = tc;
          s[cell + i] = newCell;
          s[hidden + i] = o * tc;
        }
      }
      // ypred is kept in softmax's slots until lse is known.
      double sum = 0.0;
      for (int i = 0; i < b; i++) {
        double y = s[top + i] * extraParams[b + i] + extraParams[2 * b + i];
        softmax[t * b + i] = y;
        sum += Math.exp(y);
      }
      sum += 2;
      double lse = Math.log(sum);
      int gold = (t + 1) * b;
      for (int i = 0; i < b; i++) {
        double y = softmax[t * b + i];
        total += sequence[gold + i] * (y - lse);
        softmax[t * b + i] = Math.exp(y - lse);
      }
    }
    return total;
  }

  /** Adds {@code totalBar} times the gradient of {@code total} to the bars. */
  private void reverse(
      double[] mainParams,
      double[] extraParams,
      double[] sequence,
      double totalBar,
      double[] mainBar,
      double[] extraBar) {
    // The final state does not reach the loss.
    for (int k = 0; k < l * b; k++) {
      hiddenBar[k] = 0.0;
      cellBar[k] = 0.0;
    }
    int topBar = (l - 1) * b;
    for (int t = c - 2; t >= 0; t--) {
      // total += Σ gold_i (ypred_i - lse): d/d ypred_i = gold_i - (Σ gold)·softmax_i.
      int gold = (t + 1) * b;
      double goldSum = 0.0;
      for (int i = 0; i < b; i++) {
        goldSum += sequence[gold + i];
      }
      int topAt = (t * l + l - 1) * b;
      for (int i = 0; i < b; i++) {
        double yBar = totalBar * (sequence[gold + i] - goldSum * softmax[t * b + i]);
        double topHidden = outgate[topAt + i] * tanhCell[topAt + i];
        extraBar[b + i] += yBar * topHidden;
        extraBar[2 * b + i] += yBar;
        hiddenBar[topBar + i] += yBar * extraParams[b + i];
      }
      for (int j = l - 1; j >= 0; j--) {
        int weight = 8 * b * j;
        int bias = weight + 4 * b;
        int at = (t * l + j) * b;
        for (int i = 0; i < b; i++) {
          int k = at + i;
          double x = input[k];
          double h = hiddenBefore[k];
          double f = forget[k];
          double in = ingate[k];
          double o = outgate[k];
          double ch = change[k];
          double tc = tanhCell[k];

          double newHiddenBar = hiddenBar[j * b + i];
          double newCellBar = cellBar[j * b + i] + newHiddenBar * o * (1 - tc * tc);
          // Adjoints of the gates' arguments, through σ' = σ(1 - σ) and tanh' = 1 - tanh².
          double fArgBar = newCellBar * cellBefore[k] * f * (1 - f);
          double inArgBar = newCellBar * ch * in * (1 - in);
          double oArgBar = newHiddenBar * tc * o * (1 - o);
          double chArgBar = newCellBar * in * (1 - ch * ch);

          mainBar[weight + i] += fArgBar * x;
          mainBar[bias + i] += fArgBar;
          mainBar[weight + b + i] += inArgBar * h;
          mainBar[bias + b + i] += inArgBar;
          mainBar[weight + 2 * b + i] += oArgBar * x;
          mainBar[bias + 2 * b + i] += oArgBar;
          mainBar[weight + 3 * b + i] += chArgBar * h;
          mainBar[bias + 3 * b + i] += chArgBar;

          // Now the adjoints of the state before step t, for step t - 1.
          hiddenBar[j * b + i] =
              inArgBar * mainParams[weight + b + i] + chArgBar * mainParams[weight + 3 * b + i];
          cellBar[j * b + i] = newCellBar * f;

          double xBar = fArgBar * mainParams[weight + i] + oArgBar * mainParams[weight + 2 * b + i];
          if (j > 0) {
            // The layer below's new hidden value, not yet reversed for this step.
            hiddenBar[(j - 1) * b + i] += xBar;
          } else {
            extraBar[i] += xBar * sequence[t * b + i];
          }
        }
      }
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
