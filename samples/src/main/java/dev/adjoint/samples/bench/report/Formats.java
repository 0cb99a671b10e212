package dev.adjoint.samples.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as the report prints them: three significant digits, because the runs on a shared
 * machine are not more precise than that.
 */
final class Formats {
  /** What a cell shows when its measurement is absent. */
  static final String MISSING = "–";

  private static final int DIGITS = 3;
  private static final String[] TIME_UNITS = {"ns", "µs", "ms", "s"};
  private static final String[] BYTE_UNITS = {"B", "kB", "MB", "GB"};

  /**
   * Divisions such as 0.3 / 0.1 land a hair off the decimal they mean; rounding to this many
   * digits first keeps an outward rounding (below) from moving them a whole last digit.
   */
  private static final MathContext CLEAN = new MathContext(12, RoundingMode.HALF_EVEN);

  private Formats() {}

  /** Three significant digits, trailing zeros kept so that a column reads evenly. */
  static String number(double x) {
    return significant(x, RoundingMode.HALF_UP);
  }

  /**
   * {@code 1.50 (1.27–1.78)}: the bounds are rounded outward (down, up) so that the printed range
   * always contains the measured one.
   */
  static String ratio(Ratio r) {
    return number(r.value()) + " (" + significant(r.low(), RoundingMode.FLOOR) + "–"
        + significant(r.high(), RoundingMode.CEILING) + ")";
  }

  /** In the unit that puts the number between 1 and 1000: {@code 18.4 ns}, {@code 2.35 ms}. */
  static String time(double nanos) {
    return scaled(nanos, TIME_UNITS);
  }

  /**
   * Bytes per call, SI multiples. Below one byte, JMH's normalised allocation rate is noise from
   * its own bookkeeping, not an allocation of the code measured: shown as {@code < 1 B}.
   */
  static String bytes(double bytes) {
    if (bytes == 0) {
      return "0 B";
    }
    if (bytes < 1) {
      return "< 1 B";
    }
    return scaled(bytes, BYTE_UNITS);
  }

  /** Up to three significant digits without trailing zeros, for numbers in prose. */
  static String brief(double x) {
    if (x == 0) {
      return "0";
    }
    BigDecimal r = round(x, RoundingMode.HALF_UP).stripTrailingZeros();
    return (r.scale() < 0 ? r.setScale(0) : r).toPlainString();
  }

  private static String scaled(double x, String[] units) {
    int unit = 0;
    // Compare after rounding, so that 999.7 ns is 1.00 µs and not 1000 ns.
    while (unit < units.length - 1 && round(x, RoundingMode.HALF_UP).abs().doubleValue() >= 1000) {
      x /= 1000;
      unit++;
    }
    return number(x) + " " + units[unit];
  }

  private static String significant(double x, RoundingMode mode) {
    if (x == 0) {
      return "0";
    }
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return MISSING;
    }
    BigDecimal r = round(x, mode);
    int leadingDigitExponent = r.precision() - r.scale() - 1;
    int scale = Math.max(0, DIGITS - 1 - leadingDigitExponent);
    return r.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static BigDecimal round(double x, RoundingMode mode) {
    return new BigDecimal(x).round(CLEAN).round(new MathContext(DIGITS, mode));
  }
}
