package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The record a helper returns, which the IR carries as a new {@code double[]} of its
 * components (the helper's IR returns that array): {@code type}, its {@code components} in
 * order, and each one's {@code kinds}, which says how doubles hold it (a float as a double; an
 * array as its length and elements, after the numbers and booleans). The generated code gets the
 * array from the user's method through {@link Names#recordResultMethodName}.
 */
public record RecordResult(TypeRef type, List<String> components, List<Type> kinds) {
  public RecordResult {
    components = List.copyOf(components);
    kinds = List.copyOf(kinds);
  }
}
