package dev.adjoint.runtime;

/**
 * Generated code read back from the tape something other than what it pushed there, or left
 * values behind: a bug in Adjoint, caught by code generated with {@code -Aadjoint.checkTape}.
 * An error rather than an exception, so that no {@code catch (Exception e)} in user code hides it:
 * a gradient computed past this point would be wrong.
 */
public final class TapeDisciplineError extends Error {
  private static final long serialVersionUID = 1L;

  public TapeDisciplineError(String message) {
    super("Adjoint tape check: " + message);
  }
}
