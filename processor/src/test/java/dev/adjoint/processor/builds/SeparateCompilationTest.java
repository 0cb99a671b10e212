package dev.adjoint.processor.builds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds as IDEs, Gradle and hand-run javac do them: files compiled in separate javac runs into
 * one output directory, a file recompiled alone after a change. Each {@code _Grad} must follow
 * the sources of the run that wrote it, or the processor must refuse; a stale derivative is the
 * one outcome that may not happen.
 */
class SeparateCompilationTest {

  @TempDir Path dir;

  private static final String MODEL = """
      package p;

      import dev.adjoint.Differentiable;

      final class Model {
        @Differentiable static double f(double x) { return Helpers.sq(x) + x; }
      }
      """;

  private static String helpers(String annotation, String body) {
    return """
        package p;

        final class Helpers {
          %s static double sq(double x) { return %s; }
        }
        """.formatted(annotation, body);
  }

  @Test
  void recompilingAnAnnotatedHelperAloneRegeneratesItsDerivative() throws Exception {
    Path src = write("p/Model.java", MODEL);
    Path helpers = write("p/Helpers.java", helpers("@dev.adjoint.Differentiable", "x * x"));
    assertSucceeds(javac(true, src, helpers));
    double x = 1.7;
    assertEquals(1 + 2 * x, derivative(x), 1e-12);
    assertEquals(1 + 2 * x, centralDifference(x), 1e-6);

    write("p/Helpers.java", helpers("@dev.adjoint.Differentiable", "x * x * x"));
    assertSucceeds(javac(true, helpers));
    assertEquals(1 + 3 * x * x, derivative(x), 1e-12, "the derivative follows the recompiled helper");
    assertEquals(1 + 3 * x * x, centralDifference(x), 1e-6);
  }

  @Test
  void anUnannotatedHelperInAnotherFileIsRefusedWithWhatToDo() throws Exception {
    // Before: Helpers_Grad got sq's derivative only while Model.java was compiled, so recompiling
    // Helpers.java alone left it stale (4 instead of 12) or rewrote it without sq.
    Path src = write("p/Model.java", MODEL);
    Path helpers = write("p/Helpers.java", helpers("", "x * x"));
    Result result = javac(true, src, helpers);
    assertEquals(List.of("Model.java:6: Helpers.sq has no derivative: it is not @Differentiable, and Adjoint "
        + "differentiates a method without @Differentiable only when it is in the same source file as its caller "
        + "(so that its derivative is regenerated whenever that file is compiled); annotate it with "
        + "@Differentiable, give it a derivative rule (@DerivativeOf), or compute its value outside and pass it in as a @NoDerivative parameter"),
        result.errors());
    assertFalse(result.output().contains("\tat "), "no stack trace: " + result.output());
    assertFalse(Files.exists(dir.resolve("out/p/Model_Grad.class")));
    assertFalse(Files.exists(dir.resolve("out/p/Helpers_Grad.class")));
  }

  @Test
  void aHelperInTheSameFileFollowsThatFile() throws Exception {
    String model = """
        package p;

        import dev.adjoint.Differentiable;

        final class Model {
          @Differentiable static double f(double x) { return Util.sq(x) + x; }
        }

        final class Util {
          static double sq(double x) { return %s; }
        }
        """;
    Path src = write("p/Model.java", model.formatted("x * x"));
    assertSucceeds(javac(true, src));
    double x = -0.6;
    assertEquals(1 + 2 * x, derivative(x), 1e-12);
    write("p/Model.java", model.formatted("x * x * x"));
    assertSucceeds(javac(true, src));
    assertEquals(1 + 3 * x * x, derivative(x), 1e-12);
    assertEquals(1 + 3 * x * x, centralDifference(x), 1e-6);
  }

  @Test
  void aLibraryCompiledWithoutAdjointIsNamedInTheError() throws Exception {
    Path lib = write("q/Lib.java", """
        package q;

        public final class Lib {
          @dev.adjoint.Differentiable public static double g(double x, double y) { return x * y; }
        }
        """);
    assertSucceeds(javac(false, lib));
    Files.delete(lib);
    Path app = write("p/App.java", """
        package p;

        import dev.adjoint.Differentiable;

        final class App {
          @Differentiable static double f(double x) { return q.Lib.g(x, 2.0); }
        }
        """);
    Result result = javac(true, app);
    assertEquals(List.of("App.java:6: Lib.g is @Differentiable, but its class was compiled without Adjoint: "
        + "q.Lib_Grad does not exist; compile q.Lib with Adjoint's annotation processor on the processor path "
        + "(annotationProcessorPaths in Maven, -processorpath for javac)"), result.errors());
    assertFalse(result.output().contains("cannot find symbol"), result.output());
    assertFalse(Files.exists(dir.resolve("out/p/App_Grad.class")));
  }

  private static final String LIB = """
      package q;

      import dev.adjoint.Differentiable;
      import dev.adjoint.NoDerivative;

      public final class Lib {
        @Differentiable public static double g(double x, double y) { return x * x * y + Math.sin(y); }

        @Differentiable public static double dot(double[] w, @NoDerivative double k, double[] v) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * v[i] * k;
          }
          return s;
        }
      }
      """;

  private static final String USES_LIB = """
      package p;

      import dev.adjoint.Differentiable;

      final class UsesLib {
        @Differentiable static double straight(double a, double b) { return q.Lib.g(a, b) * a; }

        // In a loop the calls run split, through the library's gForward and gReverse.
        @Differentiable static double inALoop(double a, double[] w, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += q.Lib.g(a * i, w[i % 2]);
          }
          double[] v = {a, 2 * a};
          return s + q.Lib.dot(w, 3.0, v);
        }
      }
      """;

  /**
   * Issue 16: without {@code -parameters} a class file has no parameter names, and javac calls
   * them arg0, arg1, ...; the caller must take the names of the library's gradient members from
   * its {@code _Grad} instead.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "library compiled with -parameters: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aLibraryCompiledSeparatelyWithOrWithoutParameterNames(boolean parameters) throws Exception {
    Path lib = write("q/Lib.java", LIB);
    assertSucceeds(javac(true, parameters ? List.of("-parameters") : List.of(), lib));
    Files.delete(lib);
    Files.walk(dir.resolve("generated")).filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
    assertSucceeds(javac(true, List.of(), write("p/UsesLib.java", USES_LIB)));

    double a = 0.7;
    double b = -1.3;
    Object g = gradient("straight", new Class<?>[] {double.class, double.class}, a, b);
    assertEquals(3 * a * a * b + Math.sin(b), component(g, "a"), 1e-12);
    assertEquals((a * a + Math.cos(b)) * a, component(g, "b"), 1e-12);
    assertEquals(component(g, "a"), centralDifference("straight", x -> new Object[] {x, b}, a), 1e-6);

    double[] w = {0.4, -0.9};
    int n = 3;
    Object h = gradient("inALoop", new Class<?>[] {double.class, double[].class, int.class}, a, w, n);
    double da = 3 * (w[0] + 2 * w[1]);
    double[] dw = {3 * a, 3 * 2 * a};
    for (int i = 0; i < n; i++) {
      da += 2 * (a * i) * i * w[i % 2];
      dw[i % 2] += (a * i) * (a * i) + Math.cos(w[i % 2]);
    }
    assertEquals(da, component(h, "a"), 1e-12);
    double[] partials = (double[]) componentValue(h, "w");
    for (int j = 0; j < 2; j++) {
      assertEquals(dw[j], partials[j], 1e-12);
      int k = j;
      assertEquals(dw[j], centralDifference("inALoop", x -> {
        double[] moved = w.clone();
        moved[k] = x;
        return new Object[] {a, moved, n};
      }, w[j]), 1e-6);
    }
  }

  @Test
  void theProcessorIsRegisteredForGradleIncrementalBuilds() throws IOException {
    try (var in = AdjointProcessor.class.getClassLoader()
        .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
      assertTrue(in != null, "META-INF/gradle/incremental.annotation.processors is missing");
      String registration = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(AdjointProcessor.class.getName() + ",isolating", registration);
    }
  }

  // ---- one javac run, as `javac -cp out -d out [-processorpath ...] files` ----

  private record Result(boolean success, List<String> errors, String output) {}

  private Result javac(boolean withAdjoint, Path... files) throws IOException {
    return javac(withAdjoint, List.of(), files);
  }

  private Result javac(boolean withAdjoint, List<String> extraOptions, Path... files) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path out = Files.createDirectories(dir.resolve("out"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-s", generated.toString(),
          "-cp", out + File.pathSeparator + runtimeClasses()));
      options.addAll(extraOptions);
      if (!withAdjoint) {
        options.add("-proc:none");
      }
      JavaCompiler.CompilationTask task = compiler.getTask(output, fm, diagnostics, options, null,
          fm.getJavaFileObjectsFromPaths(List.of(files)));
      if (withAdjoint) {
        task.setProcessors(List.of(new AdjointProcessor()));
      }
      boolean ok = task.call();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> (d.getSource() == null ? "" : Path.of(d.getSource().getName()).getFileName() + ":" + d.getLineNumber() + ": ")
              + d.getMessage(Locale.ROOT))
          .toList();
      return new Result(ok, errors, output + String.join("\n", errors));
    }
  }

  private static void assertSucceeds(Result result) {
    assertTrue(result.success(), result.output());
  }

  private static String runtimeClasses() {
    try {
      return Path.of(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve("src").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** d/dx of p.Model.f from the generated gradient, loaded afresh from the output directory. */
  private double derivative(double x) throws Exception {
    try (URLClassLoader loader = loader()) {
      Method gradient = loader.loadClass("p.Model_Grad").getDeclaredMethod("f", double.class);
      gradient.setAccessible(true);
      Object record = gradient.invoke(null, x);
      Method dx = record.getClass().getDeclaredMethod("x");
      dx.setAccessible(true);
      return (double) dx.invoke(record);
    }
  }

  private double centralDifference(double x) throws Exception {
    try (URLClassLoader loader = loader()) {
      Method f = loader.loadClass("p.Model").getDeclaredMethod("f", double.class);
      f.setAccessible(true);
      double h = 1e-6;
      return ((double) f.invoke(null, x + h) - (double) f.invoke(null, x - h)) / (2 * h);
    }
  }

  private Object gradient(String method, Class<?>[] types, Object... args) throws Exception {
    try (URLClassLoader loader = loader()) {
      Method m = loader.loadClass("p.UsesLib_Grad").getDeclaredMethod(method, types);
      m.setAccessible(true);
      return m.invoke(null, args);
    }
  }

  private static Object componentValue(Object record, String name) throws Exception {
    Method accessor = record.getClass().getDeclaredMethod(name);
    accessor.setAccessible(true);
    return accessor.invoke(record);
  }

  private static double component(Object record, String name) throws Exception {
    return (double) componentValue(record, name);
  }

  private double centralDifference(String method, java.util.function.DoubleFunction<Object[]> args, double x)
      throws Exception {
    try (URLClassLoader loader = loader()) {
      Method f = java.util.Arrays.stream(loader.loadClass("p.UsesLib").getDeclaredMethods())
          .filter(m -> m.getName().equals(method)).findFirst().orElseThrow();
      f.setAccessible(true);
      double h = 1e-6;
      return ((double) f.invoke(null, args.apply(x + h)) - (double) f.invoke(null, args.apply(x - h))) / (2 * h);
    }
  }

  private URLClassLoader loader() throws IOException {
    return new URLClassLoader(new URL[] {dir.resolve("out").toUri().toURL()}, Differentiable.class.getClassLoader());
  }
}
