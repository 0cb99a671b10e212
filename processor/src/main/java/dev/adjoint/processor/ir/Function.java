package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A user's {@code @Differentiable} method as the front end read it. {@code varargs}: its last
 * parameter is {@code double...} (or {@code int...}), which the generated gradient method
 * declares so too.
 */
public record Function(TypeRef owner, String name, List<Var> params, Type returnType, List<Stmt> body, Origin origin,
    boolean varargs) {
  public Function {
    params = List.copyOf(params);
    body = List.copyOf(body);
  }

  /** The same method with another body (a lowering's output). */
  public Function withBody(List<Stmt> newBody) {
    return new Function(owner, name, params, returnType, newBody, origin, varargs);
  }

  /** {@code Owner.m}, as messages and tape sites name the method. */
  public String displayName() {
    return owner.simpleNames().get(owner.simpleNames().size() - 1) + "." + name;
  }

  public List<Var> activeParams() {
    return params.stream().filter(Var::isActiveInput).toList();
  }
}
