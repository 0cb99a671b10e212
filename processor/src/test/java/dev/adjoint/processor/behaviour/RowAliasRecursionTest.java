package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;

/**
 * A recursive method whose local aliases a row of its array parameter ({@code double[] row =
 * m[i]}) cannot be split into forward and reverse halves (the row's adjoint lives in the caller's
 * adjoint array); its split "halves" were each the whole product, so every level ran the levels
 * below it twice: 2^d. It runs joint instead: polynomial in d.
 */
class RowAliasRecursionTest {
  static final String CLASS = "p.Rows";
  static final String MEMBERS =
      """
        static int calls;
        static int tick(int i) {
          calls++;
          return i;
        }
        @Differentiable static double rows(double[][] m, int i) {
          if (tick(i) == m.length) {
            return 0;
          }
          double[] row = m[i];
          return Math.sin(row[0] * row[1] + rows(m, i + 1));
        }
      """;

  private static DiffMethod m() {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, "rows");
  }

  private static double[][] matrix(int n) {
    double[][] m = new double[n][2];
    for (int i = 0; i < n; i++) {
      m[i][0] = Math.sin(0.7 * i + 0.3);
      m[i][1] = Math.cos(0.4 * i - 0.2);
    }
    return m;
  }

  @Test
  void gradientMatchesCentralDifferences() {
    m().at(matrix(5), 0).matchesCentralDifferences();
  }

  @Test
  void costIsPolynomialInTheDepth() throws ReflectiveOperationException {
    int depth = 18;
    DiffMethod rows = m();
    var calls = rows.userClass().getDeclaredField("calls");
    calls.setAccessible(true);
    calls.setInt(null, 0);
    rows.at(matrix(depth), 0).gradientRecord();
    int n = calls.getInt(null);
    // Joint mode reruns each level from every level above it: about d^2 ticks, not 2^d.
    assertTrue(n <= 2 * (depth + 1) * (depth + 2), "ticks at depth " + depth + ": " + n);
  }
}
