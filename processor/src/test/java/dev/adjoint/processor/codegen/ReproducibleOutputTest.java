package dev.adjoint.processor.codegen;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import org.junit.jupiter.api.Test;

/**
 * The same source gives the same generated class, character for character, in every compilation:
 * builds are reproducible, build caches hit, and a reviewer's diff shows only what changed. The
 * method keeps several work arrays in its adjoint object, whose fields were once printed in an
 * order that followed identity hashes.
 */
class ReproducibleOutputTest {
  private static final String SOURCE = """
      package r;

      import dev.adjoint.Differentiable;

      final class Work {
        @Differentiable
        static double loss(double[] x, int n) {
          double[] a = new double[n];
          double[] b = new double[n];
          double[] c = new double[n];
          double[] d = new double[n];
          double[] e = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = Math.sin(x[i]);
            b[i] = a[i] * x[i];
            c[i] = Math.exp(b[i]);
            d[i] = c[i] * a[i];
            e[i] = d[i] + b[i] * c[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += e[i] * a[i] + d[i];
          }
          return s;
        }
      }
      """;

  @Test
  void theSameSourceGivesTheSameClassEveryTime() throws Exception {
    String first = generated();
    for (int k = 0; k < 5; k++) {
      assertEquals(first, generated());
    }
  }

  /** A fresh compilation each time: a cached one would prove nothing. */
  private static String generated() throws Exception {
    Compilation c = javac().withProcessors(new AdjointProcessor())
        .compile(JavaFileObjects.forSourceString("r.Work", SOURCE));
    return c.generatedSourceFile("r.Work_Grad").orElseThrow().getCharContent(true).toString();
  }
}
