package dev.adjoint.processor.ir;

/** The type of an IR value. */
public sealed interface Type permits Primitive, RecordType, StackType, ArrayType {

  /** Java source spelling of this type, e.g. {@code double} or {@code Foo_Grad.MGradient}. */
  String javaName();

  default boolean isDouble() {
    return this == Primitive.DOUBLE;
  }

  /** A double, or an array of doubles: what a derivative can flow through. */
  default boolean carriesDerivative() {
    return isDouble() || (this instanceof ArrayType a && a.element() == Primitive.DOUBLE);
  }

  /** The type of this value's adjoint or tangent (an array of doubles for a {@code float[]}). */
  default Type derivative() {
    return this instanceof ArrayType a ? a.derivative() : this;
  }

  default boolean isArray() {
    return this instanceof ArrayType;
  }
}
