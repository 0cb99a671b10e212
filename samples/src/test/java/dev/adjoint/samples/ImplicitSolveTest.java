package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A linear solve differentiated by its implicit-function VJP rule against differentiating the
 * solver's own sweeps (and against central differences): the same gradient, from one extra solve
 * instead of a reversed iteration.
 */
class ImplicitSolveTest {
  private static final int N = 6;

  @Test
  void ruleMatchesTheUnrolledSolverAndCentralDifferences() {
    double[][] a = ImplicitSolve.matrix(3, N);
    double[] b = {1.0, -2.0, 0.5, 3.0, -1.5, 0.25};
    double[] target = {0.1, 0.2, -0.3, 0.4, 0.0, -0.1};
    var rule = ImplicitSolve_Grad.loss(ArrayChecks.copy(a), b.clone(), target);
    var unrolled = ImplicitSolve_Grad.lossUnrolled(ArrayChecks.copy(a), b.clone(), target);
    assertEquals(unrolled.value(), rule.value(), 0.0);
    // The sweeps stop at a relative change of 1e-15: both derivatives are those of the exact solve.
    for (int i = 0; i < N; i++) {
      assertEquals(unrolled.b()[i], rule.b()[i], 1e-10 * Math.max(1, Math.abs(unrolled.b()[i])), "b[" + i + "]");
      for (int j = 0; j < N; j++) {
        assertEquals(unrolled.a()[i][j], rule.a()[i][j], 1e-10 * Math.max(1, Math.abs(unrolled.a()[i][j])),
            "a[" + i + "][" + j + "]");
      }
    }
    ArrayChecks.assertMatchesCentralDifferences(v -> ImplicitSolve.loss(a, v, target), b.clone(), rule.b(), "b");
    ArrayChecks.assertMatchesCentralDifferences(m -> ImplicitSolve.loss(m, b, target), a, rule.a(), "a");
  }

  @Test
  void closedFormForADiagonalSystem() {
    // A = diag(d): x_i = b_i / d_i, dl/db_i = 2 (x_i - t_i) / d_i, dl/dd_i = -2 (x_i - t_i) x_i / d_i.
    double[] d = {2.0, 4.0, 5.0};
    double[][] a = {{d[0], 0, 0}, {0, d[1], 0}, {0, 0, d[2]}};
    double[] b = {1.0, -2.0, 3.0};
    double[] target = {0.5, 0.5, 0.5};
    var g = ImplicitSolve_Grad.loss(a, b, target);
    for (int i = 0; i < 3; i++) {
      double x = b[i] / d[i];
      Checks.assertClose(2 * (x - target[i]) / d[i], g.b()[i], "b[" + i + "]");
      Checks.assertClose(-2 * (x - target[i]) * x / d[i], g.a()[i][i], "a[" + i + "][" + i + "]");
    }
  }

  @Test
  void theGeneratedReverseSweepCallsTheRuleOnce() throws Exception {
    String generated = java.nio.file.Files.readString(java.nio.file.Path.of(
        "target/generated-sources/annotations/dev/adjoint/samples/ImplicitSolve_Grad.java"));
    assertTrue(generated.contains("ImplicitSolve.solveVjp(a, b, x, xBar, aBar, bBar);"), generated);
  }
}
