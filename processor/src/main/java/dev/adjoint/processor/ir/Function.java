package dev.adjoint.processor.ir;

import java.util.List;

/** A user's {@code @Differentiable} method as the front end read it. */
public record Function(TypeRef owner, String name, List<Var> params, Type returnType, List<Stmt> body, Origin origin) {
  public Function {
    params = List.copyOf(params);
    body = List.copyOf(body);
  }

  /** {@code Owner.m}, as messages and tape sites name the method. */
  public String displayName() {
    return owner.simpleNames().get(owner.simpleNames().size() - 1) + "." + name;
  }

  public List<Var> activeParams() {
    return params.stream().filter(Var::isActiveInput).toList();
  }
}
