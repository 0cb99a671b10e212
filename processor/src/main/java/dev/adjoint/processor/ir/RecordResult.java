package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The record a helper returns, which the IR carries as a new {@code double[]} of its
 * components (the helper's IR returns that array): {@code type}, its {@code components} in
 * order, and each one's {@code kinds}, which says how a double holds it (a float as a double).
 * The generated code gets the array from the user's method through {@link
 * Names#recordResultMethodName}.
 */
public record RecordResult(TypeRef type, List<String> components, List<Primitive> kinds) {
  public RecordResult {
    components = List.copyOf(components);
    kinds = List.copyOf(kinds);
  }
}
