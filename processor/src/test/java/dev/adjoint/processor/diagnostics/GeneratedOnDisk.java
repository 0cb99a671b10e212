package dev.adjoint.processor.diagnostics;

import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles with the processor writing to a real directory, to see what it wrote even when
 * compilation fails (compile-testing hides the generated files of a failed compilation).
 */
final class GeneratedOnDisk {
  private GeneratedOnDisk() {}

  /** The names of the source files the processor generated, e.g. {@code q/Bad_Grad.java}. */
  static Set<String> generatedSources(List<JavaFileObject> sources) {
    try {
      Path out = Files.createTempDirectory("adjoint-generated");
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
        files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(out));
        files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
        JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostic -> { }, List.of("-proc:only"),
            null, sources);
        task.setProcessors(List.of(new AdjointProcessor()));
        task.call();
      }
      try (Stream<Path> walk = Files.walk(out)) {
        return walk.filter(p -> p.toString().endsWith(".java"))
            .map(p -> out.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
            .collect(Collectors.toSet());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
