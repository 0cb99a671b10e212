package dev.adjoint.processor.report;

import dev.adjoint.processor.ir.Origin;

/**
 * A derivative trap in user code: code Adjoint differentiates correctly whose derivative may
 * still surprise its author (an exact comparison, a truncation, a kink). Printed as a javac
 * warning on {@code origin}, suppressible with {@code @SuppressWarnings("adjoint")} or {@code
 * @SuppressWarnings("adjoint." + kind.key())}.
 */
public record Trap(Kind kind, Origin origin, String message) {
  /** The kinds of trap, each with the key that suppresses it alone. */
  public enum Kind {
    EQUALITY("equality"),
    TRUNCATION("truncation"),
    PIECEWISE("piecewise"),
    UNUSED("unused"),
    KINK("kink");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** {@code adjoint.equality} and so on. */
    public String key() {
      return "adjoint." + key;
    }
  }

  /** The warning's text, ending in the key that suppresses it. */
  public String text() {
    return message + " [" + kind.key() + "]";
  }
}
