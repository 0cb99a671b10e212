package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.fuzz.Ast.Binary;
import dev.adjoint.processor.fuzz.Ast.Block;
import dev.adjoint.processor.fuzz.Ast.Call;
import dev.adjoint.processor.fuzz.Ast.Expr;
import dev.adjoint.processor.fuzz.Ast.Index;
import dev.adjoint.processor.fuzz.Ast.Lit;
import dev.adjoint.processor.fuzz.Ast.Name;
import dev.adjoint.processor.fuzz.Ast.Param;
import dev.adjoint.processor.fuzz.Ast.Program;
import dev.adjoint.processor.fuzz.Ast.Return;
import dev.adjoint.processor.fuzz.Ast.Ty;
import dev.adjoint.processor.fuzz.BatchCompiler.Mode;
import dev.adjoint.processor.fuzz.BatchCompiler.Result;
import dev.adjoint.processor.fuzz.Harness.Oracle;
import dev.adjoint.processor.fuzz.Harness.Problem;
import java.util.List;
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

  /** PRIMAL as an instance method, which reads a field of the object it is called on. */
  private static final String INSTANCE_PRIMAL =
      PRIMAL.replace("public static double m0(", "final double k = 1.5;\n  public double m0(")
          .replace("return a * b", "return k * a * b");

  /** A gradient of INSTANCE_PRIMAL: {@code grad}'s methods taking the receiver first. */
  private static String onReceiver(String grad) {
    return grad.replace("m0(double a", "m0(Batch batch, double a")
        .replace("m0Vjp(double a", "m0Vjp(Batch batch, double a")
        .replace("m0Vjp(a, b", "m0Vjp(batch, a, b")
        .replace("double value = a * b", "double value = batch.k * a * b")
        .replace("adj.a += seed * b;", "adj.a += seed * batch.k * b;")
        .replace("adj.b += seed * a", "adj.b += seed * batch.k * a");
  }

  private static ClassLoader compile(String grad) {
    return compile(PRIMAL, grad);
  }

  private static ClassLoader compile(String primal, String grad) {
    Result r = new BatchCompiler().compile(Map.of("fz.Batch", primal, "fz.Batch_Grad", grad), Mode.PLAIN);
    assertTrue(r.success(), r.describeErrors());
    return r.load(HarnessTest.class.getClassLoader());
  }

  private static Problem check(ClassLoader optimised, ClassLoader unoptimised) {
    return check(null, optimised, unoptimised);
  }

  /** With {@code program} for forward mode (null: none). */
  private static Problem check(Program program, ClassLoader optimised, ClassLoader unoptimised) {
    var outcome =
        Watchdog.run(
            () -> Harness.check(program, "fz.Batch", "m0", 0, optimised, unoptimised, 1L, 3, new Harness.Stats()),
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
  void anInstanceMethodAndItsGeneratedMethodsAreCalledOnAnObjectOfTheClass() {
    assertNull(check(compile(INSTANCE_PRIMAL, onReceiver(GRAD)), compile(INSTANCE_PRIMAL, onReceiver(GRAD))));
    Problem p = check(compile(INSTANCE_PRIMAL, onReceiver(GRAD).replace("/*PARTIAL*/", "* 1.001")), null);
    assertEquals(Oracle.PARTIAL, p == null ? null : p.oracle(), String.valueOf(p));
  }

  @Test
  void anUnoptimisedGradientThatDiffersIsCaught() {
    ClassLoader ok = compile(GRAD);
    ClassLoader other = compile(GRAD.replace("/*PARTIAL*/", "* (1 + 1e-9)"));
    Problem p = check(ok, other);
    assertEquals(Oracle.OPT_VS_UNOPT, p == null ? null : p.oracle(), String.valueOf(p));
  }

  /**
   * PRIMAL's method as the fuzzer's AST, for forward mode: {@code a * b + Math.sin(c) * v[1] +
   * v[0] * m[1][2] + n}, with {@code n} replaced by {@code last} (to make the AST lie).
   */
  private static Program primalAst(Expr last) {
    Expr v = new Name(Ty.DARR, "v");
    Expr m = new Name(Ty.DARR2, "m");
    Expr sum =
        new Binary(Ty.DOUBLE, "+",
            new Binary(Ty.DOUBLE, "+",
                new Binary(Ty.DOUBLE, "+",
                    new Binary(Ty.DOUBLE, "*", new Name(Ty.DOUBLE, "a"), new Name(Ty.DOUBLE, "b")),
                    new Binary(Ty.DOUBLE, "*",
                        new Call(Ty.DOUBLE, "Math.sin", List.of(new Name(Ty.DOUBLE, "c"))),
                        new Index(Ty.DOUBLE, v, new Lit(Ty.INT, "1")))),
                new Binary(Ty.DOUBLE, "*",
                    new Index(Ty.DOUBLE, v.copy(), new Lit(Ty.INT, "0")),
                    new Index(Ty.DOUBLE, new Index(Ty.DARR, m, new Lit(Ty.INT, "1")), new Lit(Ty.INT, "2")))),
            last);
    Ast.Method m0 =
        new Ast.Method("m0", true, Ty.DOUBLE,
            List.of(new Param(Ty.DOUBLE, "a", false), new Param(Ty.DOUBLE, "b", false),
                new Param(Ty.DOUBLE, "c", false), new Param(Ty.DARR, "v", false),
                new Param(Ty.DARR2, "m", false), new Param(Ty.INT, "n", false)),
            new Block(List.of(new Return(sum))));
    return new Program("fz", "Batch", List.of(m0));
  }

  @Test
  void aWrongPartialStaysWrongWhenForwardModeDisagreesToo() {
    Problem p = check(primalAst(new Name(Ty.INT, "n")), compile(GRAD.replace("/*PARTIAL*/", "* 1.001")), null);
    assertEquals(Oracle.PARTIAL, p == null ? null : p.oracle(), String.valueOf(p));
    assertTrue(p.detail().contains("forward mode gives"), p.detail());
  }

  @Test
  void aForwardModeThatComputesAnotherValueIsAHarnessFault() {
    Expr wrong = new Binary(Ty.INT, "+", new Name(Ty.INT, "n"), new Lit(Ty.INT, "1"));
    Problem p = check(primalAst(wrong), compile(GRAD.replace("/*PARTIAL*/", "* 1.001")), null);
    assertEquals(Oracle.GENERATOR, p == null ? null : p.oracle(), String.valueOf(p));
    assertEquals("forward", p.key());
  }

  /**
   * The fuzzer's false failure (m40004 of seed 1, reduced): at one of seed 2's points both
   * step sizes of central differences miss a path through a tanh that rounds to the same double
   * over their steps. Forward mode agrees with Adjoint and settles it; without the AST the
   * harness reports it as before.
   */
  @Test
  void forwardModeSettlesAPartialCentralDifferencesGetWrong() {
    Program p = FlatExample.program();
    Result r = new BatchCompiler().compile(p.fqcn(), Printer.program(Probes.instrument(p)), Mode.OPTIMISED);
    assertTrue(r.success(), r.describeErrors());
    ClassLoader loader = r.load(HarnessTest.class.getClassLoader());
    Harness.Stats stats = new Harness.Stats();
    assertNull(Harness.check(p, p.fqcn(), FlatExample.METHOD, 0, loader, null, 2L, 3, stats));
    assertEquals(1, stats.partialsSettledByForwardMode);
    Problem without = Harness.check(p.fqcn(), FlatExample.METHOD, 0, loader, null, 2L, 3, new Harness.Stats());
    assertEquals(Oracle.PARTIAL, without == null ? null : without.oracle(), String.valueOf(without));
  }
}
