package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Users' derivative rules ({@code @DerivativeOf}): JVP rules of library functions without
 * source (one and two double parameters, an int parameter), a JVP rule replacing the derivative
 * of a method with source (a stable logsumexp), and VJP rules of array functions (a linear solve
 * by the implicit function theorem, a dot product). Each gradient is checked against central
 * differences of the primal, which runs the library functions themselves (so a rule that
 * disagrees with its function fails), and against a closed form; forward mode against reverse.
 */
class CustomDerivativesTest {
  static final String LIB =
      """
      package p;

      /** A library: no @Differentiable, and not in the callers' file, so without rules not differentiable. */
      public final class Lib {
        public static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        public static double powi(double x, int n) {
          double r = 1;
          for (int i = 0; i < n; i++) {
            r *= x;
          }
          return r;
        }

        public static double hyp(double a, double b) {
          return Math.sqrt(a * a + b * b);
        }

        /** The solution of the 2x2 system a x = b, by Cramer's rule. */
        public static double[] solve(double[][] a, double[] b) {
          double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
          return new double[] {(b[0] * a[1][1] - a[0][1] * b[1]) / det, (a[0][0] * b[1] - b[0] * a[1][0]) / det};
        }

        public static double softsign(double x) {
          return x / (1 + Math.abs(x));
        }

        public static double dot(double[] u, double[] v) {
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
          }
          return s;
        }
      }
      """;

  static final String RULES =
      """
      package p;

      import dev.adjoint.DerivativeOf;
      import dev.adjoint.Differentiable;

      /** JVP rules that are @Differentiable themselves give second order its derivatives. */
      public final class Rules {
        @DerivativeOf(value = Lib.class, method = "softplus")
        @Differentiable public static double softplusJvp(double x, double xDot) {
          return xDot / (1 + Math.exp(-x));
        }

        @DerivativeOf(value = Lib.class, method = "powi")
        @Differentiable static double powiJvp(double x, int n, double xDot) {
          return n * Lib.powi(x, n - 1) * xDot;
        }

        @DerivativeOf(value = Lib.class, method = "hyp")
        @Differentiable static double hypJvp(double a, double b, double aDot, double bDot) {
          return (a * aDot + b * bDot) / Lib.hyp(a, b);
        }

        // x = A^-1 b: bBar += A^-T xBar, ABar -= (A^-T xBar) x^T.
        @DerivativeOf(value = Lib.class, method = "solve")
        static void solveVjp(double[][] a, double[] b, double[] x, double[] xBar, double[][] aBar, double[] bBar) {
          double[][] transposed = {{a[0][0], a[1][0]}, {a[0][1], a[1][1]}};
          double[] lambda = Lib.solve(transposed, xBar);
          for (int i = 0; i < 2; i++) {
            bBar[i] += lambda[i];
            for (int j = 0; j < 2; j++) {
              aBar[i][j] -= lambda[i] * x[j];
            }
          }
        }

        // Not @Differentiable: first order only.
        @DerivativeOf(value = Lib.class, method = "softsign")
        static double softsignJvp(double x, double xDot) {
          return xDot / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
        }

        // Without the result: the rule's form without it.
        @DerivativeOf(value = Lib.class, method = "dot")
        static void dotVjp(double[] u, double[] v, double sBar, double[] uBar, double[] vBar) {
          for (int i = 0; i < u.length; i++) {
            uBar[i] += sBar * v[i];
            vBar[i] += sBar * u[i];
          }
        }

        // Stable where the method's own derivative, exp(a) / (exp(a) + exp(b)), is inf / inf.
        @DerivativeOf(value = Model.class, method = "logsumexp")
        @Differentiable static double logsumexpJvp(double a, double b, double aDot, double bDot) {
          double m = Math.max(a, b);
          double ea = Math.exp(a - m);
          double eb = Math.exp(b - m);
          return (ea * aDot + eb * bDot) / (ea + eb);
        }
      }
      """;

  static final String MODEL =
      """
      package p;

      import dev.adjoint.Differentiable;

      final class Model {
        @Differentiable
        static double logsumexp(double a, double b) {
          double m = Math.max(a, b);
          return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
        }

        // sum_i softplus(a i - b) + a^3 hyp(a, b + i), plus logsumexp(a, b): rules in a loop.
        @Differentiable
        static double scalars(double a, double b) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += Lib.softplus(a * i - b) + Lib.powi(a, 3) * Lib.hyp(a, b + i);
          }
          return s + logsumexp(a, b);
        }

        @Differentiable
        static double firstOrderOnly(double x) {
          return Lib.softsign(x * x);
        }

        // x = m^-1 r; x0 x1 + |x|^2 + w . r
        @Differentiable
        static double solved(double[][] m, double[] r) {
          double[] x = Lib.solve(m, r);
          double[] w = {1.0, 2.0};
          return x[0] * x[1] + Lib.dot(x, x) + Lib.dot(w, r);
        }

        // The rule reads m and r in the reverse sweep, after the method has overwritten them, and
        // x is written after the solve: what it reads must be their values at the call.
        @Differentiable
        static double overwritten(double[][] m, double[] r) {
          double[] x = Lib.solve(m, r);
          double first = x[0];
          x[0] = 3 * x[1];
          m[0][0] = 2 * m[1][1];
          r[0] = r[1] * r[1];
          double[] y = Lib.solve(m, r);
          return first * x[0] + y[0] * y[1] + Lib.dot(x, r);
        }

        // The same by the solver's own arithmetic, which Adjoint differentiates: the reference.
        @Differentiable
        static double unrolled(double[][] a, double[] b) {
          double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
          double x0 = (b[0] * a[1][1] - a[0][1] * b[1]) / det;
          double x1 = (a[0][0] * b[1] - b[0] * a[1][0]) / det;
          return x0 * x1 + x0 * x0 + x1 * x1 + b[0] + 2 * b[1];
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile(List.of(AdjointCompiler.source("p.Lib", LIB),
        AdjointCompiler.source("p.Rules", RULES), AdjointCompiler.source("p.Model", MODEL)));
  }

  private static DiffMethod m(String name) {
    return compiled().method("p.Model", name);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7", "1.2, 0.4", "-0.8, 2.5"})
  void jvpRulesOfLibraryFunctions(double a, double b) {
    double da = 0;
    double db = 0;
    for (int i = 0; i < 3; i++) {
      double h = Math.hypot(a, b + i);
      da += i * sigmoid(a * i - b) + 3 * a * a * h + a * a * a * a / h;
      db += -sigmoid(a * i - b) + a * a * a * (b + i) / h;
    }
    double ea = Math.exp(a);
    double eb = Math.exp(b);
    da += ea / (ea + eb);
    db += eb / (ea + eb);
    // Central differences run Lib's functions: a rule that disagreed with its function would fail.
    m("scalars").at(a, b).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent()
        .hasClosedFormGradient(da, db);
    assertTrue(m("scalars").jvpMethod() != null, "forward mode goes through JVP rules");
    // Second order differentiates the partials the rules give, through the rules' own JVPs (the
    // harness checks mHvp against central differences of the gradient).
    assertTrue(m("scalars").hvpMethod() != null, "second order goes through @Differentiable rules");
  }

  @ParameterizedTest
  @CsvSource({"0.6", "-1.1"})
  void aRuleThatIsNotDifferentiableGivesFirstOrderOnly(double x) {
    double u = x * x;
    m("firstOrderOnly").at(x).valueMatchesPrimal().matchesCentralDifferences()
        .hasClosedFormGradient(2 * x / ((1 + u) * (1 + u)));
    assertTrue(m("firstOrderOnly").jvpMethod() != null);
    assertNull(m("firstOrderOnly").hvpMethod());
  }

  @Test
  void aRuleReplacesTheGeneratedDerivativeOfAMethodWithSource() {
    // At a = 1000 the method's own arithmetic is stable, but the rule is what its _Grad uses.
    String grad = compiled().generatedMethod("p.Model_Grad", "logsumexpVjp");
    assertTrue(grad.contains("Rules.logsumexpJvp(a, b, 1.0, 0.0)"), grad);
    m("logsumexp").at(1000.0, 999.0).valueMatchesPrimal().hasClosedFormGradient(sigmoid(1), sigmoid(-1));
    m("logsumexp").at(0.5, -0.25).valueMatchesPrimal().matchesCentralDifferences()
        .hasClosedFormGradient(sigmoid(0.75), sigmoid(-0.75));
  }

  @ParameterizedTest
  @CsvSource({"2.0, 0.5, -0.3, 1.5, 1.0, -2.0", "1.0, 0.2, 0.4, 3.0, -0.5, 0.7"})
  void vjpRuleOfALinearSolveMatchesTheUnrolledSolver(double a00, double a01, double a10, double a11, double b0,
      double b1) {
    double[][] a = {{a00, a01}, {a10, a11}};
    double[] b = {b0, b1};
    var solved = m("solved").at(a, b).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
    var unrolled = m("unrolled").at(a, b).valueMatchesPrimal().matchesCentralDifferences();
    assertEquals(unrolled.value(), solved.value(), 1e-12 * Math.abs(unrolled.value()));
    solved.hasPartialsOf(unrolled, 1e-10);
    // A VJP rule gives no tangents: no mJvp, as JAX's custom_vjp.
    assertNull(m("solved").jvpMethod());
  }

  @ParameterizedTest
  @CsvSource({"2.0, 0.5, -0.3, 1.5, 1.0, -2.0", "1.0, 0.2, 0.4, 3.0, -0.5, 0.7"})
  void aVjpRuleSeesItsArgumentsAsTheCallGaveThem(double a00, double a01, double a10, double a11, double b0,
      double b1) {
    // Arguments and result overwritten after the calls: central differences of the method decide.
    m("overwritten").at(new double[][] {{a00, a01}, {a10, a11}}, new double[] {b0, b1}).valueMatchesPrimal()
        .matchesCentralDifferences().vjpIsConsistent();
  }

  @Test
  void theVjpRuleTakesTheCallersAdjointArrays() {
    String vjp = compiled().generatedMethod("p.Model_Grad", "solvedVjp");
    assertTrue(vjp.contains("Rules.solveVjp(m, r, "), vjp);
    assertTrue(vjp.contains("Rules.dotVjp(x, x, seed, xBar, xBar)"), vjp);
  }

  @ParameterizedTest
  @CsvSource({"0.7", "-1.3"})
  void theRulesAgreeWithTheirFunctions(double x) throws Exception {
    // Each JVP rule with a unit tangent against central differences of the function it describes.
    Class<?> lib = compiled().load("p.Lib");
    Class<?> rules = compiled().load("p.Rules");
    Method softplus = lib.getMethod("softplus", double.class);
    Method softplusJvp = rules.getMethod("softplusJvp", double.class, double.class);
    double fd = Numeric.centralDifference(t -> invoke(softplus, t), x).derivative();
    assertEquals(fd, (double) softplusJvp.invoke(null, x, 1.0), 1e-8);
    Method hyp = lib.getMethod("hyp", double.class, double.class);
    Method hypJvp = rules.getDeclaredMethod("hypJvp", double.class, double.class, double.class, double.class);
    hypJvp.setAccessible(true);
    double dHyp = Numeric.centralDifference(t -> invoke(hyp, t, 0.6), x).derivative();
    assertEquals(dHyp, (double) hypJvp.invoke(null, x, 0.6, 1.0, 0.0), 1e-8);
  }

  private static double invoke(Method m, Object... args) {
    try {
      return (double) m.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
