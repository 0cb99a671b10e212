package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The Jacobian-vector product of a {@link Function} (forward mode): given the primal's arguments
 * and one tangent per active parameter ({@code tangents}, in the order of {@link
 * Function#activeParams}), {@code body} runs the primal with each value's tangent beside it, and
 * the function returns {@code value} and {@code tangent}. {@code value} is null for a {@code
 * void} function; {@code tangent} is null when the result carries no derivative (an {@code int}
 * a helper returns after writing into arrays, whose tangents it writes in place).
 */
public record JvpFunction(Function primal, List<Var> tangents, List<Stmt> body, Expr value, Expr tangent,
    List<Chunks> chunks) {
  public JvpFunction {
    tangents = List.copyOf(tangents);
    body = List.copyOf(body);
    chunks = List.copyOf(chunks);
  }

  /** A product not cut into chunks (see {@link Chunks}). */
  public JvpFunction(Function primal, List<Var> tangents, List<Stmt> body, Expr value, Expr tangent) {
    this(primal, tangents, body, value, tangent, List.of());
  }

  /** Whether this product returns a record of value and tangent (else the bare value, or nothing). */
  public boolean returnsRecord() {
    return tangent != null;
  }

  /** {@code p.Foo_Grad.MJvp}. */
  public RecordType record() {
    return new RecordType(primal.owner().gradClass().nested(Names.jvpRecordName(primal.name())));
  }
}
