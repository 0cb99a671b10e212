package dev.adjoint.processor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaFileObject;

/** The result of a successful compilation with the processor, with its classes loaded. */
public final class Compiled {

  private final Compilation compilation;
  private final ClassLoader classLoader;
  private final Map<String, byte[]> classFiles;
  private final Map<String, List<ParameterRecorder.Param>> recordedMethods;
  private final List<AdjointCompiler.Source> sources;
  private Path classDir;

  Compiled(
      Compilation compilation,
      ClassLoader classLoader,
      Map<String, byte[]> classFiles,
      Map<String, List<ParameterRecorder.Param>> recordedMethods,
      List<AdjointCompiler.Source> sources) {
    this.compilation = compilation;
    this.classLoader = classLoader;
    this.classFiles = classFiles;
    this.recordedMethods = recordedMethods;
    this.sources = sources;
  }

  public Compilation compilation() {
    return compilation;
  }

  public ClassLoader classLoader() {
    return classLoader;
  }

  /** Binary names of the classes this compilation wrote. */
  public java.util.Set<String> classNames() {
    return classFiles.keySet();
  }

  /** The bytes of a class this compilation wrote, by binary name ("p.Foo_Grad"). */
  public byte[] classFile(String binaryName) {
    byte[] bytes = classFiles.get(binaryName);
    if (bytes == null) {
      fail("No class file " + binaryName + "; classes written: " + classFiles.keySet());
    }
    return bytes;
  }

  Map<String, List<ParameterRecorder.Param>> recordedMethods() {
    return recordedMethods;
  }

  /** Loads a class by binary name ("p.Outer$Inner"), failing the test if it is missing. */
  public Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, true, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new AssertionError(
          "Cannot load class "
              + binaryName
              + " ("
              + e
              + "); classes written: "
              + classFiles.keySet()
              + "\n"
              + generatedSourcesDump(),
          e);
    }
  }

  /** The text of a generated source file, e.g. {@code generatedSource("p.Foo_Grad")}. */
  /** The method {@code name} of class {@code binaryName} taking {@code parameters} parameters, made accessible. */
  public java.lang.reflect.Method declared(String binaryName, String name, int parameters) {
    return java.util.Arrays.stream(load(binaryName).getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters).findFirst()
        .map(m -> {
          m.setAccessible(true);
          return m;
        })
        .orElseThrow(() -> new AssertionError("no " + binaryName + "." + name));
  }

  public String generatedSource(String fqcn) {
    Optional<JavaFileObject> file = compilation.generatedSourceFile(fqcn);
    if (file.isEmpty()) {
      fail("No generated source file " + fqcn + "\n" + generatedSourcesDump());
    }
    try {
      return file.get().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All generated sources, for failure messages. */
  /**
   * The text of one method of a generated class, from its declaration ({@code static T name(})
   * to its closing brace; fails if there is none.
   */
  public String generatedMethod(String fqcn, String name) {
    String source = generatedSource(fqcn);
    java.util.regex.Matcher declaration =
        java.util.regex.Pattern.compile("static \\w+ " + name + "\\(").matcher(source);
    if (!declaration.find()) {
      fail("No method " + name + " in " + fqcn + ":\n" + source);
    }
    int start = declaration.start();
    return source.substring(start, source.indexOf("\n    }\n", start));
  }

  public String generatedSourcesDump() {
    return "---- generated sources ----\n" + AdjointCompiler.describeGeneratedSources(compilation);
  }

  /** The user sources with line numbers, for failure messages. */
  public String sourcesDump() {
    return AdjointCompiler.describeSources(sources);
  }

  /**
   * A {@code @Differentiable} method of this compilation (or of the compilation it was compiled
   * against). {@code classBinaryName} is e.g. "p.Foo" or "p.Outer$Inner".
   */
  public DiffMethod method(String classBinaryName, String methodName) {
    String key = classBinaryName + "#" + methodName;
    List<ParameterRecorder.Param> params = recordedMethods.get(key);
    if (params == null) {
      fail("No @Differentiable method " + key + " was seen; known: " + recordedMethods.keySet());
    }
    return new DiffMethod(this, classBinaryName, methodName, params);
  }

  /** Writes the class files to a fresh temporary directory (once) and returns it. */
  synchronized Path writeClassFilesToTempDir() {
    if (classDir != null) {
      return classDir;
    }
    Path dir = AdjointCompiler.newTempDir();
    try {
      for (Map.Entry<String, byte[]> e : classFiles.entrySet()) {
        Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        // deleteOnExit deletes in reverse order of registration: directories before their files.
        Path walk = dir;
        for (Path part : dir.relativize(file.getParent())) {
          walk = walk.resolve(part);
          walk.toFile().deleteOnExit();
        }
        Files.write(file, e.getValue());
        file.toFile().deleteOnExit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    classDir = dir;
    return dir;
  }
}
