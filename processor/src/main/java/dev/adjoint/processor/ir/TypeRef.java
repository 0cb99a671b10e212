package dev.adjoint.processor.ir;

import java.util.List;

/** A class named by package and nesting path, e.g. {@code p} and {@code [Outer, Inner]}. */
public record TypeRef(String packageName, List<String> simpleNames) {
  public TypeRef {
    simpleNames = List.copyOf(simpleNames);
  }

  /** The generated companion: {@code p.Outer_Inner_Grad} for {@code p.Outer.Inner}. */
  public TypeRef gradClass() {
    return new TypeRef(packageName, List.of(String.join("_", simpleNames) + "_Grad"));
  }

  public TypeRef nested(String simpleName) {
    var names = new java.util.ArrayList<>(simpleNames);
    names.add(simpleName);
    return new TypeRef(packageName, names);
  }

  public String qualifiedName() {
    String simple = String.join(".", simpleNames);
    return packageName.isEmpty() ? simple : packageName + "." + simple;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
