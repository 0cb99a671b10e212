package dev.adjoint.processor.testing;

/** Builds compilation units for the behaviour tests. */
public final class Sources {

  private Sources() {}

  /**
   * A package-private top-level class {@code fqcn} whose body is {@code members}, with the
   * imports of {@code Differentiable} and {@code NoDerivative}.
   */
  public static String classWith(String fqcn, String members) {
    int dot = fqcn.lastIndexOf('.');
    String pkg = fqcn.substring(0, dot);
    String simple = fqcn.substring(dot + 1);
    return "package "
        + pkg
        + ";\n\n"
        + "import dev.adjoint.Differentiable;\n"
        + "import dev.adjoint.NoDerivative;\n\n"
        + "final class "
        + simple
        + " {\n"
        + members
        + "\n}\n";
  }

  /** Compiles (cached) a single class built by {@link #classWith}. */
  public static Compiled compileClass(String fqcn, String members) {
    return AdjointCompiler.compile(fqcn, classWith(fqcn, members));
  }
}
