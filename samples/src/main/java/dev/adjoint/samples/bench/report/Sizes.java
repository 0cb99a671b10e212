package dev.adjoint.samples.bench.report;

import java.util.OptionalDouble;

/** How the report shows a size parameter's value: numbers plainly, names as code. */
final class Sizes {
  private Sizes() {}

  static OptionalDouble numeric(String size) {
    try {
      return OptionalDouble.of(Double.parseDouble(size));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** A table cell: {@code 1000}, or {@code `gmm_d2_K5`}. */
  static String cell(String size) {
    return numeric(size).isPresent() ? size : "`" + size + "`";
  }

  /** In prose: {@code n = 1000}, or {@code `gmm_d2_K5`}. */
  static String label(String param, String size) {
    return numeric(size).isPresent() && !param.isEmpty() ? param + " = " + size : cell(size);
  }
}
