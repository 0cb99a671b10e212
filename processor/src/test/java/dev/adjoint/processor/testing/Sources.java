package dev.adjoint.processor.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * Splits class members written as a sequence of {@code @Differentiable} methods (and nothing
   * else) into one chunk per method, keyed by method name. Lets a test compile each method in its
   * own unit, so one construct the processor mishandles fails only the tests that use it.
   */
  public static Map<String, String> splitMethods(String members) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] chunks = members.split("(?=@Differentiable)");
    Pattern name = Pattern.compile("static\\s+double\\s+(\\w+)\\s*\\(");
    for (String chunk : chunks) {
      if (chunk.isBlank()) {
        continue;
      }
      Matcher m = name.matcher(chunk);
      if (!m.find()) {
        throw new IllegalArgumentException("no method in chunk: " + chunk);
      }
      if (out.put(m.group(1), chunk) != null) {
        throw new IllegalArgumentException("duplicate method " + m.group(1));
      }
    }
    return out;
  }

  /**
   * Compiles (cached) class {@code fqcn} holding only the method {@code method} of {@code
   * members} (see {@link #splitMethods}).
   */
  public static Compiled compileMethodAlone(String fqcn, String members, String method) {
    String chunk = splitMethods(members).get(method);
    if (chunk == null) {
      throw new IllegalArgumentException("no method " + method + " in members");
    }
    return compileClass(fqcn, chunk);
  }

  /** Compiles (cached) a single class built by {@link #classWith}. */
  public static Compiled compileClass(String fqcn, String members) {
    return AdjointCompiler.compile(fqcn, classWith(fqcn, members));
  }
}
