package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Size and depth: deeply nested calls and parentheses, a 30-term expression, a long chain of
 * statements, and methods with 12 active parameters. The sources are generated here, and so are
 * the closed forms (from the same term lists), independently of the processor.
 */
class LargeExpressionsTest {

  static final String CLASS = "p.Large";

  /** Functions composed innermost-first in {@code deepCalls}: name, value, derivative. */
  record Fn(String name, DoubleUnaryOperator f, DoubleUnaryOperator df) {}

  static final List<Fn> CHAIN =
      List.of(
          new Fn("Math.sin", Math::sin, Math::cos),
          new Fn("Math.cos", Math::cos, x -> -Math.sin(x)),
          new Fn("Math.tanh", Math::tanh, x -> 1 / (Math.cosh(x) * Math.cosh(x))),
          new Fn("Math.atan", Math::atan, x -> 1 / (1 + x * x)),
          new Fn("Math.exp", Math::exp, Math::exp),
          new Fn("Math.sin", Math::sin, Math::cos),
          new Fn("StrictMath.cos", Math::cos, x -> -Math.sin(x)),
          new Fn("Math.sqrt", Math::sqrt, x -> 0.5 / Math.sqrt(x)),
          new Fn("Math.log1p", Math::log1p, x -> 1 / (1 + x)),
          new Fn("Math.sinh", Math::sinh, Math::cosh),
          new Fn("Math.atan", Math::atan, x -> 1 / (1 + x * x)),
          new Fn("StrictMath.exp", Math::exp, Math::exp),
          new Fn("Math.cbrt", Math::cbrt, x -> 1 / (3 * Math.cbrt(x) * Math.cbrt(x))),
          new Fn("Math.sin", Math::sin, Math::cos),
          new Fn("Math.cos", Math::cos, x -> -Math.sin(x)),
          new Fn("Math.exp", Math::exp, Math::exp),
          new Fn("Math.log", Math::log, x -> 1 / x),
          new Fn("Math.tanh", Math::tanh, x -> 1 / (Math.cosh(x) * Math.cosh(x))),
          new Fn("Math.cos", Math::cos, x -> -Math.sin(x)),
          new Fn("Math.exp", Math::exp, Math::exp));

  /** Horner coefficients, highest degree first (degree 20). */
  static final double[] POLY = {
    0.5, -1.0, 0.25, 2.0, -0.75, 1.5, -2.0, 0.125, 1.0, -0.5, 3.0, -1.25, 0.75, -3.0, 2.5, 1.0,
    -1.5, 0.5, 2.0, -1.0, 4.0
  };

  static final int TERMS = 30;
  static final int PARAMS = 12;

  static String members() {
    StringBuilder sb = new StringBuilder();

    // f(x) = CHAIN[19](CHAIN[18](...CHAIN[0](x)))
    String expr = "x";
    for (Fn fn : CHAIN) {
      expr = fn.name() + "(" + expr + ")";
    }
    sb.append("  @Differentiable static double deepCalls(double x) {\n    return ")
        .append(expr)
        .append(";\n  }\n");

    // Horner in one expression: ((((c0) * x + c1) * x + c2) ...)
    String horner = "(" + POLY[0] + ")";
    for (int i = 1; i < POLY.length; i++) {
      horner = "(" + horner + " * x + (" + POLY[i] + "))";
    }
    sb.append("  @Differentiable static double deepParentheses(double x) {\n    return ")
        .append(horner)
        .append(";\n  }\n");

    // Continued fraction x / (1 + x / (1 + x / (...)))
    String cf = "1.0";
    for (int i = 0; i < 15; i++) {
      cf = "(1.0 + x / " + cf + ")";
    }
    sb.append("  @Differentiable static double continuedFraction(double x) {\n    return x / ")
        .append(cf)
        .append(";\n  }\n");

    // 30 terms: sum over k of (1/k) sin(k x + y) + k x y
    StringBuilder terms = new StringBuilder();
    for (int k = 1; k <= TERMS; k++) {
      if (k > 1) {
        terms.append("\n        + ");
      }
      terms.append("1.0 / ").append(k).append(" * Math.sin(").append(k).append(" * x + y) + ")
          .append(k).append(" * x * y");
    }
    sb.append("  @Differentiable static double thirtyTerms(double x, double y) {\n    return ")
        .append(terms)
        .append(";\n  }\n");

    // The same 30 terms as 30 statements accumulating into one variable.
    sb.append("  @Differentiable static double thirtyStatements(double x, double y) {\n");
    sb.append("    double s = 0.0;\n");
    for (int k = 1; k <= TERMS; k++) {
      sb.append("    s += 1.0 / ").append(k).append(" * Math.sin(").append(k)
          .append(" * x + y) + ").append(k).append(" * x * y;\n");
    }
    sb.append("    return s;\n  }\n");

    // 40 statements, each overwriting t from the previous t: t = sin(t) + 0.5 * t * x
    sb.append("  @Differentiable static double longChainOfStatements(double x) {\n");
    sb.append("    double t = x;\n");
    for (int i = 0; i < 40; i++) {
      sb.append("    t = Math.sin(t) + 0.5 * t * x;\n");
    }
    sb.append("    return t;\n  }\n");

    // 12 active parameters: sum_i (i + 1) a_i a_{i+1 mod 12} + sin(a_i)
    StringBuilder params = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < PARAMS; i++) {
      if (i > 0) {
        params.append(", ");
        body.append("\n        + ");
      }
      params.append("double a").append(i);
      body.append(i + 1).append(" * a").append(i).append(" * a").append((i + 1) % PARAMS)
          .append(" + Math.sin(a").append(i).append(")");
    }
    sb.append("  @Differentiable static double twelveParameters(")
        .append(params)
        .append(") {\n    return ")
        .append(body)
        .append(";\n  }\n");

    // 12 active parameters interleaved with inactive ones, used through locals.
    sb.append(
        """
          @Differentiable static double twelveWithInactive(
              double a0, int n0, double a1, double a2, @NoDerivative double c, double a3,
              double a4, long n1, double a5, double a6, double a7, boolean flag, double a8,
              double a9, double a10, double a11) {
            double p = a0 * a1 * a2;
            double q = a3 + a4 * n0 - a5 / c;
            double r = Math.exp(a6 * 0.1) * a7 + n1;
            double s = a8 * a9 - a10 * a11;
            // flag is deliberately unused: conditionals are covered by ConditionalTest.
            return p * q + r * s;
          }
        """);
    return sb.toString();
  }

  static Compiled unit() {
    return Sources.compileClass(CLASS, members());
  }

  static DiffMethod m(String name) {
    return Sources.compileMethodAlone(CLASS, members(), name).method(CLASS, name);
  }

  @ParameterizedTest(name = "x = {0}")
  @ValueSource(doubles = {-1.3, 0.0, 0.4, 2.0})
  void twentyNestedCalls(double x) {
    double v = x;
    double d = 1.0;
    for (Fn fn : CHAIN) {
      d *= fn.df().applyAsDouble(v);
      v = fn.f().applyAsDouble(v);
    }
    m("deepCalls").at(x).hasGradient(d);
  }

  @ParameterizedTest(name = "x = {0}")
  @ValueSource(doubles = {-1.1, -0.3, 0.0, 0.5, 1.05})
  void twentyLevelsOfParentheses(double x) {
    int degree = POLY.length - 1;
    double d = 0.0;
    for (int i = 0; i < degree; i++) {
      int power = degree - i;
      d += power * POLY[i] * Math.pow(x, power - 1);
    }
    m("deepParentheses").at(x).hasGradient(d);
  }

  @ParameterizedTest(name = "x = {0}")
  @ValueSource(doubles = {0.3, 1.0, 2.5, 7.0})
  void deeplyNestedDivisions(double x) {
    // g_0 = 1, g_{i+1} = 1 + x / g_i, f = x / g_15; forward derivatives alongside.
    double g = 1.0;
    double dg = 0.0;
    for (int i = 0; i < 15; i++) {
      double ng = 1.0 + x / g;
      double ndg = (g - x * dg) / (g * g);
      g = ng;
      dg = ndg;
    }
    m("continuedFraction").at(x).hasGradient((g - x * dg) / (g * g));
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"0.3, -0.2", "-1.1, 2.0", "0.0, 0.0", "2.5, 1.5"})
  void thirtyTermExpressionAndThirtyStatements(double x, double y) {
    double dx = 0.0;
    double dy = 0.0;
    for (int k = 1; k <= TERMS; k++) {
      dx += Math.cos(k * x + y) + k * y;
      dy += Math.cos(k * x + y) / k + k * x;
    }
    m("thirtyTerms").at(x, y).hasGradient(dx, dy);
    m("thirtyStatements").at(x, y).hasGradient(dx, dy);
  }

  @ParameterizedTest(name = "x = {0}")
  @ValueSource(doubles = {-0.9, 0.2, 0.7, 1.3})
  void fortyStatementsOverwritingOneVariable(double x) {
    // forward derivative: t' = cos(t) t' + 0.5 (t' x + t)
    double t = x;
    double dt = 1.0;
    for (int i = 0; i < 40; i++) {
      double nt = Math.sin(t) + 0.5 * t * x;
      double ndt = Math.cos(t) * dt + 0.5 * (dt * x + t);
      t = nt;
      dt = ndt;
    }
    m("longChainOfStatements").at(x).hasGradient(dt);
  }

  @Test
  void twelveActiveParameters() {
    double[][] points = {
      {0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9, -1.0, 1.1, -1.2},
      {1.5, 2.5, -3.5, 0.0, 1.0, 2.0, -2.0, 0.25, -0.75, 3.0, -1.5, 0.5}
    };
    for (double[] a : points) {
      double[] expected = new double[PARAMS];
      for (int i = 0; i < PARAMS; i++) {
        int next = (i + 1) % PARAMS;
        int prev = (i + PARAMS - 1) % PARAMS;
        // a_i appears in term i with coefficient (i + 1) and in term prev with (prev + 1)
        expected[i] = (i + 1) * a[next] + (prev + 1) * a[prev] + Math.cos(a[i]);
      }
      Object[] args = new Object[PARAMS];
      for (int i = 0; i < PARAMS; i++) {
        args[i] = a[i];
      }
      m("twelveParameters").at(args).hasGradient(expected);
    }
  }

  @ParameterizedTest(name = "flag = {0}")
  @ValueSource(booleans = {true, false})
  void twelveActiveParametersAmongInactiveOnes(boolean flag) {
    // f = p q + r s whatever the flag
    double[] a = {0.4, -1.2, 0.9, 1.7, -0.3, 2.2, 0.8, -1.6, 0.35, 1.25, -0.45, 0.6};
    int n0 = 3;
    double c = 1.5;
    long n1 = -2;
    double p = a[0] * a[1] * a[2];
    double q = a[3] + a[4] * n0 - a[5] / c;
    double e = Math.exp(a[6] * 0.1);
    double r = e * a[7] + n1;
    double s = a[8] * a[9] - a[10] * a[11];
    double wp = q;
    double wq = p;
    double wr = s;
    double ws = r;
    double[] expected = {
      wp * a[1] * a[2], wp * a[0] * a[2], wp * a[0] * a[1],
      wq, wq * n0, -wq / c,
      wr * 0.1 * e * a[7], wr * e,
      ws * a[9], ws * a[8], -ws * a[11], -ws * a[10]
    };
    m("twelveWithInactive")
        .at(a[0], n0, a[1], a[2], c, a[3], a[4], n1, a[5], a[6], a[7], flag, a[8], a[9], a[10],
            a[11])
        .hasGradient(expected);
  }

  @Test
  void allLargeMethodsTogetherInOneClass() {
    DiffMethod deep = unit().method(CLASS, "deepCalls");
    deep.at(0.4).matchesCentralDifferences();
    unit().method(CLASS, "thirtyTerms").at(0.3, -0.2).matchesCentralDifferences();
    unit().method(CLASS, "longChainOfStatements").at(0.7).matchesCentralDifferences();
  }
}
