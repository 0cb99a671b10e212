package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Side effects in operands Java evaluates only sometimes: the right of {@code &&} and {@code
 * ||}, the branches of {@code ?:} and the arms of a switch expression. Each effect must happen
 * only when Java evaluates its operand, which the counters feeding the results check; the
 * gradients are checked against the loop replayed with the derivative of each step (a vector of
 * partials where an active value is assigned in a branch) and against central differences.
 */
class ConditionalSideEffectsTest {
  static final String CLASS = "p.Cse";
  static final String MEMBERS =
      """
        @Differentiable static double shortCircuitAnd(double[] v, int limit) {
          double s = 0;
          int used = 0;
          for (int i = 0; i < v.length; i++) {
            if (v[i] > 0 && used++ < limit) {
              s += v[i] * v[i];
            }
          }
          return s + used;
        }
        @Differentiable static double shortCircuitOr(double[] v, double x) {
          double s = 0;
          int checked = 0;
          for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || (x *= 1.5) > 4 || ++checked > 2) {
              s += v[i] * x;
            }
          }
          return s + checked;
        }
        @Differentiable static double conditionalBranches(double[] v, double x) {
          double s = 0;
          int pos = 0;
          int neg = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] > 0 ? v[i] * ++pos : (x = x * v[i]) * neg--;
          }
          return s + x + pos * 100 + neg;
        }
        @Differentiable static double conditionalOutsideLoops(double x, double y) {
          double r = x > y ? (y *= x) + y++ : (x = x * x) - x--;
          return r + x + y;
        }
        @Differentiable static double switchArms(double x, int n) {
          int a = 0;
          int b = 10;
          int k = 0;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += switch (k++ % 3) {
              case 0 -> x * a++;
              case 1 -> (x = x * 1.5) + --b;
              default -> x;
            };
          }
          return s + a + b + k;
        }
        @Differentiable static double assignedBooleans(double x, int n) {
          boolean seen = false;
          int hits = 0;
          double s = 0;
          for (int i = 0; i < n; i++) {
            if ((seen = i % 3 == 0) || hits++ > 1) {
              s += seen ? x * i : x * x;
            }
          }
          return s + hits;
        }
        @Differentiable static double ternaryBreak(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double t = i % 2 == 0 ? (x *= 1.1) : (x -= 0.2);
            if (t > 3) {
              break;
            }
            s += t * t;
          }
          return s + x;
        }
        @Differentiable static double nestedEffects(double x, int n) {
          double s = 0;
          int i = 0;
          int j;
          while ((j = i++) < n) {
            double y = j % 2 == 0 && (x *= 0.9) > 0.5 ? x-- : x++;
            s += y * (j + 1);
          }
          return s + x + i;
        }
      """;

  private static final Map<String, String> CHUNKS = Sources.splitMethods(MEMBERS);

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, CHUNKS.get(name)).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "2", "9"})
  void postIncrementOnTheRightOfAnd(int limit) {
    // used++ runs for each positive element only; the first `limit` positives are squared.
    double[] v = {1.5, -0.5, 2.0, -0.3, -1.25, 0.75};
    double value = 3;
    double[] dv = new double[v.length];
    int positives = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] > 0) {
        if (positives < limit) {
          value += v[i] * v[i];
          dv[i] = 2 * v[i];
        }
        positives++;
      }
    }
    m("shortCircuitAnd").at(v, limit).hasValue(value).hasArrayGradient(dv);
  }

  @Test
  void postIncrementOnTheRightOfAndByHand() {
    // limit 1: only 1.5 is squared; used counts the three positives.
    m("shortCircuitAnd").at(new double[] {1.5, -0.5, 2.0, 0.75}, 1)
        .hasValue(2.25 + 3)
        .hasArrayGradient(new double[] {3.0, 0, 0, 0});
  }

  @ParameterizedTest
  @CsvSource({"0.5", "1.0", "3.0"})
  void activeAndIntEffectsOnTheRightOfOr(double x0) {
    // For v_i >= 0 only: x *= 1.5, and if that is not above 4, ++checked. Partials of s and x
    // are carried as vectors over (v_0, ..., v_(L-1), x).
    double[] v = {0.5, -1.0, 2.0, 1.5, -0.25, 3.0, 0.75};
    int l = v.length;
    double x = x0;
    double[] dx = new double[l + 1];
    dx[l] = 1;
    double s = 0;
    double[] ds = new double[l + 1];
    int checked = 0;
    for (int i = 0; i < l; i++) {
      boolean taken = v[i] < 0;
      if (!taken) {
        x *= 1.5;
        for (int k = 0; k <= l; k++) {
          dx[k] *= 1.5;
        }
        taken = x > 4;
        if (!taken) {
          taken = ++checked > 2;
        }
      }
      if (taken) {
        s += v[i] * x;
        for (int k = 0; k <= l; k++) {
          ds[k] += v[i] * dx[k];
        }
        ds[i] += x;
      }
    }
    double[] dv = java.util.Arrays.copyOf(ds, l);
    m("shortCircuitOr").at(v, x0).hasValue(s + checked).hasArrayGradient(dv, ds[l]);
  }

  @ParameterizedTest
  @CsvSource({"0.8", "-1.5"})
  void effectsInBothBranchesOfAConditional(double x0) {
    // v_i > 0: s += v_i * ++pos. Otherwise x = x v_i, s += x * neg--.
    double[] v = {1.5, -0.5, 2.0, -0.3, -1.25, 0.75};
    int l = v.length;
    double x = x0;
    double[] dx = new double[l + 1];
    dx[l] = 1;
    double s = 0;
    double[] ds = new double[l + 1];
    int pos = 0;
    int neg = 0;
    for (int i = 0; i < l; i++) {
      if (v[i] > 0) {
        pos++;
        s += v[i] * pos;
        ds[i] += pos;
      } else {
        double[] next = new double[l + 1];
        for (int k = 0; k <= l; k++) {
          next[k] = dx[k] * v[i];
        }
        next[i] += x;
        x *= v[i];
        dx = next;
        s += x * neg;
        for (int k = 0; k <= l; k++) {
          ds[k] += dx[k] * neg;
        }
        neg--;
      }
    }
    double[] grad = new double[l + 1];
    for (int k = 0; k <= l; k++) {
      grad[k] = ds[k] + dx[k];
    }
    m("conditionalBranches").at(v, x0)
        .hasValue(s + x + pos * 100 + neg)
        .hasArrayGradient(java.util.Arrays.copyOf(grad, l), grad[l]);
  }

  @Test
  void conditionalWithEffectsOutsideLoops() {
    // x > y: y = xy, r = xy + xy, y ends at xy + 1: value 3xy + x + 1.
    m("conditionalOutsideLoops").at(1.5, 0.5)
        .hasValue(3 * 1.5 * 0.5 + 1.5 + 1)
        .hasGradient(3 * 0.5 + 1, 3 * 1.5);
    // Otherwise x = x^2, r = x^2 - x^2, x ends at x^2 - 1, y untouched: value x^2 - 1 + y.
    m("conditionalOutsideLoops").at(0.5, 1.5)
        .hasValue(0.25 - 1 + 1.5)
        .hasGradient(1.0, 1.0);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 0", "0.7, 1", "0.7, 2", "1.2, 7", "-0.9, 9"})
  void switchExpressionArmsWithEffects(double x0, int n) {
    // The arm taken cycles 0, 1, 2 (k++ % 3, k ends at n): x * a++; x *= 1.5, --b, x + b; x.
    double x = x0;
    double dx = 1;
    double s = 0;
    double ds = 0;
    int a = 0;
    int b = 10;
    for (int i = 0; i < n; i++) {
      switch (i % 3) {
        case 0 -> {
          s += x * a;
          ds += dx * a;
          a++;
        }
        case 1 -> {
          x *= 1.5;
          dx *= 1.5;
          b--;
          s += x + b;
          ds += dx;
        }
        default -> {
          s += x;
          ds += dx;
        }
      }
    }
    m("switchArms").at(x0, n).hasValue(s + a + b + n).hasGradient(ds);
  }

  @ParameterizedTest
  @CsvSource({"0.6, 0", "0.6, 4", "1.3, 10"})
  void assignedBooleanOnTheLeftAndIncrementOnTheRightOfOr(double x, int n) {
    // seen = i % 3 == 0; hits++ only when not seen; then x i if seen, else x^2 once hits was > 1.
    int hits = 0;
    double s = 0;
    double ds = 0;
    for (int i = 0; i < n; i++) {
      boolean seen = i % 3 == 0;
      if (seen) {
        s += x * i;
        ds += i;
      } else if (hits++ > 1) {
        s += x * x;
        ds += 2 * x;
      }
    }
    m("assignedBooleans").at(x, n).hasValue(s + hits).hasGradient(ds);
  }

  @Test
  void conditionalEffectsBesideBreakAndInLoopConditions() {
    // Value exact and central differences, where a closed form would only restate the loop.
    m("ternaryBreak").at(1.5, 8).matchesCentralDifferences();
    m("ternaryBreak").at(0.5, 8).matchesCentralDifferences();
    m("nestedEffects").at(1.7, 6).matchesCentralDifferences();
    m("nestedEffects").at(0.4, 5).matchesCentralDifferences();
  }
}
