package dev.adjoint.processor.ir;

/**
 * A class type: a generated gradient record, e.g. the result of calling another method's {@code
 * _Grad}, or a generated class, or the user's class that an instance method is called on.
 */
public record RecordType(TypeRef ref) implements Type {
  @Override
  public String javaName() {
    return ref.qualifiedName();
  }
}
