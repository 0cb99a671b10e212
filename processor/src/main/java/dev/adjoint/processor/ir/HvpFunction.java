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
 */
public record HvpFunction(VjpFunction vjp, List<Var> tangents, Var seedTangent, String adjointTangent,
    List<Stmt> body, Expr valueTangent, List<Chunks> chunks) {
  public HvpFunction {
    tangents = List.copyOf(tangents);
    body = List.copyOf(body);
    chunks = List.copyOf(chunks);
  }

  /** A product not cut into chunks (see {@link Chunks}). */
  public HvpFunction(VjpFunction vjp, List<Var> tangents, Var seedTangent, String adjointTangent, List<Stmt> body,
      Expr valueTangent) {
    this(vjp, tangents, seedTangent, adjointTangent, body, valueTangent, List.of());
  }

  /** {@code mVjpTangent}, or {@code mVjpInOutTangent} for the in-out VJP. */
  public String methodName() {
    String m = primal().name();
    return vjp.inOut() ? Names.vjpInOutTangentMethodName(m) : Names.vjpTangentMethodName(m);
  }

  public Function primal() {
    return vjp.primal();
  }

  /** {@code p.Foo_Grad.MHvp}. */
  public RecordType record() {
    return new RecordType(primal().owner().gradClass().nested(Names.hvpRecordName(primal().name())));
  }
}
