package dev.adjoint.processor.ir;

/** The type of an IR value. */
public sealed interface Type permits Primitive, RecordType, StackType {

  /** Java source spelling of this type, e.g. {@code double} or {@code Foo_Grad.MGradient}. */
  String javaName();

  default boolean isDouble() {
    return this == Primitive.DOUBLE;
  }
}
