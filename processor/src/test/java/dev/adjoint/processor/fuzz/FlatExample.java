package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Assign;
import dev.adjoint.processor.fuzz.Ast.Binary;
import dev.adjoint.processor.fuzz.Ast.Block;
import dev.adjoint.processor.fuzz.Ast.Call;
import dev.adjoint.processor.fuzz.Ast.Decl;
import dev.adjoint.processor.fuzz.Ast.Expr;
import dev.adjoint.processor.fuzz.Ast.ExprStmt;
import dev.adjoint.processor.fuzz.Ast.For;
import dev.adjoint.processor.fuzz.Ast.Lit;
import dev.adjoint.processor.fuzz.Ast.Method;
import dev.adjoint.processor.fuzz.Ast.Name;
import dev.adjoint.processor.fuzz.Ast.Param;
import dev.adjoint.processor.fuzz.Ast.Program;
import dev.adjoint.processor.fuzz.Ast.Return;
import dev.adjoint.processor.fuzz.Ast.Step;
import dev.adjoint.processor.fuzz.Ast.Ty;
import java.util.List;

/**
 * A method whose central differences are wrong, reduced from the fuzzer's m40004 (seed 1):
 *
 * <pre>
 * for (int i = 0; i &lt; 12; i++) {
 *   c = (++a) * Math.acos(Math.tanh(c));
 * }
 * return b + c;
 * </pre>
 *
 * c grows to about 18, where tanh(c) is 1 - 1e-15 and rounds to the same double over ranges of
 * c far wider than the steps of central differences: they see acos(tanh(c)) flat and miss the
 * path of d/da through c (1.57078 instead of 1.57092 at {@link #POINT}), which Adjoint and
 * forward mode both follow.
 */
final class FlatExample {
  static final String METHOD = "m0";

  /** Arguments (a, b, c, v, m, n) where central differences in a are off by 1e-4. */
  static final Object[] POINT = {
    -0.6438903067256505, 0.5, 0.08079412956759291, new double[] {0.1, 0.2, 0.3},
    new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 2
  };

  private FlatExample() {}

  static Program program() {
    Expr a = new Name(Ty.DOUBLE, "a");
    Expr c = new Name(Ty.DOUBLE, "c");
    Expr i = new Name(Ty.INT, "i");
    Expr acos =
        new Call(Ty.DOUBLE, "Math.acos", List.of(new Call(Ty.DOUBLE, "Math.tanh", List.of(c.copy()))));
    Expr update = new Assign(c.copy(), "=", new Binary(Ty.DOUBLE, "*", new Step(a, "++", true), acos));
    For loop =
        new For(
            null,
            new Decl(Ty.INT, "i", new Lit(Ty.INT, "0")),
            new Binary(Ty.BOOLEAN, "<", i, new Lit(Ty.INT, "12")),
            new Step(i.copy(), "++", false),
            new Block(List.of(new ExprStmt(update))));
    Expr result = new Binary(Ty.DOUBLE, "+", new Name(Ty.DOUBLE, "b"), c.copy());
    Method m =
        new Method(
            METHOD,
            true,
            Ty.DOUBLE,
            List.of(
                new Param(Ty.DOUBLE, "a", false),
                new Param(Ty.DOUBLE, "b", false),
                new Param(Ty.DOUBLE, "c", false),
                new Param(Ty.DARR, "v", false),
                new Param(Ty.DARR2, "m", false),
                new Param(Ty.INT, "n", false)),
            new Block(List.of(loop, new Return(result).kept(true))));
    return new Program(Generator.PKG, Generator.CLASS, List.of(m));
  }
}
