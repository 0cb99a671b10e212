package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Forward mode over reverse mode: the tangent of a {@link VjpFunction}. Given the primal's
 * arguments, one tangent per active parameter ({@code tangents}), the seed and its tangent
 * ({@code seedTangent}), {@code body} does what the VJP's does and adds, beside each adjoint it
 * adds to the caller's storage, that adjoint's tangent to the object named {@code
 * adjointTangent}; {@code valueTangent} is the tangent of the VJP's value (null for a method
 * without one). With seed 1 and seed tangent 0, the adjoints' tangents are the Hessian times the
 * parameters' tangents.
 *
 * <p>{@code split}, if not null, is the tangent of the VJP's split halves, for callers that run
 * them apart ({@code mForwardTangent}, {@code mReverseTangent}); {@code chunks} the private
 * methods the bodies call where they were too long for one method.
 */
public record HvpFunction(VjpFunction vjp, List<Var> tangents, Var seedTangent, String adjointTangent,
    List<Stmt> body, Expr valueTangent, Split split, List<Chunks> chunks) {
  public HvpFunction {
    tangents = List.copyOf(tangents);
    body = List.copyOf(body);
    chunks = List.copyOf(chunks);
  }

  /**
   * The tangents of the halves: {@code forward} computes {@code value} and its tangent {@code
   * valueTangent}, leaving values and tangents on the tape; {@code reverse} takes them back. With
   * {@code joint}, the halves run the whole {@code mVjpTangent} instead (as {@link
   * VjpFunction.Split#joint} does).
   */
  public record Split(List<Stmt> forward, Var value, Expr valueTangent, List<Stmt> reverse, boolean joint) {
    public Split {
      forward = List.copyOf(forward);
      reverse = List.copyOf(reverse);
    }
  }

  public Function primal() {
    return vjp.primal();
  }

  /** {@code mVjpTangent}, or {@code mVjpInOutTangent} for the in-out VJP. */
  public String methodName() {
    String m = primal().name();
    return vjp.inOut() ? Names.vjpInOutTangentMethodName(m) : Names.vjpTangentMethodName(m);
  }

  /** {@code p.Foo_Grad.MHvp}. */
  public RecordType record() {
    return new RecordType(primal().owner().gradClass().nested(Names.hvpRecordName(primal().name())));
  }
}
