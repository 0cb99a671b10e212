package dev.adjoint.samples;

import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * A linear solve inside a differentiable model, differentiated by the implicit function theorem
 * instead of through its iterations. {@link #solve} runs Gauss-Seidel sweeps until they
 * converge; differentiating those sweeps (as Adjoint does for {@link #lossUnrolled}) keeps every
 * sweep on the tape and reverses them all. But x = A^-1 b satisfies A x = b, so the reverse sweep
 * needs one more solve only: with lambda = A^-T xBar, bBar += lambda and ABar -= lambda x^T
 * ({@link #solveVjp}, a VJP rule that {@code @DerivativeOf} links to {@code solve}).
 *
 * <p>The model: a regularised least-squares fit of the solution to a target, {@code |A^-1 b -
 * target|^2}, where A is diagonally dominant (so Gauss-Seidel converges).
 */
public final class ImplicitSolve {
  private ImplicitSolve() {}

  /** Sweeps at most; each reduces the error by the matrix's dominance ratio. */
  static final int MAX_SWEEPS = 500;

  /** x with a x = b, by Gauss-Seidel sweeps until no component changes by more than 1e-15 relative. */
  public static double[] solve(double[][] a, double[] b) {
    return gaussSeidel(a, b);
  }

  /** The same solve, without a rule: Adjoint differentiates its sweeps. */
  public static double[] gaussSeidel(double[][] a, double[] b) {
    int n = b.length;
    double[] x = new double[n];
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double change = 0;
      double size = 0;
      for (int i = 0; i < n; i++) {
        double s = b[i];
        for (int j = 0; j < n; j++) {
          if (j != i) {
            s -= a[i][j] * x[j];
          }
        }
        double next = s / a[i][i];
        change = Math.max(change, Math.abs(next - x[i]));
        size = Math.max(size, Math.abs(next));
        x[i] = next;
      }
      if (change <= 1e-15 * size) {
        break;
      }
    }
    return x;
  }

  /** The implicit-function VJP of {@link #solve}: one solve with the transpose. */
  @DerivativeOf(value = ImplicitSolve.class, method = "solve")
  public static void solveVjp(double[][] a, double[] b, double[] x, double[] xBar, double[][] aBar, double[] bBar) {
    int n = b.length;
    double[][] transposed = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        transposed[i][j] = a[j][i];
      }
    }
    double[] lambda = gaussSeidel(transposed, xBar);
    for (int i = 0; i < n; i++) {
      bBar[i] += lambda[i];
      for (int j = 0; j < n; j++) {
        aBar[i][j] -= lambda[i] * x[j];
      }
    }
  }

  /** |A^-1 b - target|^2, through the rule. */
  @Differentiable
  public static double loss(double[][] a, double[] b, @NoDerivative double[] target) {
    double[] x = solve(a, b);
    return squaredDistance(x, target);
  }

  /** The same loss, through the solver's sweeps. */
  @Differentiable
  public static double lossUnrolled(double[][] a, double[] b, @NoDerivative double[] target) {
    double[] x = gaussSeidel(a, b);
    return squaredDistance(x, target);
  }

  /** |x - target|^2. */
  static double squaredDistance(double[] x, @NoDerivative double[] target) {
    double l = 0;
    for (int i = 0; i < x.length; i++) {
      l += (x[i] - target[i]) * (x[i] - target[i]);
    }
    return l;
  }

  /** An n x n diagonally dominant matrix with entries from a fixed generator. */
  public static double[][] matrix(long seed, int n) {
    java.util.Random random = new java.util.Random(seed);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      double off = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          a[i][j] = random.nextDouble() - 0.5;
          off += Math.abs(a[i][j]);
        }
      }
      a[i][i] = 2 * off + 1 + random.nextDouble();
    }
    return a;
  }
}
