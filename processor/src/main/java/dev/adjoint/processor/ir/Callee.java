package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Another {@code @Differentiable} method as seen from a call site: where it lives, its
 * parameters, and which of them its gradient record has a component for.
 */
public record Callee(TypeRef owner, String name, List<Param> params) {
  public Callee {
    params = List.copyOf(params);
  }

  public record Param(String name, Type type, boolean active) {}

  /** {@code p.Foo_Grad.MGradient}. */
  public RecordType gradientRecord() {
    return new RecordType(owner.gradClass().nested(Names.gradientRecordName(name)));
  }
}
