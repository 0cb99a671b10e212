package dev.adjoint.processor.ir;

/** The naming contract of generated classes, shared by whoever produces or calls them. */
public final class Names {
  private Names() {}

  /** {@code loss} -> {@code LossGradient}. */
  public static String gradientRecordName(String method) {
    return capitalize(method) + "Gradient";
  }

  /** {@code loss} -> {@code LossAdjoint}. */
  public static String adjointClassName(String method) {
    return capitalize(method) + "Adjoint";
  }

  /** {@code loss} -> {@code lossVjp}. */
  public static String vjpMethodName(String method) {
    return method + "Vjp";
  }

  /** {@code fill} -> {@code fillVjpInOut}: the VJP whose written arrays' adjoints are replaced. */
  public static String vjpInOutMethodName(String method) {
    return method + "VjpInOut";
  }

  /**
   * {@code loss} -> {@code lossForward}: for generated callers, the primal that leaves on the
   * thread's tape what {@link #reverseMethodName lossReverse} reads. Every {@code _Grad} method
   * returning {@code double} has both.
   */
  public static String forwardMethodName(String method) {
    return method + "Forward";
  }

  /** {@code loss} -> {@code lossReverse}: the reverse sweep of the call {@code lossForward} made last. */
  public static String reverseMethodName(String method) {
    return method + "Reverse";
  }

  /** {@code loss} -> {@code lossJvp}: forward mode, the value and one directional derivative. */
  public static String jvpMethodName(String method) {
    return method + "Jvp";
  }

  /** {@code loss} -> {@code LossJvp}: the record {@link #jvpMethodName lossJvp} returns. */
  public static String jvpRecordName(String method) {
    return capitalize(method) + "Jvp";
  }

  /** {@code x} -> {@code xDot}: the tangent of a parameter in forward mode. */
  public static String tangentName(String variable) {
    return variable + "Dot";
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
