package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The vector-Jacobian product of a {@link Function}: given the primal's arguments and a seed
 * for its result, {@code body} computes the value into {@code value} and hands {@code seed}
 * times each active parameter's partial to the caller's adjoint storage, named {@code
 * adjointParam}. A transformation's output, and so the input of any further one.
 */
public record VjpFunction(Function primal, Var seed, String adjointParam, List<Stmt> body, Var value) {
  public VjpFunction {
    body = List.copyOf(body);
  }
}
