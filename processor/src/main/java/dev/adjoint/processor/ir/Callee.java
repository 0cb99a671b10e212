package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Another {@code @Differentiable} method as seen from a call site: where it lives, its
 * parameters, and which of them its gradient record has a component for. {@code split} if its
 * {@code _Grad} has {@code mForward} and {@code mReverse} (see {@link Names#forwardMethodName}).
 * {@code recursive} if the callee may call the caller again (directly or through other methods):
 * the call is part of a recursion, made in split mode wherever it stands. {@code reachesRecursion}
 * if a recursion may run below the call (it is part of one, or the callee calls into one).
 * {@code splitInOut} if it writes into arrays and its {@code _Grad} has (or, for a callee with
 * source, will have when {@code splitInOut} is on) {@code mForwardInOut} and {@code
 * mReverseInOut} (see {@link Names#forwardInOutMethodName}).
 */
public record Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split,
    boolean recursive, boolean reachesRecursion, boolean splitInOut) {
  /** A callee without split in-out sweeps. */
  public Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split, boolean recursive,
      boolean reachesRecursion) {
    this(owner, name, params, returns, split, recursive, reachesRecursion, false);
  }

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

  /**
   * Whether a method with these parameters gets split in-out sweeps when it is differentiated:
   * it writes into some active array parameter, and every array parameter it writes into is a
   * {@code double[]}, which {@code mVjpInOut} works on in place and so can leave written as the
   * primal leaves it. The callee's side and its callers' ask the same question of the same
   * parameters.
   */
  public static boolean hasSplitInOut(List<Param> params) {
    return params.stream().anyMatch(p -> p.written() && p.active())
        && params.stream().filter(Param::written).allMatch(p -> p.type() instanceof ArrayType a && a.dims() == 1
            && a.element() == Primitive.DOUBLE);
  }

  /** {@code p.Foo_Grad.MAdjoint}. */
  public RecordType adjointClass() {
    return new RecordType(owner.gradClass().nested(Names.adjointClassName(name)));
  }

  /** {@code p.Foo_Grad.MGradient}. */
  public RecordType gradientRecord() {
    return new RecordType(owner.gradClass().nested(Names.gradientRecordName(name)));
  }
}
