package dev.adjoint.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.Numeric;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPMS module that requires Adjoint's runtime, and nothing else, compiles with the processor and
 * its gradient runs in a module layer. {@code javax.annotation.processing.Generated} lives in
 * module {@code java.compiler}, which such a module does not read: the generated class is then not
 * annotated, and is where the module reads it.
 */
class ModularCompilationTest {

  private static final String MODEL = """
      package app;

      import dev.adjoint.Differentiable;

      public final class Model {
        @Differentiable static double f(double x, double[] w) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += Math.sin(w[i] * x) * w[i];
          }
          return s * x;
        }

        /** The value and the partial in x, through the generated class. */
        public static double[] valueAndPartial(double x, double[] w) {
          Model_Grad.FGradient g = Model_Grad.f(x, w);
          return new double[] {g.value(), g.x()};
        }

        public static double primal(double x, double[] w) {
          return f(x, w);
        }
      }
      """;

  private static Path runtimeLocation() throws Exception {
    return Path.of(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** What javac printed, and the generated source; the class files are in {@code dir}/classes. */
  private record Result(boolean success, String diagnostics, String generatedSource) {}

  /**
   * A real javac on files, as a modular build runs it: compile-testing's in-memory file manager
   * cannot compile a module.
   */
  private static Result compile(Path dir, String moduleInfo) throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"), moduleInfo);
    Files.writeString(src.resolve("app/Model.java"), MODEL);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
      JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
          List.of("--module-path", runtimeLocation().toString(), "-d", classes.toString(), "-s", generated.toString()),
          null, files.getJavaFileObjects(src.resolve("module-info.java"), src.resolve("app/Model.java")));
      task.setProcessors(List.of(new AdjointProcessor()));
      boolean success = task.call();
      Path grad = generated.resolve("app/Model_Grad.java");
      return new Result(success, diagnostics.getDiagnostics().toString(),
          Files.exists(grad) ? Files.readString(grad) : "");
    }
  }

  @Test
  void theRuntimeIsTheModuleDevAdjoint() throws Exception {
    Set<ModuleReference> found = ModuleFinder.of(runtimeLocation()).findAll();
    assertThat(found).hasSize(1);
    ModuleDescriptor runtime = found.iterator().next().descriptor();
    assertThat(runtime.name()).isEqualTo("dev.adjoint");
    assertThat(runtime.isAutomatic()).isFalse();
    assertThat(runtime.requires().stream().map(ModuleDescriptor.Requires::name).toList()).containsExactly("java.base");
  }

  @Test
  void aModuleThatRequiresOnlyTheRuntimeGetsAWorkingGradient(@TempDir Path dir) throws Exception {
    Result result = compile(dir, "module app { requires dev.adjoint; exports app; }");
    assertWithMessage(result.diagnostics()).that(result.success()).isTrue();
    assertThat(result.diagnostics()).isEqualTo("[]");
    assertThat(result.generatedSource()).contains("public final class Model_Grad");
    assertThat(result.generatedSource()).doesNotContain("@Generated");

    Path out = dir.resolve("classes");
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration = boot.configuration()
        .resolve(ModuleFinder.of(out, runtimeLocation()), ModuleFinder.of(), Set.of("app"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    Class<?> model = layer.findLoader("app").loadClass("app.Model");
    assertThat(model.getModule().getName()).isEqualTo("app");
    assertThat(model.getClassLoader().loadClass("dev.adjoint.runtime.Tape").getModule().getName())
        .isEqualTo("dev.adjoint");

    Method gradient = model.getMethod("valueAndPartial", double.class, double[].class);
    Method primal = model.getMethod("primal", double.class, double[].class);
    double[] w = {0.5, -1.5, 2.0};
    double x = 0.7;
    double[] got = (double[]) gradient.invoke(null, x, w);
    assertThat(got[0]).isEqualTo((double) primal.invoke(null, x, w));
    Numeric.Estimate estimate = Numeric.centralDifference(t -> {
      try {
        return (double) primal.invoke(null, t, w);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }, x);
    assertThat(Numeric.close(estimate.derivative(), got[1], Numeric.CENTRAL_DIFFERENCE_TOLERANCE)).isTrue();
  }

  @Test
  void aModuleThatReadsJavaCompilerGetsGenerated(@TempDir Path dir) throws Exception {
    Result result = compile(dir, "module app { requires dev.adjoint; requires static java.compiler; }");
    assertWithMessage(result.diagnostics()).that(result.success()).isTrue();
    assertThat(result.generatedSource()).contains("@Generated(");
  }

  @Test
  void readingJavaCompilerThroughARequiresTransitiveCounts(@TempDir Path dir) throws Exception {
    Result result = compile(dir, "module app { requires dev.adjoint; requires static java.se; }");
    assertWithMessage(result.diagnostics()).that(result.success()).isTrue();
    assertThat(result.generatedSource()).contains("@Generated(");
  }
}
