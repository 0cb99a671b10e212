package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A parameter of a record type, {@code Point p}: the IR takes its components as parameters of
 * their own, {@code vars} (named {@code p_x}, {@code p_y}), in the order of the record's
 * components {@code components}; the user-facing gradient method takes the record, and its
 * gradient record holds a record of the partials. {@code floats}: which components are float.
 */
public record RecordParam(String name, TypeRef type, List<String> components, List<Var> vars, List<Boolean> floats) {
  public RecordParam {
    components = List.copyOf(components);
    vars = List.copyOf(vars);
    floats = List.copyOf(floats);
  }
}
