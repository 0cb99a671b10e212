package dev.adjoint.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One ADBench GMM instance, as read from its input file: {@code d k n}, then {@code k} alphas,
 * {@code k} lines of {@code d} means, {@code k} lines of {@code d(d+1)/2} icf entries, {@code n}
 * lines of {@code d} point coordinates and the Wishart prior's {@code gamma m}, all separated by
 * whitespace. Arrays are flat, row by row, as {@link Gmm#objective} takes them.
 *
 * <p>ADBench's inputs of 1000 points ({@code gmm_d2_K5}, {@code gmm_d10_K5}, {@code gmm_d10_K25},
 * {@code gmm_d32_K100}, {@code gmm_d64_K50} of its {@code data/gmm/1k}) and of 10,000 points
 * ({@code 10k/gmm_d2_K5}) are resources under {@code adbench/gmm/}, with ADBench's MIT licence
 * beside them.
 */
public record GmmInput(
    int d,
    int k,
    int n,
    double[] alphas,
    double[] means,
    double[] icf,
    double[] x,
    double gamma,
    int m) {

  /**
   * Reads an input from the class path: {@code "gmm_d2_K5"} is {@code adbench/gmm/1k/gmm_d2_K5.txt}
   * (1000 points); a name with a folder, {@code "10k/gmm_d2_K5"}, is read from that folder.
   */
  public static GmmInput load(String name) {
    String resource = "/adbench/gmm/" + (name.contains("/") ? name : "1k/" + name) + ".txt";
    try (InputStream in = GmmInput.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the text of an ADBench GMM input file (points given one per line, not replicated). */
  public static GmmInput parse(String text) {
    String[] tokens = text.trim().split("\\s+");
    int[] next = {0};
    int d = Integer.parseInt(tokens[next[0]++]);
    int k = Integer.parseInt(tokens[next[0]++]);
    int n = Integer.parseInt(tokens[next[0]++]);
    double[] alphas = read(tokens, next, k);
    double[] means = read(tokens, next, k * d);
    double[] icf = read(tokens, next, k * d * (d + 1) / 2);
    double[] x = read(tokens, next, n * d);
    double gamma = Double.parseDouble(tokens[next[0]++]);
    int m = Integer.parseInt(tokens[next[0]++]);
    if (next[0] != tokens.length) {
      throw new IllegalArgumentException(
          (tokens.length - next[0]) + " tokens left over after the wishart parameters");
    }
    return new GmmInput(d, k, n, alphas, means, icf, x, gamma, m);
  }

  private static double[] read(String[] tokens, int[] next, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = Double.parseDouble(tokens[next[0]++]);
    }
    return values;
  }

  /** {@code log_gamma_distrib((d + m + 1)/2, d)} of this instance, for {@link Gmm#objective}. */
  public double logGammaDistrib() {
    return logGammaDistrib(0.5 * (d + m + 1), d);
  }

  /** {@link Gmm#objective} of this instance, evaluated by the plain method. */
  public double objective() {
    return Gmm.objective(alphas, means, icf, x, d, k, n, gamma, m, logGammaDistrib());
  }

  /**
   * ADBench's {@code log_gamma_distrib(a, p) = ¼p(p-1)·log π + Σ_{j=1..p} lgamma(a + (1-j)/2)}, the
   * logarithm of the multivariate gamma function, with ADBench's {@link Gmm#PI}. {@code 2a} must
   * be an integer (it is {@code d + m + 1} here).
   */
  public static double logGammaDistrib(double a, int p) {
    double out = 0.25 * p * (p - 1) * Math.log(Gmm.PI);
    for (int j = 1; j <= p; j++) {
      out += lgammaOfHalfInteger(a + 0.5 * (1 - j));
    }
    return out;
  }

  /**
   * {@code log Γ(a)} for {@code a > 0} with {@code 2a} an integer, from {@code Γ(1) = 1}, {@code
   * Γ(½) = √π} and {@code Γ(a + 1) = a·Γ(a)}: a sum of logarithms, accurate to a few ulps for the
   * small {@code a} used here.
   */
  public static double lgammaOfHalfInteger(double a) {
    double twice = 2 * a;
    if (!(a > 0) || twice != Math.rint(twice)) {
      throw new IllegalArgumentException("not a positive multiple of 1/2: " + a);
    }
    double out = twice % 2 == 0 ? 0.0 : 0.5 * Math.log(Math.PI);
    for (double z = twice % 2 == 0 ? 1.0 : 0.5; z < a; z += 1.0) {
      out += Math.log(z);
    }
    return out;
  }
}
