package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Another {@code @Differentiable} method as seen from a call site: where it lives, its
 * parameters, and which of them its gradient record has a component for. {@code split} if its
 * {@code _Grad} has {@code mForward} and {@code mReverse} (see {@link Names#forwardMethodName}).
 * {@code recursive} if the callee may call the caller again (directly or through other methods):
 * the call is part of a recursion, made in split mode wherever it stands. {@code reachesRecursion}
 * if a recursion may run below the call (it is part of one, or the callee calls into one).
 */
public record Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split,
    boolean recursive, boolean reachesRecursion) {
  public boolean returnsArray() {
    return returns.isArray();
  }

  /** Whether the callee writes into some array it is given (then it has an {@code mVjpInOut}). */
  public boolean writesArrays() {
    return params.stream().anyMatch(Param::written);
  }

  public Callee {
    params = List.copyOf(params);
  }

  /** A parameter; {@code written} if the callee writes into the array passed for it. */
  public record Param(String name, Type type, boolean active, boolean written) {}

  /** {@code p.Foo_Grad.MAdjoint}. */
  public RecordType adjointClass() {
    return new RecordType(owner.gradClass().nested(Names.adjointClassName(name)));
  }

  /** {@code p.Foo_Grad.MGradient}. */
  public RecordType gradientRecord() {
    return new RecordType(owner.gradClass().nested(Names.gradientRecordName(name)));
  }
}
