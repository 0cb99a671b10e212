package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The vector-Jacobian product of a {@link Function}: given the primal's arguments and a seed
 * for its result, {@code body} computes the value into {@code value} and hands {@code seed}
 * times each active parameter's partial to the caller's adjoint storage, named {@code
 * adjointParam}. With {@code inOut}, the adjoints of the arrays the function writes into are
 * replaced instead: in, the adjoint of their final contents; out, of the contents passed in. A
 * transformation's output, and so the input of any further one.
 */
public record VjpFunction(Function primal, Var seed, String adjointParam, List<Stmt> body, Var value,
    boolean inOut) {
  public VjpFunction {
    body = List.copyOf(body);
  }
}
