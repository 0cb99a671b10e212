package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conditional operator {@code ?:}: the derivative is that of the branch taken, and the
 * condition may depend on active values. Points are chosen away from the switching surfaces so
 * that central differences stay on one branch.
 */
class ConditionalTest {

  static final String CLASS = "p.Cond";
  static final String MEMBERS =
      """
        @Differentiable static double simple(double x) {
          return x > 0 ? x * x : -x;
        }
        @Differentiable static double nested(double x, double y) {
          return x > y ? (x > 0 ? x * y : y) : (y > 1 ? y * y : x + y);
        }
        @Differentiable static double inExpression(double x) {
          return 2.0 * (x < 1 ? Math.sin(x) : Math.cos(x)) + x;
        }
        @Differentiable static double assignsLocal(double x, double y) {
          double a = x > y ? x : y;
          return a * a;
        }
        @Differentiable static double onBoolean(double x, boolean flag) {
          return flag ? Math.sin(x) : Math.cos(x);
        }
        @Differentiable static double onInt(double x, int n) {
          return n % 2 == 0 ? x * n : x / n;
        }
        @Differentiable static double intBranch(double x, int n) {
          return n > 0 ? n : x;
        }
        @Differentiable static double constantBranch(double x) {
          return x > 1 ? 2.0 : x * x;
        }
        @Differentiable static double conditionOnReassigned(double x) {
          double a = x * x;
          a = a - 4;
          return a > 0 ? a * x : -a;
        }
        @Differentiable static double logicalCondition(double x, double y) {
          return (x > 0 && y > 0) || !(x < y) ? x * y : x - y;
        }
        @Differentiable static double conditionUsesCall(double x) {
          return Math.sin(x) >= 0.0 ? Math.exp(x) : Math.exp(-x);
        }
        @Differentiable static double equalityConditions(double x, int n) {
          return n == 3 ? x * 3 : (n != 4 ? x : x * x);
        }
        @Differentiable static double sharedVariable(double x, double y) {
          double t = x * y;
          return t > 1 ? t * t : t + x;
        }
        @Differentiable static double conditionalUpdates(double x, double y) {
          double s = x;
          s = s > y ? s - y : y - s;
          s *= s > 1 ? s : 2.0;
          s += x < 0 ? -x : x;
          return s;
        }
        @Differentiable static double conditionalOnParamReassigned(double x) {
          x = x > 0 ? Math.log(x) : x;
          return x * x;
        }
        @Differentiable static double onNoDerivative(double x, @NoDerivative double c) {
          return c > 0 ? x * c : x / c;
        }
        @Differentiable static double inCallArgument(double x, double y) {
          return Math.sin(x > y ? x * y : y) + StrictMath.exp(y < 0 ? -y : y * x);
        }
        @Differentiable static double inCompoundAssignment(double x, double y) {
          double s = x * y;
          s += x > 0 ? x : y;
          s *= y > 0 ? y : x * x;
          return s;
        }
        @Differentiable static double chainWithoutParentheses(double x) {
          return x < -1 ? -x * x : x < 1 ? x * x * x : x > 3 ? 27.0 : Math.sqrt(x);
        }
        @Differentiable static double sameVariableBothBranches(double x, double y) {
          return y > 0 ? x : x;
        }
      """;

  /** Each method is compiled in its own unit, so one failing form fails only its own tests. */
  static DiffMethod m(String name) {
    return Sources.compileMethodAlone(CLASS, MEMBERS, name).method(CLASS, name);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-2.0", "-0.5", "0.5", "3.0"})
  void simpleConditional(double x) {
    m("simple").at(x).hasGradient(x > 0 ? 2 * x : -1);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"2.0, 1.0", "-1.0, -2.0", "0.5, 2.0", "-2.0, 0.5", "1.5, 1.25"})
  void nestedConditionals(double x, double y) {
    double dx;
    double dy;
    if (x > y) {
      dx = x > 0 ? y : 0;
      dy = x > 0 ? x : 1;
    } else {
      dx = y > 1 ? 0 : 1;
      dy = y > 1 ? 2 * y : 1;
    }
    m("nested").at(x, y).hasGradient(dx, dy);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-2.0", "0.5", "1.5", "3.0"})
  void conditionalInsideExpression(double x) {
    m("inExpression").at(x).hasGradient(2 * (x < 1 ? Math.cos(x) : -Math.sin(x)) + 1);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"2.0, 1.0", "-1.0, -2.0", "0.5, 2.0", "-3.0, 0.5"})
  void conditionalAssignedToLocal(double x, double y) {
    double a = Math.max(x, y);
    m("assignsLocal").at(x, y).hasGradient(x > y ? 2 * a : 0, x > y ? 0 : 2 * a);
  }

  @ParameterizedTest(name = "x = {0}, flag = {1}")
  @CsvSource({"0.5, true", "0.5, false", "-2.0, true", "-2.0, false"})
  void conditionOnBooleanParameter(double x, boolean flag) {
    m("onBoolean").at(x, flag).hasGradient(flag ? Math.cos(x) : -Math.sin(x));
  }

  @ParameterizedTest(name = "x = {0}, n = {1}")
  @CsvSource({"1.5, 4", "1.5, 3", "-0.5, -2", "-0.5, -5"})
  void conditionOnIntParameter(double x, int n) {
    m("onInt").at(x, n).hasGradient(n % 2 == 0 ? n : 1.0 / n);
  }

  @ParameterizedTest(name = "x = {0}, n = {1}")
  @CsvSource({"1.5, 4", "1.5, 0", "-0.5, -2"})
  void intBranchHasZeroDerivative(double x, int n) {
    m("intBranch").at(x, n).hasGradient(n > 0 ? 0 : 1);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-2.0", "0.5", "1.5", "3.0"})
  void constantBranch(double x) {
    m("constantBranch").at(x).hasGradient(x > 1 ? 0 : 2 * x);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-3.0", "-1.0", "0.5", "2.5"})
  void conditionOnReassignedLocal(double x) {
    m("conditionOnReassigned").at(x).hasGradient(x * x > 4 ? 3 * x * x - 4 : -2 * x);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"1.0, 2.0", "-1.0, 2.0", "-1.0, -2.0", "2.0, -1.0", "-2.0, -1.0"})
  void logicalOperatorsInCondition(double x, double y) {
    boolean c = (x > 0 && y > 0) || !(x < y);
    m("logicalCondition").at(x, y).hasGradient(c ? y : 1, c ? x : -1);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-2.0", "0.5", "4.0", "-4.0"})
  void conditionUsesMathCall(double x) {
    m("conditionUsesCall").at(x).hasGradient(Math.sin(x) >= 0 ? Math.exp(x) : -Math.exp(-x));
  }

  @ParameterizedTest(name = "x = {0}, n = {1}")
  @CsvSource({"1.5, 3", "1.5, 4", "1.5, 5", "-2.0, 4"})
  void equalityConditions(double x, int n) {
    m("equalityConditions").at(x, n).hasGradient(n == 3 ? 3 : (n != 4 ? 1 : 2 * x));
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"2.0, 1.0", "0.5, 0.5", "-1.5, 2.0", "-1.5, -2.0"})
  void branchesShareAVariable(double x, double y) {
    double t = x * y;
    double dx = t > 1 ? 2 * t * y : y + 1;
    double dy = t > 1 ? 2 * t * x : x;
    m("sharedVariable").at(x, y).hasGradient(dx, dy);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"3.0, 1.0", "0.5, 0.25", "-1.5, 2.0", "-1.5, -2.25", "0.1, 0.7"})
  void conditionalUpdatesOfOneVariable(double x, double y) {
    m("conditionalUpdates").at(x, y).matchesCentralDifferences();
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-2.0", "0.5", "3.0"})
  void conditionalReassignsParameter(double x) {
    m("conditionalOnParamReassigned").at(x).hasGradient(x > 0 ? 2 * Math.log(x) / x : 2 * x);
  }

  @ParameterizedTest(name = "x = {0}, c = {1}")
  @CsvSource({"1.5, 2.0", "1.5, -4.0"})
  void conditionOnNoDerivativeParameter(double x, double c) {
    m("onNoDerivative").at(x, c).hasGradient(c > 0 ? c : 1 / c);
  }
  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"2.0, 1.0", "0.5, 2.0", "-1.5, -0.5", "1.0, -2.0"})
  void conditionalAsCallArgument(double x, double y) {
    double dx;
    double dy;
    if (x > y) {
      double c = Math.cos(x * y);
      dx = c * y;
      dy = c * x;
    } else {
      dx = 0;
      dy = Math.cos(y);
    }
    if (y < 0) {
      dy += -Math.exp(-y);
    } else {
      double e = Math.exp(y * x);
      dx += e * y;
      dy += e * x;
    }
    m("inCallArgument").at(x, y).hasGradient(dx, dy);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"2.0, 1.0", "-0.5, 2.0", "-1.5, -0.5", "1.0, -2.0"})
  void conditionalInCompoundAssignment(double x, double y) {
    // s1 = x y + (x > 0 ? x : y); f = s1 * (y > 0 ? y : x^2)
    double s1 = x * y + (x > 0 ? x : y);
    double ds1x = y + (x > 0 ? 1 : 0);
    double ds1y = x + (x > 0 ? 0 : 1);
    double k = y > 0 ? y : x * x;
    double dkx = y > 0 ? 0 : 2 * x;
    double dky = y > 0 ? 1 : 0;
    m("inCompoundAssignment").at(x, y).hasGradient(ds1x * k + s1 * dkx, ds1y * k + s1 * dky);
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({"-2.0", "0.5", "-0.5", "2.0", "4.0"})
  void chainedConditionalsWithoutParentheses(double x) {
    double d = x < -1 ? -2 * x : x < 1 ? 3 * x * x : x > 3 ? 0 : 0.5 / Math.sqrt(x);
    m("chainWithoutParentheses").at(x).hasGradient(d);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"2.0, 1.0", "2.0, -1.0"})
  void sameVariableInBothBranches(double x, double y) {
    m("sameVariableBothBranches").at(x, y).hasGradient(1.0, 0.0);
  }
}
