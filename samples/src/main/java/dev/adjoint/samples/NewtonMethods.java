package dev.adjoint.samples;

/**
 * Newton's method on generated second derivatives: truncated Newton (Newton-CG), which solves
 * each Newton system approximately by conjugate gradients on Hessian-vector products
 * ({@code Rosenbrock_Grad.valueHvp}: forward mode over the gradient's reverse mode, never the
 * Hessian), and a dense Newton method on the whole Hessian ({@code valueHessian}) for small
 * problems. Both with a backtracking (Armijo) line search, as in Nocedal and Wright's
 * "Numerical Optimization", algorithms 7.1 and 3.2.
 *
 * <p>Run: {@code mvn -q -pl samples -am compile exec:java -Dexec.mainClass=dev.adjoint.samples.NewtonMethods}
 */
public final class NewtonMethods {
  private NewtonMethods() {}

  /** Where a minimiser stopped: the point, its value and gradient norm, and how it got there. */
  public record Result(double[] x, double value, double gradientNorm, int iterations, int hessianProducts) {}

  /** Newton-CG from {@code x0} until the gradient norm is below {@code tolerance}. */
  public static Result truncatedNewton(double[] x0, double tolerance, int maxIterations, boolean print) {
    double[] x = x0.clone();
    int products = 0;
    for (int k = 0; ; k++) {
      var g = Rosenbrock_Grad.value(x);
      double norm = norm(g.x());
      if (print && (k % 10 == 0 || norm < 1e-2)) {
        System.out.printf("  iteration %2d: f = %-22.15g |gradient| = %.3e  (%d Hessian-vector products so far)%n", k,
            g.value(), norm, products);
      }
      if (norm < tolerance || k == maxIterations) {
        return new Result(x, g.value(), norm, k, products);
      }
      // Solve H p = -g to a relative residual min(0.5, sqrt|g|) by conjugate gradients, stopping
      // at a direction of negative curvature (then the last iterate, or -g, is still descent).
      double eta = Math.min(0.5, Math.sqrt(norm));
      double[] p = new double[x.length];
      double[] r = g.x().clone();
      double[] d = negate(r);
      for (int j = 0; j < x.length; j++) {
        double[] hd = Rosenbrock_Grad.valueHvp(x, d).hvp().x();
        products++;
        double curvature = dot(d, hd);
        if (curvature <= 0) {
          if (j == 0) {
            p = negate(g.x());
          }
          break;
        }
        double rr = dot(r, r);
        double alpha = rr / curvature;
        axpy(alpha, d, p);
        axpy(alpha, hd, r);
        if (norm(r) < eta * norm) {
          break;
        }
        double beta = dot(r, r) / rr;
        for (int i = 0; i < d.length; i++) {
          d[i] = -r[i] + beta * d[i];
        }
      }
      x = lineSearch(x, g.value(), g.x(), p);
    }
  }

  /** Newton's method on the dense Hessian, shifted by a multiple of the identity until it is positive definite. */
  public static Result denseNewton(double[] x0, double tolerance, int maxIterations, boolean print) {
    double[] x = x0.clone();
    for (int k = 0; ; k++) {
      var g = Rosenbrock_Grad.value(x);
      double norm = norm(g.x());
      if (print && (k % 5 == 0 || norm < 1e-2)) {
        System.out.printf("  iteration %2d: f = %-22.15g |gradient| = %.3e%n", k, g.value(), norm);
      }
      if (norm < tolerance || k == maxIterations) {
        return new Result(x, g.value(), norm, k, k * x.length);
      }
      double[][] h = Rosenbrock_Grad.valueHessian(x);
      double[] p = null;
      for (double shift = 0; p == null; shift = Math.max(2 * shift, 1e-3)) {
        p = choleskySolve(h, shift, negate(g.x()));
      }
      x = lineSearch(x, g.value(), g.x(), p);
    }
  }

  /** The first of 1, 1/2, 1/4, ... that decreases f enough along a descent direction p. */
  private static double[] lineSearch(double[] x, double f, double[] g, double[] p) {
    double slope = dot(g, p);
    for (double step = 1; ; step /= 2) {
      double[] next = x.clone();
      axpy(step, p, next);
      if (Rosenbrock.value(next) <= f + 1e-4 * step * slope || step < 1e-12) {
        return next;
      }
    }
  }

  /** (H + shift I) p = b by Cholesky; null if that matrix is not positive definite. */
  static double[] choleskySolve(double[][] h, double shift, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = h[i][j] + (i == j ? shift : 0);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (s <= 0) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] p = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * p[k];
      }
      p[i] = s / l[i][i];
    }
    return p;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double[] negate(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  public static void main(String[] args) {
    System.out.println("Truncated Newton (conjugate gradients on valueHvp), extended Rosenbrock, n = 1000,"
        + " from (-1.2, 1, ...):");
    Result r = truncatedNewton(Rosenbrock.start(1000), 1e-8, 100, true);
    System.out.printf("  %d iterations, %d Hessian-vector products, final |gradient| = %.3e, max |x - 1| = %.3e%n",
        r.iterations(), r.hessianProducts(), r.gradientNorm(), maxDistanceFromOne(r.x()));
    System.out.println("Dense Newton on valueHessian, n = 10:");
    Result d = denseNewton(Rosenbrock.start(10), 1e-10, 100, true);
    System.out.printf("  %d iterations, final |gradient| = %.3e, max |x - 1| = %.3e%n", d.iterations(),
        d.gradientNorm(), maxDistanceFromOne(d.x()));
  }

  static double maxDistanceFromOne(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v - 1));
    }
    return m;
  }
}
