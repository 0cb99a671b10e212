package dev.adjoint.processor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.config.Settings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles Java source strings with javac + {@link AdjointProcessor} (through Google
 * compile-testing), fails the test with the diagnostics and generated sources when the compilation
 * does not succeed, and loads the resulting classes in memory.
 *
 * <p>Compilations are cached by their sources, so a test class can ask for the same unit from
 * many test methods and pay for one javac run.
 */
public final class AdjointCompiler {

  /** Holds a {@link Compiled} or the {@link AssertionError} its compilation failed with. */
  private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

  private AdjointCompiler() {}

  /**
   * A source file: {@code fqcn} is the top-level class name ("p.Foo"), {@code text} its contents.
   */
  public record Source(String fqcn, String text) {}

  public static Source source(String fqcn, String text) {
    return new Source(fqcn, text);
  }

  /** Compiles one source file (cached). */
  public static Compiled compile(String fqcn, String text) {
    return compile(List.of(new Source(fqcn, text)));
  }

  /** Compiles several source files together in one javac run (cached). */
  public static Compiled compile(Source... sources) {
    return compile(List.of(sources));
  }

  /** Compiles several source files together in one javac run (cached). */
  public static Compiled compile(List<Source> sources) {
    return compileAgainst(null, sources);
  }

  /**
   * Compiles {@code sources} in a second javac run whose classpath holds the class files of {@code
   * dependency} (written to a temporary directory), as if {@code dependency} were a library
   * compiled earlier. The classes are loaded by a class loader whose parent loads the dependency's
   * classes.
   */
  public static Compiled compileAgainst(Compiled dependency, List<Source> sources) {
    return compile(dependency, List.of(), sources);
  }

  /**
   * Compiles {@code sources} (cached) with further javac options, such as the processor's {@code
   * -Aadjoint.disable=...}.
   */
  public static Compiled compileWithOptions(List<String> options, Source... sources) {
    return compile(null, options, List.of(sources));
  }

  private static Compiled compile(Compiled dependency, List<String> options, List<Source> sources) {
    StringBuilder key = new StringBuilder();
    key.append("options:").append(options).append('\n');
    if (dependency != null) {
      key.append("after:").append(System.identityHashCode(dependency)).append('\n');
    }
    for (Source s : sources) {
      key.append(s.fqcn()).append('\n').append(s.text()).append('\n');
    }
    Object result;
    synchronized (AdjointCompiler.class) {
      result =
          CACHE.computeIfAbsent(
              key.toString(),
              k -> {
                try {
                  return doCompile(dependency, options, sources);
                } catch (AssertionError e) {
                  return e;
                } catch (RuntimeException e) {
                  java.io.StringWriter trace = new java.io.StringWriter();
                  e.printStackTrace(new java.io.PrintWriter(trace));
                  return new AssertionError(
                      "javac or the processor threw while compiling:\n"
                          + trace
                          + "\n---- sources ----\n"
                          + describeSources(sources));
                }
              });
    }
    if (result instanceof AssertionError e) {
      // Same message for every test that needs this unit; compiled only once.
      throw new AssertionError(e.getMessage());
    }
    return (Compiled) result;
  }

  private static Compiled doCompile(Compiled dependency, List<String> options, List<Source> sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Source s : sources) {
      files.add(JavaFileObjects.forSourceString(s.fqcn(), s.text()));
    }
    ParameterRecorder recorder = new ParameterRecorder();
    // Keep parameter names in class files so names of generated methods can be checked; and let
    // the generated code check its tape discipline, so a misordered pop fails the test loudly
    // instead of bending a number within tolerance.
    List<String> javacOptions = new ArrayList<>(List.of("-parameters", "-A" + Settings.CHECK_TAPE));
    javacOptions.addAll(options);
    Compiler javac =
        Compiler.javac()
            // The recorder must come first: it never claims the annotation.
            .withProcessors(recorder, new AdjointProcessor())
            .withOptions(javacOptions);
    ClassLoader parent = AdjointCompiler.class.getClassLoader();
    if (dependency != null) {
      Path dir = dependency.writeClassFilesToTempDir();
      List<File> classpath = new ArrayList<>();
      classpath.add(dir.toFile());
      classpath.add(runtimeLocation());
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          classpath.add(new File(entry));
        }
      }
      javac = javac.withClasspath(classpath);
      parent = dependency.classLoader();
    }
    Compilation compilation = javac.compile(files);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      fail(
          "Compilation with AdjointProcessor failed.\n"
              + describeDiagnostics(compilation)
              + "\n---- sources ----\n"
              + describeSources(sources)
              + "\n---- generated sources (re-run with -proc:only) ----\n"
              + generatedSourcesOfFailedCompilation(javac, javacOptions, files));
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        classes.put(binaryNameOf(file), readAll(file));
      }
    }
    Map<String, List<ParameterRecorder.Param>> methods = new LinkedHashMap<>(recorder.methods());
    if (dependency != null) {
      dependency.recordedMethods().forEach(methods::putIfAbsent);
    }
    return new Compiled(
        compilation, new InMemoryClassLoader(classes, parent), classes, methods, sources);
  }

  /**
   * Compiles {@code sources} as they are, without any annotation processor (say, a user class
   * beside a {@code _Grad} class a test has edited), and loads the classes.
   */
  public static ClassLoader compileAsIs(Source... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Source s : sources) {
      files.add(JavaFileObjects.forSourceString(s.fqcn(), s.text()));
    }
    Compilation compilation = Compiler.javac().withProcessors().withOptions("-proc:none").compile(files);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      fail("Compilation failed.\n" + describeDiagnostics(compilation) + "\n---- sources ----\n"
          + describeSources(List.of(sources)));
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        classes.put(binaryNameOf(file), readAll(file));
      }
    }
    return new InMemoryClassLoader(classes, AdjointCompiler.class.getClassLoader());
  }

  /**
   * compile-testing hides generated files of a failed compilation; running only annotation
   * processing again shows what the processor wrote, even when that does not compile.
   */
  private static String generatedSourcesOfFailedCompilation(
      Compiler javac, List<String> javacOptions, List<JavaFileObject> files) {
    try {
      Compilation procOnly =
          javac
              .withProcessors(new ParameterRecorder(), new AdjointProcessor())
              .withOptions(concat(javacOptions, "-proc:only"))
              .compile(files);
      if (procOnly.status() != Compilation.Status.SUCCESS) {
        return "<annotation processing alone failed too>\n";
      }
      return describeGeneratedSources(procOnly);
    } catch (RuntimeException e) {
      return "<unavailable: " + e + ">\n";
    }
  }

  private static List<String> concat(List<String> options, String more) {
    List<String> all = new ArrayList<>(options);
    all.add(more);
    return all;
  }

  private static File runtimeLocation() {
    try {
      return new File(
          Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** compile-testing names class outputs "mem:///CLASS_OUTPUT/p/Foo$Bar.class". */
  private static String binaryNameOf(JavaFileObject file) {
    String path = file.toUri().getPath();
    String marker = "/CLASS_OUTPUT/";
    int at = path.indexOf(marker);
    String relative = at >= 0 ? path.substring(at + marker.length()) : path.substring(1);
    if (relative.endsWith(".class")) {
      relative = relative.substring(0, relative.length() - ".class".length());
    }
    return relative.replace('/', '.');
  }

  private static byte[] readAll(JavaFileObject file) {
    try (var in = file.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describeDiagnostics(Compilation compilation) {
    StringBuilder sb = new StringBuilder("---- diagnostics ----\n");
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      sb.append(d.getKind()).append(": ");
      if (d.getSource() != null) {
        sb.append(d.getSource().getName()).append(':').append(d.getLineNumber()).append(": ");
      }
      sb.append(d.getMessage(null)).append('\n');
    }
    return sb.toString();
  }

  static String describeSources(List<Source> sources) {
    StringBuilder sb = new StringBuilder();
    for (Source s : sources) {
      sb.append("// ").append(s.fqcn()).append('\n');
      String[] lines = s.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
      }
    }
    return sb.toString();
  }

  static String describeGeneratedSources(Compilation compilation) {
    StringBuilder sb = new StringBuilder();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      sb.append("// ").append(file.getName()).append('\n');
      try {
        sb.append(file.getCharContent(true)).append('\n');
      } catch (IOException e) {
        sb.append("<unreadable: ").append(e).append(">\n");
      }
    }
    return sb.toString();
  }

  /** Loads classes from bytes, child-first for the classes it holds. */
  static final class InMemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    InMemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && classes.containsKey(name)) {
          c = findClass(name);
        }
        if (c == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }

  static Path newTempDir() {
    try {
      Path dir = Files.createTempDirectory("adjoint-behaviour-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
