package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The statements and expressions allowed in a method body, alone and combined: locals, var, final,
 * several declarators, declaration then assignment, reassignment of locals and parameters,
 * compound assignment, ++/--, unary operators, parentheses, int/long promotion, literals,
 * constants, casts. Each one is compared with a closed form written here and with central
 * differences of the original method; the value must equal the original's result exactly.
 */
class StraightLineConstructsTest {

  @Nested
  class Locals {
    static final String CLASS = "p.Locals";
    static final String MEMBERS =
        """
          @Differentiable static double varLocals(double x, double y) {
            var a = x * y;
            var b = a + x;
            return b * b;
          }
          @Differentiable static double finalLocals(double x) {
            final double a = Math.sin(x);
            final double b = a * a;
            return b + a;
          }
          @Differentiable static double finalVar(double x) {
            final var a = x * x;
            var b = a * x;
            return a + b;
          }
          @Differentiable static double severalDeclarators(double x, double y) {
            double a = x + y, b = x - y, c = a * b;
            return c + a;
          }
          @Differentiable static double declareThenAssign(double x) {
            double a;
            a = x * 3.0;
            double b;
            b = a * a;
            return b;
          }
          @Differentiable static double mixedDeclarators(double x) {
            double a, b = x * x, c;
            a = b + x;
            c = a * b;
            return c;
          }
          @Differentiable static double localFromLiteral(double x) {
            double r = 0;
            double k = 2;
            r = r + k * x;
            return r * x;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.5, 2.0", "-0.7, 0.3", "0.0, -4.0", "3.0, -1.0"})
    void varLocals(double x, double y) {
      double b = x * y + x;
      m("varLocals").at(x, y).hasGradient(2 * b * (y + 1), 2 * b * x);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-2.0", "0.0", "0.6", "4.2"})
    void finalLocals(double x) {
      m("finalLocals").at(x).hasGradient(2 * Math.sin(x) * Math.cos(x) + Math.cos(x));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-2.0", "0.0", "0.6", "4.2"})
    void finalVar(double x) {
      m("finalVar").at(x).hasGradient(2 * x + 3 * x * x);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.5, 2.0", "-0.7, 0.3", "0.0, -4.0"})
    void severalDeclaratorsInOneStatement(double x, double y) {
      m("severalDeclarators").at(x, y).hasGradient(2 * x + 1, -2 * y + 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-2.0", "0.0", "0.6", "4.2"})
    void declarationWithoutInitializerThenAssignment(double x) {
      m("declareThenAssign").at(x).hasGradient(18 * x);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-2.0", "0.0", "0.6", "4.2"})
    void declaratorsWithAndWithoutInitializers(double x) {
      m("mixedDeclarators").at(x).hasGradient(4 * x * x * x + 3 * x * x);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-2.0", "0.6"})
    void localInitialisedFromIntLiteral(double x) {
      m("localFromLiteral").at(x).hasGradient(4 * x);
    }
  }

  @Nested
  class Reassignment {
    static final String CLASS = "p.Reassign";
    static final String MEMBERS =
        """
          @Differentiable static double reassignLocal(double x) {
            double a = x;
            a = a * x;
            a = a + 1.0;
            return a * x;
          }
          @Differentiable static double reassignParam(double x) {
            x = x * x;
            return Math.sin(x);
          }
          @Differentiable static double reassignParams(double x, double y) {
            x = x + y;
            y = x * y;
            x = y - x;
            return x * y;
          }
          @Differentiable static double overwrittenSeveralTimes(double x, double y) {
            double a = x;
            a = a * 2.0;
            a = y;
            a = a + x;
            return a * a;
          }
          @Differentiable static double usedAfterOverwrite(double x) {
            double a = x * x;
            double b = a;
            a = Math.sin(x);
            return a * b;
          }
          @Differentiable static double oldValueOfParam(double x, double y) {
            double old = x;
            x = x * y;
            return old * x;
          }
          @Differentiable static double overwriteAfterUse(double x, double y) {
            double a = x * y;
            double c = a * a;
            a = Math.exp(x);
            return c + a * c;
          }
          @Differentiable static double selfReference(double x) {
            double s = x;
            s = s * s + s;
            s = s * s + s;
            return s;
          }
          @Differentiable static double selfReferenceParam(double x) {
            x = x * x + x;
            return x * x + x;
          }
          @Differentiable static double fanOut(double x) {
            double t = Math.sin(x);
            return t * t * t + t / (1.0 + t * t) + t;
          }
          @Differentiable static double paramUsedManyTimes(double x, double y) {
            return x * x * x * y + x * y * y + x + x / y - y;
          }
          @Differentiable static double swap(double x, double y) {
            double t = x;
            x = y;
            y = t;
            return x * x * y;
          }
          @Differentiable static double paramOverwrittenWithConstant(double x, double y) {
            double keep = x * y;
            x = 3.0;
            return keep + x * y;
          }
          @Differentiable static double reuseAcrossOverwrites(double x) {
            double a = Math.sin(x);
            double b = a * x;
            a = Math.cos(x);
            b = b + a * x;
            a = a * b;
            return a + b;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void localReassigned(double x) {
      m("reassignLocal").at(x).hasGradient(3 * x * x + 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void parameterReassigned(double x) {
      m("reassignParam").at(x).hasGradient(2 * x * Math.cos(x * x));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void parametersReassignedInTermsOfEachOther(double x, double y) {
      // x1 = x + y; y1 = x1 * y; x2 = y1 - x1 = (x + y)(y - 1); f = x2 * y1 = (x + y)^2 y (y - 1)
      double s = x + y;
      m("reassignParams")
          .at(x, y)
          .hasGradient(2 * s * y * (y - 1), 2 * s * y * (y - 1) + s * s * (2 * y - 1));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void variableOverwrittenSeveralTimes(double x, double y) {
      m("overwrittenSeveralTimes").at(x, y).hasGradient(2 * (x + y), 2 * (x + y));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void copyKeepsValueFromBeforeOverwrite(double x) {
      m("usedAfterOverwrite").at(x).hasGradient(2 * x * Math.sin(x) + x * x * Math.cos(x));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void oldValueOfReassignedParameter(double x, double y) {
      m("oldValueOfParam").at(x, y).hasGradient(2 * x * y, x * x);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "0.3, -1.5"})
    void overwriteAfterUse(double x, double y) {
      double e = Math.exp(x);
      m("overwriteAfterUse")
          .at(x, y)
          .hasGradient(2 * x * y * y * (1 + e) + x * x * y * y * e, 2 * x * x * y * (1 + e));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void selfReferencingUpdates(double x) {
      double s1 = x * x + x;
      double expected = (2 * s1 + 1) * (2 * x + 1);
      m("selfReference").at(x).hasGradient(expected);
      m("selfReferenceParam").at(x).hasGradient(expected);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void fanOutOfOneVariable(double x) {
      double t = Math.sin(x);
      double dt = Math.cos(x);
      double q = 1 + t * t;
      m("fanOut").at(x).hasGradient(dt * (3 * t * t + (1 - t * t) / (q * q) + 1));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void parameterUsedManyTimes(double x, double y) {
      m("paramUsedManyTimes")
          .at(x, y)
          .hasGradient(
              3 * x * x * y + y * y + 1 + 1 / y, x * x * x + 2 * x * y - x / (y * y) - 1);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void swapThroughTemporary(double x, double y) {
      m("swap").at(x, y).hasGradient(y * y, 2 * x * y);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75"})
    void parameterOverwrittenWithConstant(double x, double y) {
      m("paramOverwrittenWithConstant").at(x, y).hasGradient(y, x + 3.0);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void reuseAcrossOverwrites(double x) {
      // b = x sin x + x cos x; f = cos x * b + b = b (1 + cos x)
      double b = x * Math.sin(x) + x * Math.cos(x);
      double db = Math.sin(x) + x * Math.cos(x) + Math.cos(x) - x * Math.sin(x);
      m("reuseAcrossOverwrites").at(x).hasGradient(db * (1 + Math.cos(x)) - b * Math.sin(x));
    }
  }

  @Nested
  class CompoundAssignment {
    static final String CLASS = "p.Compound";
    static final String MEMBERS =
        """
          @Differentiable static double compound(double x, double y) {
            double s = x;
            s += y * y;
            s -= x * 0.5;
            s *= y;
            s /= x;
            return s;
          }
          @Differentiable static double compoundOnParam(double x, double y) {
            x += y;
            x *= x;
            x -= y;
            x /= 2.0;
            return x;
          }
          @Differentiable static double compoundWithCalls(double x) {
            double s = 1.0;
            s *= Math.sin(x) + 2.0;
            s *= Math.sin(x) + 2.0;
            s += Math.cos(x);
            return s;
          }
          @Differentiable static double compoundWithInts(double x, int n) {
            double s = x;
            s *= n;
            s += n;
            s /= n + 1;
            s -= 2;
            return s;
          }
          @Differentiable static double compoundOnIntLocal(double x) {
            int k = 3;
            k += 2;
            k *= 2;
            k -= 1;
            k /= 2;
            return x * k;
          }
          @Differentiable static double compoundSelf(double x) {
            double s = x;
            s *= s;
            s += s;
            s /= s + 1.0;
            return s;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void allFourOperators(double x, double y) {
      // s = (0.5 x + y^2) y / x = 0.5 y + y^3 / x
      m("compound").at(x, y).hasGradient(-y * y * y / (x * x), 0.5 + 3 * y * y / x);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void onParameter(double x, double y) {
      // ((x + y)^2 - y) / 2
      m("compoundOnParam").at(x, y).hasGradient(x + y, x + y - 0.5);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void withCallsOnTheRight(double x) {
      double s = Math.sin(x) + 2;
      m("compoundWithCalls").at(x).hasGradient(2 * s * Math.cos(x) - Math.sin(x));
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 3", "-0.5, 1", "2.0, -4"})
    void withIntOperands(double x, int n) {
      m("compoundWithInts").at(x, n).hasGradient((double) n / (n + 1));
    }

    @Test
    void onIntLocalStaysInteger() {
      // k = ((3 + 2) * 2 - 1) / 2 = 4 (integer division)
      m("compoundOnIntLocal").at(1.7).hasGradient(4.0).hasValue(1.7 * 4);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void selfCompound(double x) {
      // s = 2x^2; f = s / (s + 1); f' = 4x / (2x^2 + 1)^2
      double d = 2 * x * x + 1;
      m("compoundSelf").at(x).hasGradient(4 * x / (d * d));
    }
  }

  @Nested
  class IncrementDecrement {
    static final String CLASS = "p.IncDec";
    static final String MEMBERS =
        """
          @Differentiable static double postfix(double x) {
            double a = x;
            a++;
            a++;
            a--;
            return a * a;
          }
          @Differentiable static double prefix(double x) {
            double a = x * x;
            ++a;
            --a;
            --a;
            return a * x;
          }
          @Differentiable static double onParam(double x) {
            x++;
            return x * x;
          }
          @Differentiable static double intCounter(double x) {
            int k = 2;
            k++;
            k++;
            k--;
            ++k;
            return x * k;
          }
          @Differentiable static double intParam(double x, int n) {
            n++;
            return x * n;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void postfixOnLocal(double x) {
      m("postfix").at(x).hasGradient(2 * (x + 1));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void prefixOnLocal(double x) {
      m("prefix").at(x).hasGradient(3 * x * x - 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void onParameter(double x) {
      m("onParam").at(x).hasGradient(2 * (x + 1));
    }

    @Test
    void onIntLocal() {
      m("intCounter").at(0.75).hasGradient(4.0).hasValue(3.0);
    }

    @Test
    void onIntParameter() {
      m("intParam").at(0.75, 4).hasGradient(5.0).hasValue(3.75);
    }
  }

  @Nested
  class UnaryOperatorsAndParentheses {
    static final String CLASS = "p.UnaryOps";
    static final String MEMBERS =
        """
          @Differentiable static double unaryMinusPlus(double x, double y) {
            return -x * +y + -(x - y);
          }
          @Differentiable static double doubleNegation(double x) {
            return -(-x) * -(+(-x));
          }
          @Differentiable static double negatedLocal(double x) {
            double a = -x;
            a = -a * a;
            return -a;
          }
          @Differentiable static double parens(double x, double y) {
            return ((x + y)) * ((x - (y))) / (((2.0)));
          }
          @Differentiable static double precedence(double x, double y) {
            return x + y * x - y / x * 2.0 - (x - y) * (x + y);
          }
          @Differentiable static double negatedCall(double x) {
            return -Math.sin(-x);
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void unaryMinusAndPlus(double x, double y) {
      m("unaryMinusPlus").at(x, y).hasGradient(-y - 1, -x + 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void nestedNegations(double x) {
      m("doubleNegation").at(x).hasGradient(2 * x);
      m("negatedLocal").at(x).hasGradient(2 * x);
      m("negatedCall").at(x).hasGradient(Math.cos(x));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void redundantParentheses(double x, double y) {
      m("parens").at(x, y).hasGradient(x, -y);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void operatorPrecedence(double x, double y) {
      // x + xy - 2y/x - x^2 + y^2
      m("precedence").at(x, y).hasGradient(1 + y + 2 * y / (x * x) - 2 * x, x - 2 / x + 2 * y);
    }
  }

  @Nested
  class IntegerPromotion {
    static final String CLASS = "p.Promotion";
    static final String MEMBERS =
        """
          @Differentiable static double intTimes(double x, int n) {
            return x * n + n / 2;
          }
          @Differentiable static double intDivision(double x, int n, int m) {
            return x * (n / m);
          }
          @Differentiable static double intVersusDoubleDivision(double x, int n) {
            return (n / 2) * x + n / 2.0 * x;
          }
          @Differentiable static double longParam(double x, long k) {
            return x * k + k / 3;
          }
          @Differentiable static double intLocal(double x, int n) {
            int k = n * 2;
            double y = x / k;
            return y * k * k + k;
          }
          @Differentiable static double longLocal(double x) {
            long big = 3L;
            long q = big * 7 / 2;
            return x * q;
          }
          @Differentiable static double intFirst(double x, int n) {
            return n + x;
          }
          @Differentiable static double doubleLocalFromInt(double x, int n, long k) {
            double r = n;
            r = r * x;
            r += k;
            return r * x / (n + k);
          }
          @Differentiable static double intDivisionInDoubleLocal(double x, int n) {
            double c = n / 4;
            return c * x + n % 3 * x;
          }
          @Differentiable static double maxOfIntAndDouble(double x, int n) {
            return Math.max(n, x) * x;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 5", "-0.5, 3", "2.0, -7"})
    void intParameterInDoubleArithmetic(double x, int n) {
      m("intTimes").at(x, n).hasGradient(n).hasValue(x * n + (n / 2));
    }

    @ParameterizedTest(name = "x = {0}, n = {1}, m = {2}")
    @CsvSource({"1.5, 7, 2", "-0.5, 9, 4", "2.0, -7, 2", "0.3, 1, 2"})
    void integerDivisionStaysInteger(double x, int n, int d) {
      m("intDivision").at(x, n, d).hasGradient(n / d);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 5", "-0.5, 3", "2.0, -7"})
    void integerVersusDoubleDivision(double x, int n) {
      m("intVersusDoubleDivision").at(x, n).hasGradient((n / 2) + n / 2.0);
    }

    @ParameterizedTest(name = "x = {0}, k = {1}")
    @CsvSource({"1.5, 5", "-0.5, 10000000000", "2.0, -7"})
    void longParameter(double x, long k) {
      m("longParam").at(x, k).hasGradient((double) k);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 5", "-0.5, 3", "2.0, -7"})
    void intLocalVariable(double x, int n) {
      m("intLocal").at(x, n).hasGradient(2.0 * n);
    }

    @Test
    void longLocalVariable() {
      m("longLocal").at(-1.25).hasGradient(10.0);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 5", "-0.5, 3"})
    void intOnTheLeft(double x, int n) {
      m("intFirst").at(x, n).hasGradient(1.0);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}, k = {2}")
    @CsvSource({"1.5, 5, 2", "-0.5, 3, -1", "2.0, -7, 4"})
    void doubleLocalInitialisedFromInt(double x, int n, long k) {
      m("doubleLocalFromInt").at(x, n, k).hasGradient((2.0 * n * x + k) / (n + k));
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 7", "-0.5, 3", "2.0, -9"})
    void integerDivisionAndRemainderAssignedToDouble(double x, int n) {
      m("intDivisionInDoubleLocal").at(x, n).hasGradient((double) (n / 4) + n % 3);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 1", "-0.5, 3", "2.0, -9"})
    void intArgumentOfMathMax(double x, int n) {
      // max(n, x) * x
      double expected = n > x ? n : 2 * x;
      m("maxOfIntAndDouble").at(x, n).hasGradient(expected);
    }

    /** Math functions applied to inactive int values only: constants for the derivative. */
    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 4", "-0.5, 9", "2.0, 0"})
    void mathOnInactiveIntegers(double x, int n) {
      Compiled c =
          Sources.compileClass(
              "p.MathOnInts",
              """
                @Differentiable static double f(double x, int n) {
                  return x * Math.abs(n - 3) + Math.max(n, 2) * x + Math.sqrt(n) * x + Math.pow(n, 2);
                }
              """);
      c.method("p.MathOnInts", "f")
          .at(x, n)
          .hasGradient(Math.abs(n - 3) + Math.max(n, 2) + Math.sqrt(n));
    }

    @Test
    void valueOfIntegerArithmeticIsExact() {
      assertEquals(1.5 * 5 + 2, m("intTimes").at(1.5, 5).value());
      assertEquals(1.5 * 3, m("intDivision").at(1.5, 7, 2).value());
    }
  }

  @Nested
  class Literals {
    static final String CLASS = "p.Literals";
    static final String MEMBERS =
        """
          @Differentiable static double literals(double x) {
            return 2 * x + 2.0 * x + 1e-3 * x + .5 * x + 1_000.5 * x + 0x10 * x + 3L * x + 2d * x
                + 7 + 1.5e1;
          }
          @Differentiable static double literalOnly(double x) {
            return 42.0 + 0.0 * x;
          }
          @Differentiable static double tinyAndHugeLiterals(double x) {
            return 1e-300 * x * 1e300 + 4.9e-324 + 1.7976931348623157e308 * 0.0;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "2.0"})
    void numericLiteralForms(double x) {
      m("literals").at(x).hasGradient(2 + 2 + 1e-3 + 0.5 + 1000.5 + 16 + 3 + 2);
    }

    @Test
    void constantResult() {
      m("literalOnly").at(3.0).hasGradient(0.0).hasValue(42.0);
    }

    /** Math calls whose arguments are all constants: constants for the derivative. */
    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "2.0"})
    void mathCallsOnConstants(double x) {
      Compiled c =
          Sources.compileClass(
              "p.ConstantCalls",
              """
                @Differentiable static double f(double x) {
                  return x * Math.sin(Math.PI / 6) + Math.exp(0.0) * x + StrictMath.pow(2, 10) * x
                      + Math.max(1.0, 2.0);
                }
              """);
      c.method("p.ConstantCalls", "f").at(x).hasGradient(Math.sin(Math.PI / 6) + 1 + 1024);
    }

    @Test
    void extremeLiterals() {
      m("tinyAndHugeLiterals").at(2.0).hasGradient(1e-300 * 1e300);
    }
  }

  @Nested
  class Constants {
    static final String OTHER =
        """
        package p;

        final class Other {
          static final double SCALE = 1.5;
          static final int COUNT = 4;
          private Other() {}
        }
        """;
    static final String Q_CONSTS =
        """
        package q;

        public final class Consts {
          public static final double OFFSET = 0.25;
          public static final long BIG = 1L << 40;
          private Consts() {}
        }
        """;
    static final String CONSTANTS =
        Sources.classWith(
            "p.Constants",
            """
              private static final double K = 2.5;
              static final int N = 3;
              public static final long L = 4L;
              private static final double DERIVED = K * 2.0;
              @Differentiable static double own(double x) {
                return K * x * x + N * x + L + DERIVED * x;
              }
              @Differentiable static double qualifiedOwn(double x) {
                return Constants.K * x + Constants.N;
              }
              @Differentiable static double otherClasses(double x) {
                return Other.SCALE * x + q.Consts.OFFSET * x * x + Other.COUNT + x / q.Consts.BIG;
              }
              @Differentiable static double jdkConstants(double x) {
                return x * Double.MIN_VALUE + x + Integer.SIZE * x + Long.BYTES
                    + Math.log(x + Double.MIN_VALUE) + Math.min(x, Double.MAX_VALUE);
              }
              @Differentiable static double piAndE(double x) {
                return Math.PI * x + Math.E * x * x + StrictMath.PI + StrictMath.E * x;
              }
              @Differentiable static double constantInLocal(double x) {
                double c = K;
                c *= x;
                c += N;
                return c * x;
              }
            """);

    DiffMethod m(String name) {
      return AdjointCompiler.compile(
              AdjointCompiler.source("p.Constants", CONSTANTS),
              AdjointCompiler.source("p.Other", OTHER),
              AdjointCompiler.source("q.Consts", Q_CONSTS))
          .method("p.Constants", name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "2.0"})
    void constantsOfTheSameClassIncludingPrivate(double x) {
      m("own").at(x).hasGradient(5 * x + 3 + 5);
      m("qualifiedOwn").at(x).hasGradient(2.5);
      m("constantInLocal").at(x).hasGradient(5 * x + 3);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "2.0"})
    void constantsOfOtherClasses(double x) {
      m("otherClasses").at(x).hasGradient(1.5 + 0.5 * x + 1.0 / (1L << 40));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"0.5", "2.0", "30.0"})
    void jdkConstants(double x) {
      m("jdkConstants").at(x).hasGradient(Double.MIN_VALUE + 1 + 32 + 1 / x + 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "2.0"})
    void mathPiAndE(double x) {
      m("piAndE").at(x).hasGradient(Math.PI + 2 * Math.E * x + Math.E);
    }
  }

  /** A static final field that is not a compile-time constant, in its own unit. */
  @Test
  void staticFinalFieldInitialisedAtRunTime() {
    Compiled c =
        Sources.compileClass(
            "p.RuntimeConstant",
            """
              static final double ROOT2 = Math.sqrt(2.0);
              @Differentiable static double f(double x) { return ROOT2 * x * x; }
            """);
    c.method("p.RuntimeConstant", "f").at(3.0).hasGradient(2 * Math.sqrt(2.0) * 3.0);
  }

  /** User names that look like names a code generator would pick; each method alone. */
  @Nested
  class Names {
    static final String CLASS = "p.Names";
    static final String MEMBERS =
        """
          @Differentiable static double generatedLookingLocals(double x) {
            double value = x * x;
            double xBar = value + x;
            double adjoint = xBar * 2;
            double seed = adjoint - x;
            double tempBar = seed;
            return tempBar * x;
          }
          @Differentiable static double parametersNamedSeedAndAdjoint(double seed, double adjoint) {
            return seed * adjoint + seed;
          }
          @Differentiable static double parameterNamedLikeAnAdjoint(double x, double xBar) {
            return x * xBar + xBar;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileMethodAlone(CLASS, MEMBERS, name).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.5", "2.0"})
    void localsNamedValueBarAdjointSeed(double x) {
      // f = (2x^2 + x) x
      m("generatedLookingLocals").at(x).hasGradient(6 * x * x + 2 * x);
    }

    @Test
    void parametersNamedSeedAndAdjoint() {
      m("parametersNamedSeedAndAdjoint").at(1.5, -2.0).hasGradient(-1.0, 1.5);
    }

    @Test
    void parameterNamedLikeAnAdjoint() {
      m("parameterNamedLikeAnAdjoint").at(1.5, -2.0).hasGradient(-2.0, 2.5);
    }
  }

  @Nested
  class Casts {
    static final String CLASS = "p.Casts";
    static final String MEMBERS =
        """
          @Differentiable static double castIntToDouble(double x, int n) {
            return x * (double) n / 2 + (double) (n / 2);
          }
          @Differentiable static double castDoubleToDouble(double x) {
            return (double) (x * x) + (double) x;
          }
          @Differentiable static double castToInt(double x) {
            return x * (int) x + (int) (x * 10) / 10.0;
          }
          @Differentiable static double castToIntInLocal(double x) {
            double t = (int) (x * 3.7);
            return t * x;
          }
          @Differentiable static double castIntLocal(double x) {
            int i = (int) (x * x);
            return (double) i * x + i;
          }
        """;

    DiffMethod m(String name) {
      return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"1.5, 5", "-0.5, 3", "2.0, -7"})
    void castIntToDouble(double x, int n) {
      m("castIntToDouble").at(x, n).hasGradient(n / 2.0);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void castDoubleToDoubleIsIdentity(double x) {
      m("castDoubleToDouble").at(x).hasGradient(2 * x + 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.62", "0.37", "2.37", "-7.77"})
    void castToIntHasZeroDerivative(double x) {
      m("castToInt").at(x).hasGradient((int) x);
      m("castToIntInLocal").at(x).hasGradient((int) (x * 3.7));
      m("castIntLocal").at(x).hasGradient((int) (x * x));
    }
  }

  @Nested
  class Combinations {
    static final String CLASS = "p.Combos";
    static final String MEMBERS =
        """
          @Differentiable static double horner(double x) {
            double r = 0;
            r = r * x + 1;
            r = r * x - 2;
            r = r * x + 3;
            r = r * x - 4;
            return r;
          }
          @Differentiable static double logisticLoss(
              double w, double b, @NoDerivative double xi, @NoDerivative double yi) {
            final double z = w * xi + b;
            var p = 1.0 / (1.0 + Math.exp(-z));
            return -(yi * Math.log(p) + (1 - yi) * Math.log(1 - p));
          }
          @Differentiable static double softplusScaled(double x, int n) {
            var s = Math.log1p(Math.exp(x));
            s *= n;
            s++;
            return s / n;
          }
          @Differentiable static double everything(double x, double y, int k, @NoDerivative double c) {
            final double u = x * y + c, w = -u;
            double v;
            v = u > 0 ? Math.sqrt(u) : w;
            v += k;
            v *= (double) k / 2;
            x = x * v;
            v++;
            y -= (int) c;
            return (x + v) / (1.0 + y * y) + Math.PI;
          }
          @Differentiable static double normalised(double x, double y, double z) {
            double n = Math.sqrt(x * x + y * y + z * z);
            return x / n + 2 * y / n + 3 * z / n;
          }
          @Differentiable static double gaussian(double x, double mu, double sigma) {
            double d = (x - mu) / sigma;
            return Math.exp(-0.5 * d * d) / (sigma * Math.sqrt(2 * Math.PI));
          }
          @Differentiable static double mixedInactive(
              double a, int n, @NoDerivative double c, long k, boolean flag, double b) {
            double s = flag ? a * c : a / c;
            s += n * b + k;
            return s * b;
          }
        """;

    /** Each combination is compiled in its own unit. */
    DiffMethod m(String name) {
      return Sources.compileMethodAlone(CLASS, MEMBERS, name).method(CLASS, name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void hornerScheme(double x) {
      m("horner").at(x).hasGradient(3 * x * x - 4 * x + 3);
    }

    @ParameterizedTest(name = "w = {0}, b = {1}, xi = {2}, yi = {3}")
    @CsvSource({"0.5, -0.25, 2.0, 1.0", "-1.5, 0.3, 0.7, 0.0", "2.0, 1.0, -3.0, 1.0"})
    void logisticLoss(double w, double b, double xi, double yi) {
      double p = 1 / (1 + Math.exp(-(w * xi + b)));
      m("logisticLoss").at(w, b, xi, yi).hasGradient((p - yi) * xi, p - yi);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"-1.3, 2", "0.0, 3", "2.0, 7"})
    void softplusScaled(double x, int n) {
      m("softplusScaled").at(x, n).hasGradient(1 / (1 + Math.exp(-x)));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}, k = {2}, c = {3}")
    @CsvSource({"1.5, 2.0, 3, 0.5", "-1.5, 2.0, 3, 0.5", "0.7, -0.3, -2, 1.75", "2.0, 1.0, 5, -4.5"})
    void everythingTogether(double x, double y, int k, double c) {
      m("everything").at(x, y, k, c).matchesCentralDifferences();
    }

    @ParameterizedTest(name = "x = {0}, y = {1}, z = {2}")
    @CsvSource({"1.0, 2.0, 3.0", "-0.5, 0.25, 4.0", "3.0, -1.0, -2.0"})
    void normalisedVector(double x, double y, double z) {
      double n = Math.sqrt(x * x + y * y + z * z);
      double s = x + 2 * y + 3 * z;
      double n3 = n * n * n;
      m("normalised")
          .at(x, y, z)
          .hasGradient(1 / n - s * x / n3, 2 / n - s * y / n3, 3 / n - s * z / n3);
    }

    @ParameterizedTest(name = "x = {0}, mu = {1}, sigma = {2}")
    @CsvSource({"0.5, 0.0, 1.0", "-1.0, 0.5, 2.0", "3.0, 2.5, 0.5"})
    void gaussianDensity(double x, double mu, double sigma) {
      double d = x - mu;
      double g = Math.exp(-d * d / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
      m("gaussian")
          .at(x, mu, sigma)
          .hasGradient(
              -g * d / (sigma * sigma),
              g * d / (sigma * sigma),
              g * (d * d / (sigma * sigma * sigma) - 1 / sigma));
    }

    @ParameterizedTest(name = "a = {0}, n = {1}, c = {2}, k = {3}, flag = {4}, b = {5}")
    @CsvSource({"1.5, 2, 0.5, 3, true, -2.0", "1.5, 2, 0.5, 3, false, -2.0", "-0.5, -3, 4.0, -1, true, 0.25"})
    void mixedActiveAndInactiveParameters(
        double a, int n, double c, long k, boolean flag, double b) {
      double s = (flag ? a * c : a / c) + n * b + k;
      double ds = flag ? c : 1 / c;
      m("mixedInactive").at(a, n, c, k, flag, b).hasGradient(ds * b, n * b + s);
    }
  }
}
