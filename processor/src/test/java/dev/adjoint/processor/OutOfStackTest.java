package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} while a method is differentiated (here a real {@link StackOverflowError}: the
 * processor's thread is given the smallest stack the JVM allows, and a 1,000-term sum to read)
 * becomes a compile error on that method, naming it and saying what to do; nothing is thrown
 * into javac (which would print "An annotation processor threw an uncaught exception" and a
 * trace), and the other methods of the compilation are differentiated without error.
 */
class OutOfStackTest {

  private static final long SMALLEST_STACK = 1;

  @Test
  void aStackOverflowIsAnErrorOnTheMethod() {
    StringBuilder sum = new StringBuilder("x");
    for (int k = 1; k < 1000; k++) {
      sum.append(" + ").append(k).append(" * x");
    }
    JavaFileObject deep = JavaFileObjects.forSourceString("p.Deep", """
        package p;
        class Deep {
          @dev.adjoint.Differentiable
          static double sum(double x) {
            return %s;
          }
        }
        """.formatted(sum));
    JavaFileObject small = JavaFileObjects.forSourceString("p.Small", """
        package p;
        class Small {
          @dev.adjoint.Differentiable
          static double f(double x) { return x * x; }
        }
        """);
    Compilation compilation = javac().withProcessors(new AdjointProcessor(SMALLEST_STACK)).compile(deep, small);

    assertThat(compilation).failed();
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(1, errors.size(), () -> "one error, none for Small: " + errors);
    Diagnostic<? extends JavaFileObject> error = errors.get(0);
    String message = error.getMessage(Locale.ROOT);
    assertTrue(message.contains("ran out of stack differentiating Deep.sum"), message);
    assertTrue(message.contains("split it into several statements"), message);
    assertTrue(error.getSource().getName().endsWith("Deep.java"), () -> "on Deep: " + error);
    assertEquals(4, error.getLineNumber(), () -> "on the method's declaration: " + error);
    assertTrue(compilation.diagnostics().stream().noneMatch(d -> d.getMessage(Locale.ROOT).contains("uncaught")),
        () -> "no uncaught exception: " + compilation.diagnostics());
  }

  @Test
  void theDefaultStackReadsTheSameMethod() {
    // The control: with the processor's own stack, the same 1,000 terms differentiate.
    StringBuilder sum = new StringBuilder("x");
    for (int k = 1; k < 1000; k++) {
      sum.append(" + ").append(k).append(" * x");
    }
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(
        JavaFileObjects.forSourceString("p.Deep", """
            package p;
            class Deep {
              @dev.adjoint.Differentiable
              static double sum(double x) {
                return %s;
              }
            }
            """.formatted(sum)));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("p.Deep_Grad");
  }
}
