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
 * mReverseInOut} (see {@link Names#forwardInOutMethodName}). With a {@code rule} (null otherwise),
 * a method whose user-written VJP rule stands in for a generated reverse sweep: calls of it are
 * made joint, and have no tangent (no {@code mJvp}). With a {@code recordResult} (null otherwise),
 * a helper returning a record, which {@code returns} an array of its components here.
 */
public record Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split,
    boolean recursive, boolean reachesRecursion, boolean splitInOut, DerivativeRule rule, RecordResult recordResult) {
  public Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split, boolean recursive,
      boolean reachesRecursion, boolean splitInOut, DerivativeRule rule) {
    this(owner, name, params, returns, split, recursive, reachesRecursion, splitInOut, rule, null);
  }

  /** A callee without split in-out sweeps. */
  public Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split, boolean recursive,
      boolean reachesRecursion) {
    this(owner, name, params, returns, split, recursive, reachesRecursion, false, null);
  }

  /** A callee differentiated by Adjoint (no rule of the user's). */
  public Callee(TypeRef owner, String name, List<Param> params, Type returns, boolean split, boolean recursive,
      boolean reachesRecursion, boolean splitInOut) {
    this(owner, name, params, returns, split, recursive, reachesRecursion, splitInOut, null);
  }

  /** A method differentiated through the user's VJP {@code rule}. */
  public static Callee ofRule(DerivativeRule rule, List<Param> params) {
    return new Callee(rule.targetOwner(), rule.target(), params, rule.returns(), false, false, false, false, rule);
  }

  /** This callee, returning the record {@code result} as the array of its components. */
  public Callee withRecordResult(RecordResult result) {
    return new Callee(owner, name, params, returns, split, recursive, reachesRecursion, splitInOut, rule, result);
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

  /**
   * A parameter; {@code written} if the callee writes into the array passed for it; {@code
   * receiver} for the object an instance method is called on, which generated methods take
   * first; {@code declaredFloat} if the user's method declares it {@code float} (or it is a
   * float component of a record), which the IR carries in a double: a call of the user's method
   * passes it as {@code (float) x}, exactly, and the generated methods take it as a double.
   */
  public record Param(String name, Type type, boolean active, boolean written, boolean receiver, RecordSlot slot,
      boolean declaredFloat) {
    public Param(String name, Type type, boolean active, boolean written) {
      this(name, type, active, written, false, null, false);
    }

    public Param(String name, Type type, boolean active, boolean written, boolean receiver) {
      this(name, type, active, written, receiver, null, false);
    }

    public Param(String name, Type type, boolean active, boolean written, boolean receiver, RecordSlot slot) {
      this(name, type, active, written, receiver, slot, false);
    }
  }

  /**
   * Where a parameter sits in a record parameter of the user's method, which the IR takes
   * component by component: component {@code index} of {@code count} of a {@code type}. The
   * primal call passes {@code new T(...)} of the components; the generated methods take them.
   */
  public record RecordSlot(TypeRef type, int index, int count) {}

  /** Whether some parameter is a component of a record parameter. */
  public boolean takesRecords() {
    return params.stream().anyMatch(p -> p.slot() != null);
  }

  /** An instance method of the user's, called on its first argument. */
  public boolean isInstance() {
    return !params.isEmpty() && params.get(0).receiver();
  }

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
