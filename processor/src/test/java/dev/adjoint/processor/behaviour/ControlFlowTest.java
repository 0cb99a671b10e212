package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * if/else, loops, break, continue and return anywhere: every gradient compared with a closed
 * form worked out by hand (for loops, by replaying the loop with the derivative of each step)
 * and with central differences, and the VJP checked, by {@code Point.hasGradient}.
 */
class ControlFlowTest {
  static final String CLASS = "p.Flow";
  static final String MEMBERS =
      """
        @Differentiable static double square(double z) {
          return z * z;
        }
        @Differentiable static double power(double x, int n) {
          double p = 1;
          for (int i = 0; i < n; i++) {
            p *= x;
          }
          return p;
        }
        @Differentiable static double sumSines(double x, int n) {
          double s = 0;
          for (int i = 1; i <= n; i++) {
            s += Math.sin(i * x);
          }
          return s;
        }
        @Differentiable static double halve(double x) {
          double y = x;
          while (y > 1) {
            y = y / 2;
          }
          return y * y;
        }
        @Differentiable static double horner(double x, int n) {
          double s = 0;
          int i = 0;
          do {
            s = s * x + 1;
            i++;
          } while (i < n);
          return s;
        }
        @Differentiable static double chain(double x) {
          if (x < 0) {
            return x * x * x;
          } else if (x < 1) {
            return Math.sin(x);
          } else {
            return Math.exp(x);
          }
        }
        @Differentiable static double returnInLoop(double x, int n) {
          for (int i = 1; i < n; i++) {
            if (x * i > 3) {
              return x * i;
            }
          }
          return -x;
        }
        @Differentiable static double oddPowers(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
              continue;
            }
            if (i > 5) {
              break;
            }
            s += Math.pow(x, i);
          }
          return s;
        }
        @Differentiable static double labelled(double x, int n) {
          double s = 0;
          outer:
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              if (j > i) {
                continue outer;
              }
              double t = Math.exp(x * (i - j));
              s += t;
              if (s > 100) {
                break outer;
              }
            }
          }
          return s;
        }
        @Differentiable static double doubleCounter(double x) {
          double s = 0;
          for (double t = 0; t < 1; t += 0.25) {
            s += x * t * t;
          }
          return s;
        }
        @Differentiable static double loopInBranch(double x, int n) {
          double p = 1;
          if (x > 0) {
            for (int i = 0; i < n; i++) {
              p = p * x + i;
            }
          } else {
            p = -x * n;
          }
          return p;
        }
        @Differentiable static double returnInNestedLoops(double x, int n) {
          for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
              if (i * j * x > 10) {
                return x * i * j + Math.log(x);
              }
            }
          }
          return x;
        }
        @Differentiable static double iterateSine(double x, int n) {
          for (int i = 0; i < n; i++) {
            x = Math.sin(x);
          }
          return x;
        }
        @Differentiable static double callsInLoop(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += square(x + i) * (i % 2 == 0 ? Math.exp(x) : 1);
          }
          return s;
        }
        @Differentiable static double constantInABranch(double y, boolean c) {
          double x = y * 2;
          double z = x * 3;
          if (c) {
            x = 5;
          }
          return z + x;
        }
        @Differentiable static double constantInALoop(double x, int n) {
          double s = 1;
          double total = 0;
          for (int i = 0; i < n; i++) {
            s = s * x;
            total += s;
            if (i == 1) {
              s = 1;
            }
          }
          return total;
        }
        @Differentiable static double whileWithBreakAndLocal(double x, double y) {
          double acc = 0;
          int k = 0;
          while (true) {
            double term = x * k + y * y;
            acc += term * term;
            k++;
            if (k >= 4) {
              break;
            }
          }
          return acc;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"1.3, 0", "1.3, 1", "0.7, 5", "-1.1, 4"})
  void power(double x, int n) {
    m("power").at(x, n).hasGradient(n == 0 ? 0 : n * Math.pow(x, n - 1));
  }

  @ParameterizedTest
  @CsvSource({"0.3, 0", "0.3, 1", "1.7, 6"})
  void sumOfSines(double x, int n) {
    double d = 0;
    for (int i = 1; i <= n; i++) {
      d += i * Math.cos(i * x);
    }
    m("sumSines").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.6", "3.0", "13.0"})
  void halveUntilSmall(double x) {
    int halvings = 0;
    double y = x;
    while (y > 1) {
      y /= 2;
      halvings++;
    }
    m("halve").at(x).hasGradient(2 * y / Math.pow(2, halvings));
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1", "0.5, 4", "-1.5, 6"})
  void doWhileHorner(double x, int n) {
    // s = 1 + x + ... + x^(n-1).
    double d = 0;
    for (int j = 1; j < n; j++) {
      d += j * Math.pow(x, j - 1);
    }
    m("horner").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"-0.8", "0.4", "1.6"})
  void elseIfChainWithReturns(double x) {
    double d = x < 0 ? 3 * x * x : x < 1 ? Math.cos(x) : Math.exp(x);
    m("chain").at(x).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 5", "1.1, 5", "2.5, 3", "0.1, 3"})
  void returnFromInsideALoop(double x, int n) {
    double d = -1;
    for (int i = 1; i < n; i++) {
      if (x * i > 3) {
        d = i;
        break;
      }
    }
    m("returnInLoop").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.9, 3", "1.2, 10", "-0.7, 6"})
  void continueAndBreak(double x, int n) {
    double d = 0;
    for (int i = 1; i < n && i <= 5; i += 2) {
      d += i * Math.pow(x, i - 1);
    }
    m("oddPowers").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.2, 3", "1.5, 5", "-0.4, 4"})
  void labelledContinueAndBreak(double x, int n) {
    double s = 0;
    double d = 0;
    outer:
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i && j < n; j++) {
        double t = Math.exp(x * (i - j));
        s += t;
        d += (i - j) * t;
        if (s > 100) {
          break outer;
        }
      }
    }
    m("labelled").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"2.0", "-3.0"})
  void doubleLoopCounter(double x) {
    m("doubleCounter").at(x).hasGradient(0.0 + 0.0625 + 0.25 + 0.5625);
  }

  @ParameterizedTest
  @CsvSource({"0.8, 4", "-0.8, 4", "1.2, 0"})
  void loopInsideABranch(double x, int n) {
    double p = 1;
    double d = 0;
    if (x > 0) {
      for (int i = 0; i < n; i++) {
        d = d * x + p;
        p = p * x + i;
      }
    } else {
      d = -n;
    }
    m("loopInBranch").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 3", "2.0, 3", "4.0, 4"})
  void returnFromNestedLoops(double x, int n) {
    double d = 1;
    outer:
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= n; j++) {
        if (i * j * x > 10) {
          d = i * j + 1 / x;
          break outer;
        }
      }
    }
    m("returnInNestedLoops").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.9, 1", "0.9, 6", "-2.0, 3"})
  void parameterOverwrittenInALoop(double x, int n) {
    double d = 1;
    double xi = x;
    for (int i = 0; i < n; i++) {
      d *= Math.cos(xi);
      xi = Math.sin(xi);
    }
    m("iterateSine").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.3, 4", "-0.6, 3"})
  void callsAndConditionalsInALoop(double x, int n) {
    double d = 0;
    for (int i = 0; i < n; i++) {
      double z = x + i;
      d += i % 2 == 0 ? 2 * z * Math.exp(x) + z * z * Math.exp(x) : 2 * z;
    }
    m("callsInLoop").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 1.5", "-1.0, 0.3"})
  void whileTrueWithBreakAndABodyLocal(double x, double y) {
    double dx = 0;
    double dy = 0;
    for (int k = 0; k < 4; k++) {
      double term = x * k + y * y;
      dx += 2 * term * k;
      dy += 2 * term * 2 * y;
    }
    m("whileWithBreakAndLocal").at(x, y).hasGradient(dx, dy);
  }

  @ParameterizedTest
  @CsvSource({"1.0, true, 6", "1.0, false, 8", "-2.5, true, 6"})
  void constantOverwriteInABranchCutsTheDerivative(double y, boolean c, double expected) {
    m("constantInABranch").at(y, c).hasGradient(expected);
  }

  @ParameterizedTest
  @CsvSource({"1.5, 1", "1.5, 2", "1.5, 5", "-0.5, 4"})
  void constantOverwriteInALoopCutsTheDerivative(double x, int n) {
    // Iterations 0, 1 give x, x^2; then s restarts at 1: x, x^2, x^3 for the rest.
    double d = 0;
    int power = 0;
    for (int i = 0; i < n; i++) {
      power++;
      d += power * Math.pow(x, power - 1);
      if (i == 1) {
        power = 0;
      }
    }
    m("constantInALoop").at(x, n).hasGradient(d);
  }
}
