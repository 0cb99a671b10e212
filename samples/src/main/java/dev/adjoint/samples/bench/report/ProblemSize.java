package dev.adjoint.samples.bench.report;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number of inputs a workload's gradient differentiates with respect to, read from its size
 * parameter: the plot's x axis, and the order of a workload's rows. A new workload needs one case
 * here.
 */
final class ProblemSize {
  private static final Pattern GMM_FILE = Pattern.compile("gmm_d(\\d+)_K(\\d+)");
  private static final Pattern LSTM_FILE = Pattern.compile("lstm_l(\\d+)_c(\\d+)");

  /** ADBench's LSTM models an alphabet of 14 characters (its {@code b}). */
  private static final long LSTM_ALPHABET = 14;

  private ProblemSize() {}

  /**
   * Empty for a workload or size not known here, and for bundle adjustment, whose Adjoint and
   * hand-written measures are Jacobians: a count of inputs would not make it comparable with the
   * gradients on the plot.
   */
  static OptionalLong inputs(String workload, String size) {
    switch (workload) {
      case Workloads.ROSENBROCK:
        return parseLong(size);
      case Workloads.GMM: {
        // alphas (k), means (k d) and the inverse covariance factors (k d (d + 1) / 2).
        Matcher m = GMM_FILE.matcher(size);
        if (!m.find()) {
          return OptionalLong.empty();
        }
        long d = Long.parseLong(m.group(1));
        long k = Long.parseLong(m.group(2));
        return OptionalLong.of(k * (d + 1) * (d + 2) / 2);
      }
      case Workloads.LSTM: {
        // The main parameters (2 l rows of 4 b) and the extra ones (3 rows of b); the character
        // count only lengthens the sequence.
        Matcher m = LSTM_FILE.matcher(size);
        if (!m.find()) {
          return OptionalLong.empty();
        }
        long l = Long.parseLong(m.group(1));
        return OptionalLong.of(8 * l * LSTM_ALPHABET + 3 * LSTM_ALPHABET);
      }
      case Workloads.NETWORK: {
        // TwoLayerNetwork: W1 (H × 2, points in the plane), b1 and w2 (H each) and b2.
        OptionalLong hidden = parseLong(size);
        return hidden.isPresent() ? OptionalLong.of(4 * hidden.getAsLong() + 1) : hidden;
      }
      default:
        return OptionalLong.empty();
    }
  }

  private static OptionalLong parseLong(String s) {
    try {
      return OptionalLong.of(Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
