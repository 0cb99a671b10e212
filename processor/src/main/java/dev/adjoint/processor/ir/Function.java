package dev.adjoint.processor.ir;

import java.util.List;

/** A user's {@code @Differentiable} method as the front end read it. */
public record Function(TypeRef owner, String name, List<Var> params, Type returnType, List<Stmt> body, Origin origin) {
  public Function {
    params = List.copyOf(params);
    body = List.copyOf(body);
  }

  public List<Var> activeParams() {
    return params.stream().filter(Var::isActiveInput).toList();
  }
}
