package dev.adjoint.processor.report;

import dev.adjoint.processor.ir.Origin;

/** One error in user code: where, and the finished message text. */
public record Problem(Origin origin, String message) {
  public static Problem of(Origin origin, Message message, Object... args) {
    return new Problem(origin, message.format(args));
  }
}
