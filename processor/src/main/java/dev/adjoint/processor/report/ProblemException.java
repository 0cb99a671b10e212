package dev.adjoint.processor.report;

import dev.adjoint.processor.ir.Origin;

/** Abandons the method being processed; the processor reports the problem and moves on. */
public final class ProblemException extends RuntimeException {
  private final Problem problem;

  public ProblemException(Origin origin, Message message, Object... args) {
    super(message.format(args), null, false, false);
    this.problem = Problem.of(origin, message, args);
  }

  public Problem problem() {
    return problem;
  }
}
