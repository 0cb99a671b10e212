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

  /** This function as seen from a call site. */
  public Callee asCallee() {
    return new Callee(
        owner, name, params.stream().map(p -> new Callee.Param(p.name(), p.type(), p.isActiveInput(), false)).toList());
  }
}
