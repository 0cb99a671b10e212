package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conditions with side effects: {@code while (n-- > 0)}, {@code if (++k < n)}, {@code for (...;
 * i++ < n; ...)}, {@code do ... while (--n > 0)}, on int locals and parameters, int and double
 * array elements and active doubles, with {@code continue} (which must still reach the
 * condition, and a for loop's update), {@code break} (which must not) and labels. The condition
 * runs before every iteration exactly as in Java, so the counters' final values, which feed the
 * results, come out exact. Gradients against closed forms (for loops with jumps, the loop
 * replayed with the derivative of each step) and central differences.
 */
class SideEffectsInConditionsTest {
  static final String CLASS = "p.Cond";
  static final String MEMBERS =
      """
        @Differentiable static double countDown(double x, int n) {
          double p = 1;
          while (n-- > 0) {
            p *= x;
          }
          return p + n;
        }
        @Differentiable static double countDownWithJumps(double x, int counter) {
          double s = 0;
          while (counter-- != 0) {
            if (counter % 3 == 0) {
              continue;
            }
            if (s > 20) {
              break;
            }
            s += x * counter;
          }
          return s + counter;
        }
        @Differentiable static double preIncrementInIf(double x, int n) {
          int k = 0;
          double s = 0;
          for (int i = 0; i < 2 * n; i++) {
            if (++k < n) {
              s += x * k;
            } else if (k++ % 2 == 0) {
              s -= x * x;
            }
          }
          return s + k;
        }
        @Differentiable static double postIncrementInFor(double x, int n) {
          double s = 0;
          int i = 0;
          for (double t = x; i++ < n; t *= x) {
            if (i == 2) {
              continue;
            }
            s += t * i;
          }
          return s + i;
        }
        @Differentiable static double doWhilePreDecrement(double x, int n) {
          double s = 0;
          do {
            if (n == 3) {
              continue;
            }
            s = s * x + n;
          } while (--n > 0);
          return s + n;
        }
        @Differentiable static double labelledWithEffects(double x, int n) {
          int i = 0;
          double s = 0;
          outer:
          while (i++ < n) {
            int j = 0;
            while (++j <= i) {
              if (j == 2) {
                continue outer;
              }
              if (i * j > 6) {
                break outer;
              }
              s += Math.sin(x * i) * j;
            }
          }
          return s + i;
        }
        @Differentiable static double drainCounts(double x, int[] counts) {
          double s = 0;
          for (int j = 0; j < counts.length; j++) {
            while (counts[j]-- > 0) {
              s += x * counts[j];
            }
          }
          return s + counts[0];
        }
        @Differentiable static double halveElements(double[] y) {
          double s = 0;
          for (int k = 0; k < y.length; k++) {
            while ((y[k] *= 0.5) > 1) {
              s += y[k];
            }
          }
          return s + y[0];
        }
        @Differentiable static double sqrtUntilSmall(double x) {
          int steps = 0;
          double s = 0;
          while ((x = Math.sqrt(x)) > 1.5) {
            steps++;
            s += x;
          }
          return s + x + steps;
        }
        @Differentiable static double conditionWithShortCircuit(double[] v, double x) {
          int i = 0;
          int tested = 0;
          double s = 0;
          while (i < v.length && v[i] * ++tested > -5) {
            s += v[i++] * x;
          }
          return s + tested * 100 + i;
        }
        @Differentiable static double activeConditionWithBreak(double x) {
          double s = 0;
          while ((x = Math.sqrt(x)) > 1.1) {
            if (x < 2) {
              break;
            }
            s += x;
          }
          return s + x;
        }
        @Differentiable static double innerConditionEffects(double[] w, @NoDerivative double[][] xs) {
          double loss = 0;
          for (int i = 0; i < xs.length; i++) {
            int j = w.length;
            double z = 0;
            while (j-- > 0) {
              z += w[j] * xs[i][j];
            }
            loss += z * z;
          }
          return loss;
        }
        @Differentiable static double doWhileBreak(double x, int n) {
          double s = 0;
          do {
            s = s * x + n;
            if (s > 6) {
              break;
            }
          } while (n-- > 1);
          return s + n;
        }
        @Differentiable static double switchInLoop(double x, int n) {
          double s = 0;
          int k = 0;
          outer:
          while (k++ < n) {
            switch (k % 4) {
              case 0:
                continue outer;
              case 1:
                s += x * k;
                break;
              case 2:
                while (k-- > 0 && s < 3) {
                  s += x;
                }
                k += 2;
                break;
              default:
                s *= x;
            }
          }
          return s + k;
        }
        @Differentiable static double returnFromConditionLoop(double x, int n) {
          double p = 1;
          while (n-- > 0) {
            p *= x;
            if (p > 10) {
              return p + n;
            }
          }
          return p - n;
        }
      """;

  private static final Map<String, String> CHUNKS = Sources.splitMethods(MEMBERS);

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, CHUNKS.get(name)).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"1.3, 0", "1.3, 1", "0.7, 4", "-1.1, 3", "0.9, -2"})
  void whilePostDecrementGreaterThanZero(double x, int n) {
    // n iterations of p *= x; the condition runs n + 1 times, so n ends at min(n, 0) - 1.
    int iterations = Math.max(n, 0);
    m("countDown").at(x, n)
        .hasValue(Math.pow(x, iterations) + Math.min(n, 0) - 1)
        .hasGradient(iterations == 0 ? 0 : iterations * Math.pow(x, iterations - 1));
  }

  @ParameterizedTest
  @CsvSource({"1.5, 10", "0.5, 10", "2.0, 0", "-0.3, 5"})
  void whileCounterNotZeroWithContinueAndBreak(double x, int counter) {
    // continue goes back to the condition, which decrements again; break leaves it alone.
    double s = 0;
    double ds = 0;
    int c = counter;
    while (c-- != 0) {
      if (c % 3 == 0) {
        continue;
      }
      if (s > 20) {
        break;
      }
      s += x * c;
      ds += c;
    }
    m("countDownWithJumps").at(x, counter).hasValue(s + c).hasGradient(ds);
  }

  @Test
  void breakSkipsTheCondition() {
    // 1.5: c = 9 skipped, 8 and 7 add 12 and 10.5, 6 skipped, at 5 s > 20: break with c = 5.
    m("countDownWithJumps").at(1.5, 10).hasValue(22.5 + 5).hasGradient(15.0);
  }

  @ParameterizedTest
  @CsvSource({"0.6, 0", "0.6, 1", "1.2, 4", "-0.8, 5"})
  void preIncrementInAnIfAndPostIncrementInItsElseIf(double x, int n) {
    double s = 0;
    double ds = 0;
    int k = 0;
    for (int i = 0; i < 2 * n; i++) {
      k++;
      if (k < n) {
        s += x * k;
        ds += k;
      } else {
        boolean even = k % 2 == 0;
        k++;
        if (even) {
          s -= x * x;
          ds -= 2 * x;
        }
      }
    }
    m("preIncrementInIf").at(x, n).hasValue(s + k).hasGradient(ds);
  }

  @ParameterizedTest
  @CsvSource({"0.8, 0", "0.8, 1", "0.8, 2", "1.1, 5", "-0.7, 4", "0.5, -1"})
  void forConditionPostIncrementWithContinue(double x, int n) {
    // The j-th iteration (j = 1..n) sees i = j and t = x^j; j = 2 is skipped; continue still
    // runs t *= x and the condition. i ends at n + 1 (1 if n < 0).
    double value = Math.max(n, 0) + 1;
    double d = 0;
    for (int j = 1; j <= n; j++) {
      if (j != 2) {
        value += j * Math.pow(x, j);
        d += j * j * Math.pow(x, j - 1);
      }
    }
    m("postIncrementInFor").at(x, n).hasValue(value).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 5", "1.3, 1", "-0.4, 4", "0.9, 0", "0.9, -2"})
  void doWhilePreDecrementWithContinue(double x, int n) {
    // Horner's scheme on the coefficients n, n - 1, ..., 1, skipping 3; a continue still
    // decrements n. For n <= 0 the body runs once: s = n.
    double s = 0;
    double ds = 0;
    int k = n;
    do {
      if (k == 3) {
        continue;
      }
      ds = ds * x + s;
      s = s * x + k;
    } while (--k > 0);
    m("doWhilePreDecrement").at(x, n).hasValue(s + k).hasGradient(ds);
  }

  @Test
  void doWhileHornerByHand() {
    // n = 5, skipping 3: s = ((5x + 4)x + 2)x + 1 = 5x^3 + 4x^2 + 2x + 1, n ends at 0.
    double x = 0.7;
    m("doWhilePreDecrement").at(x, 5)
        .hasValue(5 * x * x * x + 4 * x * x + 2 * x + 1)
        .hasGradient(15 * x * x + 8 * x + 2);
  }

  @ParameterizedTest
  @CsvSource({"0.4, 10", "0.4, 3", "1.1, 0", "-0.9, 6"})
  void labelledContinueAndBreakWithConditionsThatIncrement(double x, int n) {
    // Each outer iteration i adds sin(x i) at j = 1, then continues the outer loop at j = 2;
    // at i = 7 (i * 1 > 6) it breaks out. i ends at min(n, 6) + 1.
    int last = Math.min(Math.max(n, 0), 6);
    double value = last + 1;
    double d = 0;
    for (int i = 1; i <= last; i++) {
      value += Math.sin(x * i);
      d += i * Math.cos(x * i);
    }
    m("labelledWithEffects").at(x, n).hasValue(value).hasGradient(d);
  }

  @Test
  void postDecrementOfIntElementsInAWhileCondition() {
    // counts[j]-- > 0 runs c_j + 1 times; the body sees c_j - 1, ..., 0; each element ends at
    // -1 (or c_j - 1 if c_j <= 0).
    int[] counts = {4, 0, 3, -2};
    double x = 1.25;
    double sum = 6 + 0 + 3 + 0;
    m("drainCounts").at(x, counts).hasValue(x * sum - 1).hasGradient(sum);
  }

  @Test
  void compoundAssignmentOfDoubleElementsInAWhileCondition() {
    // Each y_k is halved while the half is above 1; the halves above 1 are summed.
    double[] y = {5.0, 0.7, 9.5};
    double value = 0;
    double[] dy = new double[3];
    for (int k = 0; k < 3; k++) {
      double v = y[k];
      double dv = 1;
      while ((v *= 0.5) > 1) {
        dv *= 0.5;
        value += v;
        dy[k] += dv;
      }
      dv *= 0.5;
      if (k == 0) {
        value += v;
        dy[0] += dv;
      }
    }
    // By hand: 2.5 + 1.25 + 4.75 + 2.375 + 1.1875 + 0.625, d/dy_0 = 0.5 + 0.25 + 0.125.
    m("halveElements").at(y).hasValue(2.5 + 1.25 + 4.75 + 2.375 + 1.1875 + 0.625)
        .hasArrayGradient(dy);
    m("halveElements").at(y).hasArrayGradient(new double[] {0.875, 0, 0.875});
  }

  @ParameterizedTest
  @CsvSource({"100.0", "3.0", "2.0"})
  void assigningAnActiveParameterInAWhileCondition(double x0) {
    // x_m = x0^(1 / 2^m): the values above 1.5 are summed, then the first one below is added.
    double value = 0;
    double d = 0;
    int steps = 0;
    for (int m = 1; ; m++) {
      double e = Math.pow(0.5, m);
      double xm = Math.pow(x0, e);
      double dxm = e * Math.pow(x0, e - 1);
      value += xm;
      d += dxm;
      if (xm <= 1.5) {
        break;
      }
      steps++;
    }
    m("sqrtUntilSmall").at(x0).hasValue(value + steps).hasGradient(d);
  }

  @Test
  void aConditionalIncrementInALoopCondition() {
    // v_i * ++tested > -5 runs only while i < L: tested counts the tests of v, not of i.
    double x = 0.75;
    // v_3 * 4 = -16 ends the loop with i = 3, tested = 4.
    m("conditionWithShortCircuit").at(new double[] {1, -2, 3, -4}, x)
        .hasValue(2 * x + 400 + 3)
        .hasArrayGradient(new double[] {x, x, x, 0}, 2.0);
    // The loop ends at i == L: the right of && is not evaluated, tested = 2.
    m("conditionWithShortCircuit").at(new double[] {1.5, 2.5}, x)
        .hasValue(4 * x + 200 + 2)
        .hasArrayGradient(new double[] {x, x}, 4.0);
  }

  @Test
  void anInnerLoopConditionWithEffectsInALoopOfSums() {
    // sum_i (w . x_i)^2: d/dw = sum_i 2 (w . x_i) x_i.
    double[] w = {0.5, -0.3};
    double[][] xs = {{1, 2}, {-1, 0.5}, {3, 1}};
    double loss = 0;
    double[] dw = new double[2];
    for (double[] x : xs) {
      double z = w[0] * x[0] + w[1] * x[1];
      loss += z * z;
      dw[0] += 2 * z * x[0];
      dw[1] += 2 * z * x[1];
    }
    m("innerConditionEffects").at(w, xs).hasValue(loss).hasArrayGradient(dw);
  }

  @Test
  void conditionsWithEffectsBesideBreakReturnAndSwitch() {
    // Value exact and central differences, where a closed form would only restate the loop.
    m("activeConditionWithBreak").at(200.0).matchesCentralDifferences();
    m("activeConditionWithBreak").at(5.0).matchesCentralDifferences();
    m("doWhileBreak").at(1.3, 5).matchesCentralDifferences();
    m("doWhileBreak").at(0.5, 5).matchesCentralDifferences();
    m("doWhileBreak").at(0.5, 0).matchesCentralDifferences();
    m("switchInLoop").at(0.9, 9).matchesCentralDifferences();
    m("switchInLoop").at(1.3, 4).matchesCentralDifferences();
    m("returnFromConditionLoop").at(2.5, 6).hasValue(2.5 * 2.5 * 2.5 + 3).hasGradient(3 * 2.5 * 2.5);
    m("returnFromConditionLoop").at(1.2, 4).hasValue(Math.pow(1.2, 4) + 1).hasGradient(4 * Math.pow(1.2, 3));
  }
}
