package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A user's {@code @Differentiable} method as the front end read it. {@code varargs}: its last
 * parameter is {@code double...} (or {@code int...}), which the generated gradient method
 * declares so too. {@code instance}: an instance method, whose first parameter here is its
 * receiver (a constant), which the generated methods take first. {@code records}: the
 * parameters of record types, whose components are among {@code params}. {@code recordResult}:
 * the record a helper returns, whose components {@code returnType}, an array, carries; else null.
 * {@code checkpointedLoops}: the ids of the loops reversed by binomial checkpointing, with their
 * snapshot budgets (0 for the run-time default).
 */
public record Function(TypeRef owner, String name, List<Var> params, Type returnType, List<Stmt> body, Origin origin,
    boolean varargs, boolean instance, List<RecordParam> records, RecordResult recordResult,
    java.util.Map<String, Integer> checkpointedLoops) {
  public Function(TypeRef owner, String name, List<Var> params, Type returnType, List<Stmt> body, Origin origin,
      boolean varargs, boolean instance, List<RecordParam> records) {
    this(owner, name, params, returnType, body, origin, varargs, instance, records, null, java.util.Map.of());
  }

  public Function {
    params = List.copyOf(params);
    body = List.copyOf(body);
    records = List.copyOf(records);
    checkpointedLoops = java.util.Map.copyOf(checkpointedLoops);
  }

  /** The record parameter {@code v} is a component of, or null. */
  public RecordParam recordOf(Var v) {
    for (RecordParam r : records) {
      if (r.vars().contains(v)) {
        return r;
      }
    }
    return null;
  }

  /** The same method with another body (a lowering's output). */
  public Function withBody(List<Stmt> newBody) {
    return new Function(owner, name, params, returnType, newBody, origin, varargs, instance, records, recordResult,
        checkpointedLoops);
  }

  /** {@code Owner.m}, as messages and tape sites name the method. */
  public String displayName() {
    return owner.simpleNames().get(owner.simpleNames().size() - 1) + "." + name;
  }

  /** The parameters of the user's method: without the receiver of an instance method. */
  public List<Var> declaredParams() {
    return instance ? params.subList(1, params.size()) : params;
  }

  public List<Var> activeParams() {
    return params.stream().filter(Var::isActiveInput).toList();
  }
}
