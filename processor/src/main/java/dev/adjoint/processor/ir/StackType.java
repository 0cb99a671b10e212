package dev.adjoint.processor.ir;

/**
 * The tape of the forward sweep: a growable primitive stack from the runtime, holding values,
 * branch decisions and trip counts that the reverse sweep reads back in reverse order.
 */
public record StackType() implements Type {
  public static final StackType INSTANCE = new StackType();
  public static final TypeRef RUNTIME_CLASS = new TypeRef("dev.adjoint.runtime", java.util.List.of("Tape"));

  @Override
  public String javaName() {
    return RUNTIME_CLASS.qualifiedName();
  }
}
