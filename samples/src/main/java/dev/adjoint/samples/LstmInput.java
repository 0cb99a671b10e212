package dev.adjoint.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
    String resource = "/adbench/lstm/" + name + ".txt";
    try (InputStream in = LstmInput.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the text of an ADBench LSTM input file. */
  public static LstmInput parse(String text) {
    String[] tokens = text.trim().split("\\s+");
    int[] next = {0};
    int l = Integer.parseInt(tokens[next[0]++]);
    int c = Integer.parseInt(tokens[next[0]++]);
    int b = Integer.parseInt(tokens[next[0]++]);
    double[] mainParams = read(tokens, next, 2 * l * 4 * b);
    double[] extraParams = read(tokens, next, 3 * b);
    double[] state = read(tokens, next, 2 * l * b);
    double[] sequence = read(tokens, next, c * b);
    if (next[0] != tokens.length) {
      throw new IllegalArgumentException(
          (tokens.length - next[0]) + " tokens left over after the sequence");
    }
    return new LstmInput(l, c, b, mainParams, extraParams, state, sequence);
  }

  private static double[] read(String[] tokens, int[] next, int count) {
    if (next[0] + count > tokens.length) {
      throw new IllegalArgumentException(
          "expected " + count + " more numbers, found " + (tokens.length - next[0]));
    }
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = Double.parseDouble(tokens[next[0]++]);
    }
    return values;
  }

  /** {@link Lstm#objective} of this instance, evaluated by the plain method. */
  public double objective() {
    return Lstm.objective(mainParams, extraParams, state, sequence, l, c, b);
  }
}
