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

  /**
   * {@code fill} -> {@code fillForwardInOut}: for generated callers, the primal of a method that
   * writes into arrays it is given, writing into them as the primal does and leaving on the
   * thread's tape what {@link #reverseInOutMethodName fillReverseInOut} reads.
   */
  public static String forwardInOutMethodName(String method) {
    return method + "ForwardInOut";
  }

  /**
   * {@code fill} -> {@code fillReverseInOut}: the reverse sweep of the call {@code
   * fillForwardInOut} made last, which replaces the written arrays' adjoints as {@link
   * #vjpInOutMethodName fillVjpInOut} does and puts back their contents.
   */
  public static String reverseInOutMethodName(String method) {
    return method + "ReverseInOut";
  }

  /**
   * {@code step} -> {@code stepComponents}: calls the user's {@code step}, which returns a record,
   * and returns the record's components in a new {@code double[]}, as the generated code carries it
   * (see {@link RecordResult}).
   */
  public static String recordResultMethodName(String method) {
    return method + "Components";
  }

  /** {@code loss} -> {@code lossJvp}: forward mode, the value and one directional derivative. */
  public static String jvpMethodName(String method) {
    return method + "Jvp";
  }

  /** {@code loss} -> {@code LossJvp}: the record {@link #jvpMethodName lossJvp} returns. */
  public static String jvpRecordName(String method) {
    return capitalize(method) + "Jvp";
  }

  /**
   * {@code loss} -> {@code lossVjpTangent}: forward mode over {@code lossVjp}, for generated
   * callers of second-order code: the VJP and its tangent along tangents of the arguments, the
   * seed and the adjoints.
   */
  public static String vjpTangentMethodName(String method) {
    return method + "VjpTangent";
  }

  /** {@code fill} -> {@code fillVjpInOutTangent}: forward mode over {@code fillVjpInOut}. */
  public static String vjpInOutTangentMethodName(String method) {
    return method + "VjpInOutTangent";
  }

  /** {@code loss} -> {@code lossForwardTangent}: forward mode over {@code lossForward}. */
  public static String forwardTangentMethodName(String method) {
    return method + "ForwardTangent";
  }

  /** {@code loss} -> {@code lossReverseTangent}: forward mode over {@code lossReverse}. */
  public static String reverseTangentMethodName(String method) {
    return method + "ReverseTangent";
  }

  /** {@code loss} -> {@code lossHvp}: the gradient and a Hessian-vector product. */
  public static String hvpMethodName(String method) {
    return method + "Hvp";
  }

  /** {@code loss} -> {@code LossHvp}: the record {@link #hvpMethodName lossHvp} returns. */
  public static String hvpRecordName(String method) {
    return capitalize(method) + "Hvp";
  }

  /** {@code loss} -> {@code lossHessian}: the dense Hessian, one HVP per column. */
  public static String hessianMethodName(String method) {
    return method + "Hessian";
  }

  /** {@code f} -> {@code FJacobian}: the value and Jacobian of a method returning {@code double[]}. */
  public static String jacobianRecordName(String method) {
    return capitalize(method) + "Jacobian";
  }

  /** {@code f} -> {@code fJacobianByColumns}: the Jacobian in forward mode, one JVP per input element. */
  public static String jacobianByColumnsName(String method) {
    return method + "JacobianByColumns";
  }

  /** {@code f} -> {@code fJacobianByRows}: the Jacobian in reverse mode, one VJP per output. */
  public static String jacobianByRowsName(String method) {
    return method + "JacobianByRows";
  }

  /** {@code x} -> {@code xDot}: the tangent of a parameter in forward mode. */
  public static String tangentName(String variable) {
    return variable + "Dot";
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
