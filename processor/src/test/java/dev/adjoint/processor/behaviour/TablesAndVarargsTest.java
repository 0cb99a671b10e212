package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Everyday Java around the numbers: {@code static final} arrays of constants (tables of the
 * class or of another, read by element and length: constants, as in the primal; private ones of
 * literals, which the generated class copies), {@code
 * double...} parameters (of a {@code @Differentiable} method, and of helpers, called with the
 * trailing arguments gathered or with an array), and static methods of interfaces. Each against
 * central differences and a closed form.
 */
class TablesAndVarargsTest {
  static final String CLASS = "p.Everyday";
  static final String MEMBERS =
      """
        static final double[] W = {0.5, -1.0, 2.0};
        static final double[][] M = {{1.0, 2.0}, {3.0, 4.0}};
        static final int[] ORDER = {2, 0, 1};
        // Private: the generated class holds a copy of each.
        private static final double[] COEFFS = {1.5, -0.5, +0.25};
        private static final double[][] GRID = {{1, -2}, {3, 4}};

        // 1.5 + (-0.5) x + 0.25 x^2 (Horner over the private table), times GRID[1][0] + GRID.length
        @Differentiable static double privateTables(double x) {
          double p = 0;
          for (int i = COEFFS.length - 1; i >= 0; i--) {
            p = p * x + COEFFS[i];
          }
          return p * (GRID[1][0] + GRID.length + GRID[0].length);
        }

        // sum_i W[i] x[ORDER[i]]^2 + M[1][0] x0 x1 + (number of rows of M) x2
        @Differentiable static double tables(double[] x) {
          double s = 0;
          for (int i = 0; i < W.length; i++) {
            s += W[i] * x[ORDER[i]] * x[ORDER[i]];
          }
          return s + M[1][0] * x[0] * x[1] + M.length * x[2] + Coefficients.SCALE[0] * x[0];
        }

        // sum of squares of xs
        @Differentiable static double norm2(double... xs) {
          double s = 0;
          for (double v : xs) {
            s += v * v;
          }
          return s;
        }

        static double weighted(double w, double... xs) {
          double s = 0;
          for (int i = 0; i < xs.length; i++) {
            s += w * (i + 1) * xs[i];
          }
          return s;
        }

        // norm2(a, 2b, 3) + weighted(a, b, a b) + norm2(v), with v = {a, b}
        @Differentiable static double gathered(double a, double b) {
          double[] v = {a, b};
          return norm2(a, 2 * b, 3) + weighted(a, b, a * b) + norm2(v) + weighted(b);
        }

        // An interface's static methods: Curve.height(t) = t^3, Curve.scaled(t, 2) = 2 sin t.
        @Differentiable static double onCurve(double t) {
          return Curve.height(t) + Curve.scaled(t, 2);
        }
      """;

  static final String OTHERS =
      """
        package p;

        import dev.adjoint.Differentiable;

        final class Coefficients {
          static final double[] SCALE = {7.0};
        }

        interface Curve {
          @Differentiable
          static double height(double t) {
            return t * t * t;
          }

          @Differentiable
          static double scaled(double t, double k) {
            return k * Math.sin(t);
          }
        }
        """;

  private static Compiled compiled() {
    return AdjointCompiler.compile(List.of(AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)),
        AdjointCompiler.source("p.Coefficients", OTHERS)));
  }

  private static DiffMethod m(String name) {
    return compiled().method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.1", "-1.2, 0.4, 0.0"})
  void tablesAreConstants(double x0, double x1, double x2) {
    // d/dx0: 2 W[1] x0 + 3 x1 + 7; d/dx1: 2 W[2] x1 + 3 x0; d/dx2: 2 W[0] x2 + 2.
    m("tables").at((Object) new double[] {x0, x1, x2}).valueMatchesPrimal().matchesCentralDifferences()
        .vjpIsConsistent().hasClosedFormArrayGradient(new double[] {-2 * x0 + 3 * x1 + 7, 4 * x1 + 3 * x0,
            x2 + 2});
  }

  @ParameterizedTest
  @CsvSource({"0.3", "-2.1"})
  void privateTablesAreCopied(double x) {
    // (1.5 - 0.5 x + 0.25 x^2) * 7: d/dx = 7 (-0.5 + 0.5 x).
    m("privateTables").at(x).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent()
        .hasClosedFormGradient(7 * (-0.5 + 0.5 * x));
    org.junit.jupiter.api.Assertions.assertTrue(compiled().generatedSource("p.Everyday_Grad")
        .contains("private static final double[] COEFFS = {1.5, -0.5, 0.25};"));
  }

  @Test
  void aVarargsMethodTakesItsArray() {
    // Its gradient method is varargs too, as the user's: Everyday_Grad.norm2(0.5, -2.0, ...).
    org.junit.jupiter.api.Assertions.assertTrue(m("norm2").gradientMethod().isVarArgs());
    org.junit.jupiter.api.Assertions.assertTrue(compiled().generatedSource("p.Everyday_Grad")
        .contains("public static Norm2Gradient norm2(double... xs)"));
    double[] xs = {0.5, -2.0, 1.5, 3.0};
    m("norm2").at((Object) xs.clone()).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent()
        .hasClosedFormArrayGradient(new double[] {1.0, -4.0, 3.0, 6.0});
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7", "1.5, 2.0"})
  void trailingArgumentsAreGathered(double a, double b) {
    // a^2 + 4b^2 + 9 + (a b + 2 a^2 b) + a^2 + b^2 + 0
    double da = 2 * a + b + 4 * a * b + 2 * a;
    double db = 8 * b + a + 2 * a * a + 2 * b;
    m("gathered").at(a, b).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent()
        .hasClosedFormGradient(da, db);
  }

  @ParameterizedTest
  @CsvSource({"0.3", "-1.4"})
  void staticMethodsOfInterfaces(double t) {
    m("onCurve").at(t).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent()
        .hasClosedFormGradient(3 * t * t + 2 * Math.cos(t));
    compiled().method("p.Curve", "height").at(t).matchesCentralDifferences().hasClosedFormGradient(3 * t * t);
  }
}
