package dev.adjoint.processor.frontend;

/** Java source for a compile-time constant's value. */
final class Literals {
  private Literals() {}

  static String of(Object value) {
    if (value instanceof Double d) {
      if (d.isNaN()) {
        return "Double.NaN";
      }
      if (d.isInfinite()) {
        return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
      }
      return d.toString();
    }
    if (value instanceof Long l) {
      return l + "L";
    }
    return value.toString();
  }
}
