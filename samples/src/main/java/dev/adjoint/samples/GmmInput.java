package dev.adjoint.samples;

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
    return read(AdbenchTokens.resource("/adbench/gmm/" + (name.contains("/") ? name : "1k/" + name) + ".txt"));
  }

  /** Parses the text of an ADBench GMM input file (points given one per line, not replicated). */
  public static GmmInput parse(String text) {
    return read(AdbenchTokens.of(text));
  }

  private static GmmInput read(AdbenchTokens t) {
    int d = t.nextInt();
    int k = t.nextInt();
    int n = t.nextInt();
    double[] alphas = t.doubles(k);
    double[] means = t.doubles(k * d);
    double[] icf = t.doubles(k * d * (d + 1) / 2);
    double[] x = t.doubles(n * d);
    double gamma = t.nextDouble();
    int m = t.nextInt();
    t.requireEnd("the wishart parameters");
    return new GmmInput(d, k, n, alphas, means, icf, x, gamma, m);
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
