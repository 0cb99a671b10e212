package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** switch statements (classic with fall-through, and arrow form) and switch expressions. */
class SwitchTest {
  static final String CLASS = "p.Switches";
  static final String MEMBERS =
      """
        @Differentiable static double classic(double x, int n) {
          double y = 0;
          switch (n) {
            case 0:
              y = x * x;
              break;
            case 1:
            case 2:
              y = Math.sin(x);
              // falls through
            case 3:
              y += x * 3;
              break;
            default:
              y = -x;
          }
          return y;
        }
        @Differentiable static double arrows(double x, int n) {
          double y = 1;
          switch (n) {
            case 0 -> y = Math.exp(x);
            case 1, 2 -> {
              y = x * x;
              y *= x;
            }
            default -> y = 2;
          }
          return y * x;
        }
        @Differentiable static double expression(double x, int n) {
          double y = switch (n) {
            case 0 -> x * x;
            case 1, 2 -> Math.cos(x);
            default -> 7;
          };
          return y + x;
        }
        @Differentiable static double inALoop(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            switch (i % 3) {
              case 0:
                s += x;
                continue;
              case 1:
                s += x * x;
                break;
              default:
                s *= x;
            }
            s += 1;
          }
          return s;
        }
        // Block arms: statements (a local, a loop) then yield, run only when the arm is taken.
        @Differentiable static double blockArms(double x, int n) {
          double y = switch (n % 3) {
            case 0 -> {
              double t = x * 2;
              yield t * t;
            }
            case 1 -> {
              double p = 1;
              for (int i = 0; i < n; i++) {
                p *= x;
              }
              yield p + Math.sin(x);
            }
            default -> x;
          };
          return y * x;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 0", "0.7, 1", "0.7, 2", "0.7, 3", "0.7, 9", "-1.3, 2"})
  void classicWithFallThrough(double x, int n) {
    double d = switch (n) {
      case 0 -> 2 * x;
      case 1, 2 -> Math.cos(x) + 3;
      case 3 -> 3;
      default -> -1;
    };
    m("classic").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.4, 0", "0.4, 1", "-0.9, 2", "0.4, 5"})
  void arrowForm(double x, int n) {
    double d = switch (n) {
      case 0 -> Math.exp(x) + x * Math.exp(x);
      case 1, 2 -> 4 * x * x * x;
      default -> 2;
    };
    m("arrows").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.4, 0", "0.4, 1", "1.3, 4", "0.9, 7", "-0.6, 2", "0.8, 3"})
  void switchExpressionArmsWithStatements(double x, int n) {
    // y = (2x)^2, x^n + sin x, or x; f = y x.
    double y = n % 3 == 0 ? 4 * x * x : n % 3 == 1 ? Math.pow(x, n) + Math.sin(x) : x;
    double dy = n % 3 == 0 ? 8 * x : n % 3 == 1 ? n * Math.pow(x, n - 1) + Math.cos(x) : 1;
    m("blockArms").at(x, n).hasClosedFormGradient(dy * x + y).matchesCentralDifferences().vjpIsConsistent();
  }

  @ParameterizedTest
  @CsvSource({"0.4, 0", "0.4, 2", "1.9, 4"})
  void switchExpression(double x, int n) {
    double d = switch (n) {
      case 0 -> 2 * x + 1;
      case 1, 2 -> -Math.sin(x) + 1;
      default -> 1;
    };
    m("expression").at(x, n).hasGradient(d);
  }

  @ParameterizedTest
  @CsvSource({"0.8, 1", "0.8, 3", "1.1, 7", "-0.6, 5"})
  void switchInALoopWithContinue(double x, int n) {
    double s = 0;
    double d = 0;
    for (int i = 0; i < n; i++) {
      switch (i % 3) {
        case 0:
          s += x;
          d += 1;
          continue;
        case 1:
          s += x * x;
          d += 2 * x;
          break;
        default:
          d = d * x + s;
          s *= x;
      }
      s += 1;
    }
    m("inALoop").at(x, n).hasGradient(d);
  }
}
