package dev.adjoint.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The whitespace-separated numbers of an ADBench input file, read in order: every ADBench format
 * is a header of sizes followed by flat arrays of numbers.
 */
public final class AdbenchTokens {
  private final String[] tokens;
  private int next;

  private AdbenchTokens(String text) {
    this.tokens = text.trim().split("\\s+");
  }

  /** The tokens of {@code text}. */
  public static AdbenchTokens of(String text) {
    return new AdbenchTokens(text);
  }

  /** The tokens of a file on the class path, such as {@code "/adbench/ba/test.txt"}. */
  public static AdbenchTokens resource(String resource) {
    try (InputStream in = AdbenchTokens.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int nextInt() {
    return Integer.parseInt(take());
  }

  public double nextDouble() {
    return Double.parseDouble(take());
  }

  /** The next {@code count} numbers. */
  public double[] doubles(int count) {
    if (next + count > tokens.length) {
      throw new IllegalArgumentException(
          "expected " + count + " more numbers, found " + (tokens.length - next));
    }
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = Double.parseDouble(tokens[next++]);
    }
    return values;
  }

  /** Fails unless every token was read: a file of another shape than its header says. */
  public void requireEnd(String after) {
    if (next != tokens.length) {
      throw new IllegalArgumentException((tokens.length - next) + " tokens left over after " + after);
    }
  }

  private String take() {
    if (next >= tokens.length) {
      throw new IllegalArgumentException("expected more numbers after " + tokens.length);
    }
    return tokens[next++];
  }
}
