package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.BatchCompiler.Mode;
import dev.adjoint.processor.fuzz.BatchCompiler.Result;
import dev.adjoint.processor.fuzz.Harness.Oracle;
import dev.adjoint.processor.fuzz.Harness.Problem;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The oracles can fail: a hand-written {@code Batch_Grad} for one method, correct or with one
 * fault planted, compiled without the processor, must pass or fail exactly the oracle of its
 * fault.
 */
class HarnessTest {

  private static final String PRIMAL =
      """
      package fz;
      public final class Batch {
        public static double m0(double a, double b, double c, double[] v, double[][] m, int n) {
          return a * b + Math.sin(c) * v[1] + v[0] * m[1][2] + n;
        }
      }
      """;

  /** A correct gradient; each fault replaces one marked piece of it. */
  private static final String GRAD =
      """
      package fz;
      import dev.adjoint.runtime.Tape;
      public final class Batch_Grad {
        public record M0Gradient(double value, double a, double b, double c, double[] v, double[][] m) {}
        public static final class M0Adjoint {
          public double a, b, c;
          public double[] v;
          public double[][] m;
        }
        public static M0Gradient m0(double a, double b, double c, double[] v, double[][] m, int n) {
          M0Adjoint adj = new M0Adjoint();
          double value = m0Vjp(a, b, c, v, m, n, 1.0, adj);
          return new M0Gradient(value, adj.a, adj.b, adj.c, adj.v, adj.m);
        }
        public static double m0Vjp(double a, double b, double c, double[] v, double[][] m, int n,
            double seed, M0Adjoint adj) {
          if (adj.v == null) adj.v = new double[v.length];
          if (adj.m == null) {
            adj.m = new double[m.length][];
            for (int i = 0; i < m.length; i++) adj.m[i] = new double[m[i].length];
          }
          double value = a * b + Math.sin(c) * v[1] + v[0] * m[1][2] + n /*VALUE*/;
          /*TAPE*/
          /*THROW*/
          /*LOOP*/
          adj.a += seed * b;
          adj.b += seed * a /*PARTIAL*/;
          adj.c /*ADD*/+= seed * Math.cos(c) * v[1];
          adj.v[1] += seed * Math.sin(c);
          adj.v[0] += seed * m[1][2];
          adj.m[1][2] += seed * v[0];
          /*ARGUMENT*/
          return value;
        }
      }
      """;

  private static ClassLoader compile(String grad) {
    Result r = new BatchCompiler().compile(Map.of("fz.Batch", PRIMAL, "fz.Batch_Grad", grad), Mode.PLAIN);
    assertTrue(r.success(), r.describeErrors());
    return r.load(HarnessTest.class.getClassLoader());
  }

  private static Problem check(ClassLoader optimised, ClassLoader unoptimised) {
    var outcome =
        Watchdog.run(
            () -> Harness.check("fz.Batch", "m0", 0, optimised, unoptimised, 1L, 3, new Harness.Stats()),
            5_000);
    if (outcome.timedOut()) {
      return new Problem(Oracle.TIMEOUT, "", "");
    }
    assertNull(outcome.thrown());
    return outcome.value();
  }

  @Test
  void aCorrectGradientPassesEveryOracle() {
    ClassLoader ok = compile(GRAD);
    assertNull(check(ok, compile(GRAD)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/*PARTIAL*/  | * 1.001                                  | PARTIAL",
        "/*VALUE*/    | + 1e-15                                  | VALUE",
        "/*ADD*/+=    | =                                        | VJP_LINEARITY",
        "/*TAPE*/     | Tape.local().push(1.0);                  | TAPE",
        // Popping more than was pushed: an empty tape throws; under the harness's frame, the
        // sentinel below the call is taken instead.
        "/*TAPE*/     | Tape.local().popDouble();                | THREW",
        "/*TAPE*/     | if (seed != 1.0) Tape.local().popBoolean(); | TAPE",
        "/*THROW*/    | if (n >= 0) throw new IllegalStateException(\"planted\"); | THREW",
        "/*LOOP*/     | while (n >= 0) { Thread.onSpinWait(); }  | TIMEOUT",
        "/*ARGUMENT*/ | v[0] = 7;                                | ARGUMENT_CHANGED",
      })
  void aPlantedFaultFailsItsOracle(String marker, String replacement, Oracle expected) {
    ClassLoader faulty = compile(GRAD.replace(marker, replacement));
    Problem p = check(faulty, null);
    assertEquals(expected, p == null ? null : p.oracle(), String.valueOf(p));
  }

  @Test
  void anUnoptimisedGradientThatDiffersIsCaught() {
    ClassLoader ok = compile(GRAD);
    ClassLoader other = compile(GRAD.replace("/*PARTIAL*/", "* (1 + 1e-9)"));
    Problem p = check(ok, other);
    assertEquals(Oracle.OPT_VS_UNOPT, p == null ? null : p.oracle(), String.valueOf(p));
  }
}
