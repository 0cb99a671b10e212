package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Constructs that each work alone, composed the way users' code composes them: a split call beside
 * a Math result kept on the tape, a loop of sums reversed iteration by iteration after branches
 * and before a quotient's adjoint. Each method here once gave a wrong gradient or a wrong value;
 * each is checked at several points against central differences, and its value against the
 * method's own result.
 */
class ComposedConstructsTest {
  static final String CLASS = "p.Composed";
  static final String MEMBERS =
      """
        static double sq(double z) { return z * z; }
        static double soft(double z) { return Math.log(1 + Math.exp(-Math.abs(z))) + Math.max(z, 0); }

        // The forward sweep kept the Math.sqrt result, then softForward pushed its own values: the
        // reverse sweep read each other's.
        @Differentiable
        public static double splitCallOfAKeptResult(double a, double b, double c, double[] v, int n) {
          double t = a;
          for (int i = 0; i < 3; i++) {
            t += soft(Math.sqrt(1 + sq(v[2])));
          }
          return t;
        }

        // The same between a kept Math.cos result and a split call later in the statement.
        @Differentiable
        public static double keptResultBeforeASplitCall(double a, double b, double c, double[] v, int n) {
          double t1 = a;
          double t2 = b;
          for (int i1 = 0; i1 < 3; i1++) {
            t2 += Math.max(t1, Math.cos(c)) * soft(t1);
            t1 += Math.sin(t2);
          }
          return t1 + t2;
        }

        // A loop of sums was reversed iteration by iteration although the quotient before it reads
        // t4 in its adjoint: the iterations' reverse put t4 back in the forward sweep, so the code
        // after the loop read a stale t4 and the value was wrong.
        @Differentiable
        public static double sumAfterAQuotientOfIt(double a, double b, double c, double[] v, int n) {
          double[] w = {a, b * c, 0.5};
          double t1 = c;
          t1 = Math.max(Math.max(Math.exp(Math.tanh(v[2])), soft(t1)), Math.hypot(c, t1));
          for (int i1 = 0; i1 < 3; i1++) {
            double t2 = Math.sqrt(1 + sq(Math.atan(c)));
            t1 += Math.sin(a) * v[i1 % 3];
          }
          if (1.53 > 0.91) {
            if (Math.max(0.53, v[2]) > -0.57) {
              t1 += Math.cos(-1.42);
              t1 = Math.atan2(Math.expm1(Math.tanh(Math.min(c, 0.75))), 1 + sq(1.58));
            }
            t1 *= Math.tanh(Math.cos(Math.sqrt(1 + sq(b))));
          }
          double t3 = c;
          double t4 = (v[0]) / (2 + sq(Math.sin((t1) / (2 + sq(t3)))));
          for (int i1 = 0; i1 < n; i1++) {
            if (i1 == 2) continue;
            for (int i2 = 0; i2 < v.length; i2++) {
              double t5 = -0.2;
              double t6 = Math.expm1(Math.tanh((Math.hypot(t3, -0.02)) / (2 + sq(v[0]))));
              t4 += 0.48;
              t4 += Math.sin(a) * v[i2 % 3];
            }
            t4 += Math.sin(c) * v[i1 % 3];
          }
          return t1 + t3 + t4 + w[0] * w[1] - w[2];
        }

        // A split call whose statement also records its target's old value, which its adjoint
        // reads before the call's reverse.
        @Differentiable
        public static double oldValueReadBeforeASplitCall(double a, double b, double c, double[] v, int n) {
          double t = a;
          for (int i = 0; i < n; i++) {
            t = t * soft(t * b) + Math.exp(c * t);
          }
          return t;
        }

        // Math.tanh(b) is kept for the subtraction and also occurs in the condition of a ?: inside
        // another kept tanh: the generated code read it before declaring it (did not compile).
        @Differentiable
        public static double keptResultAlsoInsideAConditional(double a, double b, double c, double[] v, int n) {
          v[n % 3] = Math.tanh(switch ((int) (3 * Math.tanh(b))) { case 1, 2 -> 0.5; default -> c; }) - Math.tanh(b);
          return v[n % 3] * a;
        }

        // An array literal nothing reads, built in a loop with a changing index: its adjoint ran
        // anyway, with an index the reverse sweep had not put back (-1: out of bounds).
        @Differentiable
        public static double unreadLiteralInALoop(double a, double b, double c, double[] v, int n) {
          int k = n;
          double s = 0;
          while (k-- > 0) {
            double[] w = {v[k % 3] * a, 0.5, b};
            s += v[k % 3] * c;
          }
          return s + b;
        }

        // Declared without a value and assigned in both branches, one of which records t before
        // overwriting it (its adjoint reads t): the generated code pushed t before Java saw it
        // assigned, and did not compile.
        @Differentiable
        public static double declaredLateAndRecordedInABranch(double a, double b, double c, double[] v, int n) {
          double t;
          if (a > b) {
            t = a % 1.5;
            t = Math.tanh(t) * t;
          } else {
            t = b;
          }
          return t * c;
        }

        static double rec(double x, int d) {
          if (d <= 0) {
            return x * x;
          }
          return rec(Math.tanh(x), d - 1) + x;
        }

        // A recursive helper whose recursive call takes a kept Math result: each level's split
        // call pushes between the kept value and its pop.
        @Differentiable
        public static double recursionThroughAKeptResult(double a, double b, double c, double[] v, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += rec(a * v[i % 3], 3) * b;
          }
          return s;
        }

        // A loop of sums after a tanh whose adjoint reads the value it assigned to t: reversed
        // iteration by iteration, each iteration put t back in the forward sweep.
        @Differentiable
        public static double sumAfterATanhOfIt(double a, double b, double c, double[] v, int n) {
          double t = Math.tanh(a);
          for (int i = 0; i < 3; i++) {
            t -= 0.5 * b;
          }
          return t;
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({
      "splitCallOfAKeptResult, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "splitCallOfAKeptResult, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
      "keptResultBeforeASplitCall, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "keptResultBeforeASplitCall, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
      "sumAfterAQuotientOfIt, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "sumAfterAQuotientOfIt, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
      "oldValueReadBeforeASplitCall, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "oldValueReadBeforeASplitCall, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
      "keptResultAlsoInsideAConditional, 0.3, 0.45, 0.9, 0.25, -0.6, 0.8",
      "keptResultAlsoInsideAConditional, -0.9, -0.1, -0.2, -0.55, 0.35, -0.45",
      "unreadLiteralInALoop, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "declaredLateAndRecordedInABranch, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "declaredLateAndRecordedInABranch, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
      "recursionThroughAKeptResult, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "recursionThroughAKeptResult, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
      "sumAfterATanhOfIt, 0.3, -0.7, 0.9, 0.25, -0.6, 0.8",
      "unreadLiteralInALoop, -0.9, 0.1, -0.2, -0.55, 0.35, -0.45",
  })
  void valueIsThePrimalsAndGradientMatchesCentralDifferences(String method, double a, double b, double c,
      double v0, double v1, double v2) {
    m(method).at(a, b, c, new double[] {v0, v1, v2}, 3).valueMatchesPrimal().matchesCentralDifferences()
        .vjpIsConsistent();
  }
}
