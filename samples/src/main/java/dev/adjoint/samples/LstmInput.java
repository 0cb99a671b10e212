package dev.adjoint.samples;

/**
 * One ADBench LSTM instance, as read from its input file: {@code l c b}, then the {@code 2l × 4b}
 * main parameters, the {@code 3 × b} extra parameters, the {@code 2l × b} state and the {@code c ×
 * b} sequence, all separated by whitespace. Arrays are flat, row by row, as {@link Lstm#objective}
 * takes them.
 *
 * <p>ADBench's input of 2 layers and 1024 characters ({@code lstm_l2_c1024} of its {@code
 * data/lstm}) is a resource under {@code adbench/lstm/}, with ADBench's MIT licence beside it.
 */
public record LstmInput(
    int l,
    int c,
    int b,
    double[] mainParams,
    double[] extraParams,
    double[] state,
    double[] sequence) {

  /**
   * Reads an input from the class path: {@code "lstm_l2_c1024"} is {@code
   * adbench/lstm/lstm_l2_c1024.txt}.
   */
  public static LstmInput load(String name) {
    return read(AdbenchTokens.resource("/adbench/lstm/" + name + ".txt"));
  }

  /** Parses the text of an ADBench LSTM input file. */
  public static LstmInput parse(String text) {
    return read(AdbenchTokens.of(text));
  }

  private static LstmInput read(AdbenchTokens t) {
    int l = t.nextInt();
    int c = t.nextInt();
    int b = t.nextInt();
    double[] mainParams = t.doubles(2 * l * 4 * b);
    double[] extraParams = t.doubles(3 * b);
    double[] state = t.doubles(2 * l * b);
    double[] sequence = t.doubles(c * b);
    t.requireEnd("the sequence");
    return new LstmInput(l, c, b, mainParams, extraParams, state, sequence);
  }

  /** {@link Lstm#objective} of this instance, evaluated by the plain method. */
  public double objective() {
    return Lstm.objective(mainParams, extraParams, state, sequence, l, c, b);
  }
}
