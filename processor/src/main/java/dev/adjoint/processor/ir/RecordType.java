package dev.adjoint.processor.ir;

/** A generated gradient record, e.g. the result of calling another method's {@code _Grad}. */
public record RecordType(TypeRef ref) implements Type {
  @Override
  public String javaName() {
    return ref.qualifiedName();
  }
}
