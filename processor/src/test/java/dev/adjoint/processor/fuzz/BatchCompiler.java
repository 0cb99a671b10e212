package dev.adjoint.processor.fuzz;

import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles one source file with javac and a fresh {@link AdjointProcessor}, entirely in memory
 * and without caching (unlike the behaviour tests' AdjointCompiler: the fuzzer compiles each
 * program once, and many of them). One standard file manager is shared by all compilations, so
 * the platform classes and the class path are indexed once.
 */
final class BatchCompiler {

  /** Processor options of every fuzz compilation: generated code checks its tape discipline. */
  static final List<String> CHECK_TAPE = List.of("-Aadjoint.checkTape=true");

  /** Every optimisation of the processor off, for the optimised-equals-unoptimised oracle. */
  static final String DISABLE_ALL = "-Aadjoint.disable=all";

  /**
   * {@code -Dfuzz.splitAbove=BYTES}: the optimised compilation cuts every generated method above
   * that estimated size into chunks ({@code -Aadjoint.splitAbove}), so that ordinary fuzz methods
   * are cut and every construct is composed with the cut; the unoptimised one is never cut.
   */
  static final List<String> SPLIT_ABOVE = System.getProperty("fuzz.splitAbove", "").isEmpty() ? List.of()
      : List.of("-Aadjoint.splitAbove=" + System.getProperty("fuzz.splitAbove"));

  /**
   * {@code -Dfuzz.disable=a,b}: the optimised compilation runs with those optimisations off, to
   * tell which pass a failure comes from ({@code -Aadjoint.disable}).
   */
  static final List<String> DISABLE_SOME = System.getProperty("fuzz.disable", "").isEmpty() ? List.of()
      : List.of("-Aadjoint.disable=" + System.getProperty("fuzz.disable"));

  enum Mode {
    /** Plain javac, no processor: is the program valid Java? */
    PLAIN,
    /** With the processor, optimisations on. */
    OPTIMISED,
    /** With the processor, {@code -Aadjoint.disable=all}. */
    UNOPTIMISED
  }

  record Diag(Diagnostic.Kind kind, String file, long line, String code, String message) {
    boolean isError() {
      return kind == Diagnostic.Kind.ERROR;
    }

    boolean inGenerated() {
      return file != null && file.endsWith("_Grad.java");
    }

    /** Reported by the processor through the Messager (as opposed to javac's own checks). */
    boolean fromProcessor() {
      return "compiler.err.proc.messager".equals(code);
    }

    @Override
    public String toString() {
      return kind + " " + (file == null ? "" : file + ":" + line + ": ") + message;
    }
  }

  record Result(
      boolean success,
      List<Diag> diagnostics,
      Map<String, byte[]> classes,
      Map<String, String> generatedSources,
      Throwable crash) {

    List<Diag> errors() {
      return diagnostics.stream().filter(Diag::isError).toList();
    }

    String describeErrors() {
      StringBuilder sb = new StringBuilder();
      if (crash != null) {
        sb.append("javac or the processor threw: ").append(crash).append('\n');
      }
      for (Diag d : errors()) {
        sb.append(d).append('\n');
      }
      return sb.toString();
    }

    ClassLoader load(ClassLoader parent) {
      return new MemoryClassLoader(classes, parent);
    }
  }

  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final StandardJavaFileManager standard;
  /** Total time spent in javac, for the throughput report. */
  long nanos;
  int compilations;

  BatchCompiler() {
    standard = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    try {
      // The runtime for generated code; the fuzzer's own classes for the probes' Magnitudes.
      standard.setLocation(StandardLocation.CLASS_PATH, List.of(runtimeLocation(), location(Magnitudes.class)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The slowest compilation so far, for the report: a method may make the processor slow. */
  long slowestNanos;
  String slowestSource;

  Result compile(String fqcn, String source, Mode mode) {
    return compile(Map.of(fqcn, source), mode);
  }

  /** Several compilation units, by class name, in one javac run. */
  Result compile(Map<String, String> units, Mode mode) {
    String source = String.join("\n", units.values());
    long t0 = System.nanoTime();
    try {
      return doCompile(units, mode);
    } finally {
      long t = System.nanoTime() - t0;
      nanos += t;
      compilations++;
      if (t > slowestNanos) {
        slowestNanos = t;
        slowestSource = source;
      }
    }
  }

  private Result doCompile(Map<String, String> units, Mode mode) {
    MemoryFileManager files = new MemoryFileManager(standard);
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    List<String> options = new ArrayList<>();
    options.add("-g:source,lines"); // line numbers of generated code in stack traces
    options.add("-implicit:none");
    if (mode == Mode.PLAIN) {
      options.add("-proc:none");
    } else {
      options.addAll(CHECK_TAPE);
      if (mode == Mode.UNOPTIMISED) {
        options.add(DISABLE_ALL);
      } else {
        options.addAll(SPLIT_ABOVE);
        options.addAll(DISABLE_SOME);
      }
    }
    List<JavaFileObject> sources = new ArrayList<>();
    units.forEach((fqcn, text) -> sources.add(new SourceFile(fqcn, text)));
    JavaCompiler.CompilationTask task =
        javac.getTask(null, files, diags, options, null, sources);
    if (mode != Mode.PLAIN) {
      task.setProcessors(List.of(new AdjointProcessor()));
    }
    boolean ok;
    Throwable crash = null;
    try {
      ok = task.call();
    } catch (RuntimeException | Error e) {
      ok = false;
      crash = e.getCause() != null ? e.getCause() : e;
    }
    List<Diag> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
      String file = d.getSource() == null ? null : simpleName(d.getSource().getName());
      out.add(new Diag(d.getKind(), file, d.getLineNumber(), d.getCode(), d.getMessage(null)));
    }
    return new Result(ok && crash == null, out, files.classes(), files.sources(), crash);
  }

  private static String simpleName(String path) {
    int slash = path.lastIndexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path;
  }

  private static File runtimeLocation() {
    return location(Differentiable.class);
  }

  /** The directory or jar {@code c} was loaded from. */
  private static File location(Class<?> c) {
    try {
      return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A source file held in a string. */
  private static final class SourceFile extends SimpleJavaFileObject {
    private final String text;

    SourceFile(String fqcn, String text) {
      super(URI.create("string:///" + fqcn.replace('.', '/') + ".java"), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** An output (class file or generated source) kept in memory, readable back by javac. */
  private static final class MemoryOutput extends SimpleJavaFileObject {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    MemoryOutput(String name, Kind kind) {
      super(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind);
    }

    @Override
    public OutputStream openOutputStream() {
      bytes.reset();
      return bytes;
    }

    @Override
    public InputStream openInputStream() {
      return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public java.io.Writer openWriter() {
      bytes.reset();
      return new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final class MemoryFileManager
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Map<String, MemoryOutput> classes = new LinkedHashMap<>();
    private final Map<String, MemoryOutput> sources = new LinkedHashMap<>();

    MemoryFileManager(StandardJavaFileManager standard) {
      super(standard);
    }

    @Override
    public boolean hasLocation(Location location) {
      return location == StandardLocation.CLASS_OUTPUT
          || location == StandardLocation.SOURCE_OUTPUT
          || super.hasLocation(location);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      MemoryOutput out = new MemoryOutput(className, kind);
      (kind == JavaFileObject.Kind.CLASS ? classes : sources).put(className, out);
      return out;
    }

    @Override
    public FileObject getFileForOutput(
        Location location, String packageName, String relativeName, FileObject sibling) {
      MemoryOutput out =
          new MemoryOutput(packageName + "." + relativeName, JavaFileObject.Kind.OTHER);
      return out;
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
      return a.toUri().equals(b.toUri());
    }

    @Override
    public void close() {
      // The shared standard file manager stays open for the next compilation.
    }

    Map<String, byte[]> classes() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      classes.forEach((k, v) -> out.put(k, v.bytes.toByteArray()));
      return out;
    }

    Map<String, String> sources() {
      Map<String, String> out = new LinkedHashMap<>();
      sources.forEach((k, v) -> out.put(k, v.bytes.toString(StandardCharsets.UTF_8)));
      return out;
    }
  }

  /** Loads a compilation's classes, child-first, in a loader of their own. */
  static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && classes.containsKey(name)) {
          byte[] b = classes.get(name);
          c = defineClass(name, b, 0, b.length);
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
  }
}
