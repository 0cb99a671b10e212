package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls to other {@code @Differentiable} methods: of the same class, of another class of the same
 * compilation (same package, other package, nested class), and of a class compiled earlier and
 * found on the classpath as class files.
 */
class CallsTest {

  @Nested
  class SameCompilation {

    static final String CALLS =
        """
        package p;

        import dev.adjoint.Differentiable;
        import dev.adjoint.NoDerivative;

        final class Calls {
          @Differentiable static double sq(double x) { return x * x; }

          @Differentiable static double scaled(double x, @NoDerivative double k) {
            return k * Math.sin(x);
          }

          @Differentiable static double mix(double a, int n, double b) { return a * b * n; }

          @Differentiable static double sameClass(double x) { return sq(x) + Calls.sq(2.0 * x); }

          @Differentiable static double nestedCalls(double x) { return sq(sq(x) + 1.0); }

          @Differentiable static double withNoDerivativeArgument(double x, double y) {
            return scaled(x * y, 3.0);
          }

          @Differentiable static double withIntArgument(double x, double y, int n) {
            return mix(x, n + 1, y * y);
          }

          @Differentiable static double resultInLocal(double x) {
            double a = sq(x);
            a = a * sq(a);
            return a;
          }

          @Differentiable static double fanOutOfCallResult(double x, double y) {
            double s = sq(x + y);
            return s * s + s + sq(s);
          }

          @Differentiable static double chainOfCalls(double x) { return level2(x) * 2.0; }

          @Differentiable static double level2(double x) { return level1(x) + x; }

          @Differentiable static double level1(double x) { return Math.exp(sq(x)); }

          @Differentiable static double otherClassSamePackage(double x) {
            return Lib.cube(x) + Lib.poly(x, 2.0);
          }

          @Differentiable static double otherPackage(double x, double y) {
            return q.Tools.prod(x, y) + q.Tools.prod(y, y);
          }

          @Differentiable static double nestedClass(double x) { return Outer.Inner.twice(x) * x; }

          @Differentiable static double sameVariableForBothArguments(double x) {
            return Lib.poly(x, x);
          }

          @Differentiable static double constantArguments(double x) { return x * Lib.poly(2.0, 3.0); }

          @Differentiable static double reassignedFromCall(double x) {
            x = sq(x);
            return sq(x);
          }

          @Differentiable static double callWithInactiveArgumentOnly(double x, int n) {
            return x * mix(1.5, n, 2.0);
          }

          @Differentiable static double callInCompoundAssignment(double x, double y) {
            double s = x;
            s += sq(y);
            s *= Lib.cube(x);
            return s;
          }
        }
        """;

    /** Calls inside ?: branches, in a unit of their own. */
    static final String CALLS_IN_CONDITIONAL =
        """
        package p;

        import dev.adjoint.Differentiable;

        final class CallsInConditional {
          @Differentiable static double sq(double x) { return x * x; }

          @Differentiable static double inConditional(double x) {
            return x > 0 ? sq(x) : Lib.cube(x);
          }
        }
        """;

    static final String LIB =
        """
        package p;

        import dev.adjoint.Differentiable;

        final class Lib {
          @Differentiable static double cube(double x) { return x * x * x; }
          @Differentiable static double poly(double x, double y) { return x * x * y + y; }
        }
        """;

    static final String TOOLS =
        """
        package q;

        import dev.adjoint.Differentiable;

        public final class Tools {
          @Differentiable public static double prod(double x, double y) { return x * y; }
        }
        """;

    static final String OUTER =
        """
        package p;

        import dev.adjoint.Differentiable;

        final class Outer {
          static final class Inner {
            @Differentiable static double twice(double x) { return 2.0 * Math.sin(x); }
          }
        }
        """;

    Compiled unit() {
      return AdjointCompiler.compile(
          AdjointCompiler.source("p.Calls", CALLS),
          AdjointCompiler.source("p.Lib", LIB),
          AdjointCompiler.source("q.Tools", TOOLS),
          AdjointCompiler.source("p.Outer", OUTER));
    }

    DiffMethod m(String name) {
      return unit().method("p.Calls", name);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void sameClassQualifiedAndUnqualified(double x) {
      m("sameClass").at(x).hasGradient(10 * x);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void callAsArgumentOfCall(double x) {
      m("nestedCalls").at(x).hasGradient(4 * x * (x * x + 1));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void constantPassedToNoDerivativeParameter(double x, double y) {
      double c = 3 * Math.cos(x * y);
      m("withNoDerivativeArgument").at(x, y).hasGradient(c * y, c * x);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}, n = {2}")
    @CsvSource({"1.0, 2.0, 3", "-0.5, 0.75, -2", "2.5, -1.5, 0"})
    void intArgument(double x, double y, int n) {
      m("withIntArgument").at(x, y, n).hasGradient(y * y * (n + 1), 2 * x * y * (n + 1));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "1.2"})
    void resultStoredInLocalAndReassigned(double x) {
      m("resultInLocal").at(x).hasGradient(6 * Math.pow(x, 5));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 0.2", "-0.5, 0.75", "0.5, -1.5"})
    void fanOutOfCallResult(double x, double y) {
      // s = (x + y)^2; f = 2 s^2 + s
      double s = (x + y) * (x + y);
      double d = (4 * s + 1) * 2 * (x + y);
      m("fanOutOfCallResult").at(x, y).hasGradient(d, d);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "1.2"})
    void chainOfCallsDefinedLater(double x) {
      m("chainOfCalls").at(x).hasGradient(2 * (2 * x * Math.exp(x * x) + 1));
      m("level2").at(x).hasGradient(2 * x * Math.exp(x * x) + 1);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void otherClassOfSamePackage(double x) {
      m("otherClassSamePackage").at(x).hasGradient(3 * x * x + 4 * x);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void otherPackage(double x, double y) {
      m("otherPackage").at(x, y).hasGradient(y, x + 2 * y);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void nestedClass(double x) {
      m("nestedClass").at(x).hasGradient(2 * Math.sin(x) + 2 * x * Math.cos(x));
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.5", "2.0"})
    void callsInConditionalBranches(double x) {
      AdjointCompiler.compile(
              AdjointCompiler.source("p.CallsInConditional", CALLS_IN_CONDITIONAL),
              AdjointCompiler.source("p.Lib", LIB))
          .method("p.CallsInConditional", "inConditional")
          .at(x)
          .hasGradient(x > 0 ? 2 * x : 3 * x * x);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void sameVariableForBothArguments(double x) {
      m("sameVariableForBothArguments").at(x).hasGradient(3 * x * x + 1);
    }

    @Test
    void constantArguments() {
      m("constantArguments").at(0.7).hasGradient(15.0);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "2.0"})
    void parameterReassignedFromCall(double x) {
      m("reassignedFromCall").at(x).hasGradient(4 * x * x * x);
    }

    @ParameterizedTest(name = "x = {0}, n = {1}")
    @CsvSource({"-1.3, 2", "0.5, -3"})
    void callWithOnlyInactiveArguments(double x, int n) {
      m("callWithInactiveArgumentOnly").at(x, n).hasGradient(1.5 * 2.0 * n);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void callsInCompoundAssignments(double x, double y) {
      // (x + y^2) x^3
      m("callInCompoundAssignment")
          .at(x, y)
          .hasGradient(x * x * x + 3 * x * x * (x + y * y), 2 * y * x * x * x);
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75"})
    void calleesThemselves(double x, double y) {
      Compiled c = unit();
      c.method("p.Lib", "poly").at(x, y).hasGradient(2 * x * y, x * x + 1);
      c.method("q.Tools", "prod").at(x, y).hasGradient(y, x);
      c.method("p.Outer$Inner", "twice").at(x).hasGradient(2 * Math.cos(x));
      c.method("p.Calls", "mix").at(x, 3, y).hasGradient(3 * y, 3 * x);
    }
  }

  /**
   * The callee's class is compiled in a first javac run; the caller is compiled in a second run
   * that only has the first run's class files on its classpath.
   */
  @Nested
  class CompiledEarlier {

    static final String PRECOMPILED =
        """
        package lib;

        import dev.adjoint.Differentiable;
        import dev.adjoint.NoDerivative;

        public final class Precompiled {
          private Precompiled() {}

          @Differentiable public static double f(double x, double y) { return Math.exp(x) * y; }

          @Differentiable public static double g(double x, @NoDerivative double k, int n) {
            return k * Math.pow(x, n);
          }

          @Differentiable public static double fill(double[] a, double v) {
            a[0] = v;
            return v;
          }
        }
        """;

    static final String USES =
        """
        package app;

        import dev.adjoint.Differentiable;
        import lib.Precompiled;

        final class UsesLib {
          @Differentiable static double useF(double x) { return Precompiled.f(x * x, 3.0); }

          @Differentiable static double useBoth(double x, double y) {
            return lib.Precompiled.f(x, y) + Precompiled.g(y, 2.0, 3);
          }

          @Differentiable static double useInChain(double x) {
            double a = Precompiled.f(x, x);
            a = Precompiled.g(a, 0.5, 2) + a;
            return a;
          }

          // In a loop: split, through the library's fForward and fReverse.
          @Differentiable static double useInALoop(double x, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += Precompiled.f(x * i, x);
            }
            return s;
          }
        }
        """;

    Compiled library() {
      return AdjointCompiler.compile(AdjointCompiler.source("lib.Precompiled", PRECOMPILED));
    }

    Compiled application() {
      return AdjointCompiler.compileAgainst(
          library(), List.of(AdjointCompiler.source("app.UsesLib", USES)));
    }

    @Test
    void secondCompilationDidNotRecompileTheLibrary() {
      Compiled app = application();
      org.junit.jupiter.api.Assertions.assertFalse(
          app.classNames().contains("lib.Precompiled"),
          "the library must come from the classpath, not from the second compilation: "
              + app.classNames());
      org.junit.jupiter.api.Assertions.assertFalse(
          app.classNames().contains("lib.Precompiled_Grad"),
          "the library's _Grad must come from the classpath: " + app.classNames());
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "1.1"})
    void callIntoPrecompiledClass(double x) {
      application().method("app.UsesLib", "useF").at(x).hasGradient(6 * x * Math.exp(x * x));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75", "2.5, -1.5"})
    void twoPrecompiledMethods(double x, double y) {
      double e = Math.exp(x);
      application().method("app.UsesLib", "useBoth").at(x, y).hasGradient(e * y, e + 6 * y * y);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-1.3", "0.0", "0.5", "1.1"})
    void precompiledCallsChained(double x) {
      // a = x e^x; result = 0.5 a^2 + a; d = (a + 1) a'
      double a = x * Math.exp(x);
      double da = Math.exp(x) + a;
      application().method("app.UsesLib", "useInChain").at(x).hasGradient((a + 1) * da);
    }

    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-0.3", "0.2", "0.6"})
    void precompiledCallInALoopIsSplit(double x) {
      // s = sum_{i<3} e^{x i} x; ds/dx = sum_i e^{x i} (i x + 1).
      double expected = 0;
      for (int i = 0; i < 3; i++) {
        expected += Math.exp(x * i) * (i * x + 1);
      }
      application().method("app.UsesLib", "useInALoop").at(x, 3).hasGradient(expected);
      org.junit.jupiter.api.Assertions.assertTrue(
          application().generatedSource("app.UsesLib_Grad").contains("Precompiled_Grad.fForward("));
    }

    @Test
    void aPrecompiledMethodThatWritesIntoArraysIsRejected() {
      String uses = """
          package app;

          import dev.adjoint.Differentiable;
          import lib.Precompiled;

          final class FillsLib {
            @Differentiable static double m(double[] a, double x) {
              Precompiled.fill(a, x);
              return a[0] * a[0];
            }
          }
          """;
      AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> AdjointCompiler.compileAgainst(library(), List.of(AdjointCompiler.source("app.FillsLib", uses))));
      org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains(
          "calling Precompiled.fill, which writes into the arrays it is given, is not supported when it is"
              + " compiled without its source"), error.getMessage());
    }

    @ParameterizedTest(name = "x = {0}, y = {1}")
    @CsvSource({"1.0, 2.0", "-0.5, 0.75"})
    void libraryItself(double x, double y) {
      library().method("lib.Precompiled", "f").at(x, y).hasGradient(Math.exp(x) * y, Math.exp(x));
      library().method("lib.Precompiled", "g").at(x, 2.0, 3).hasGradient(6 * x * x);
    }
  }
}
