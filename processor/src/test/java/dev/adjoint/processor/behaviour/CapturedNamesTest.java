package dev.adjoint.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.AdjointCompiler.Source;
import dev.adjoint.processor.testing.Compiled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated class lives in the user's package, where the user's own classes may be named like
 * the JDK classes it refers to ({@code p.Math} with a wrong {@code sin}), and its variables are
 * the user's, which may be named like a class. Generated code must still compile and mean what the
 * user's code means.
 */
class CapturedNamesTest {

  /** Classes of package p named like every JDK or runtime class the generated code refers to. */
  private static final List<String> IMPOSTORS = List.of("Math", "StrictMath", "Double", "Integer", "Long",
      "System", "Arrays", "Objects", "Generated", "Tape", "Shapes", "IllegalArgumentException", "Override");

  static final String MODEL = """
      package p;

      import dev.adjoint.Differentiable;

      final class Model {
        private static final double INF = java.lang.Double.POSITIVE_INFINITY;

        @Differentiable static double jdkMath(double x, double y) {
          return java.lang.Math.sin(x) * java.lang.StrictMath.exp(y) + java.lang.Math.PI * x;
        }

        @Differentiable static double loopsArraysThrows(double x, double[] a, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += java.lang.Math.sin(a[i] * x);
            a[i] = s * s;
          }
          if (x > 1e300) {
            throw new java.lang.IllegalArgumentException("too big: " + x);
          }
          return s + a[0] + (x > 1e307 ? INF : 0.0);
        }

        /** Variables named like classes obscure them. */
        @Differentiable static double variablesNamedLikeClasses(double Math, double Tape) {
          double Double = Math * Tape;
          for (int i = 0; i < 3; i++) {
            Double = java.lang.Math.sin(Double) * Math;
          }
          return Double;
        }
      }
      """;

  /** Its own class, so that its _Grad does not refer to p.Math and java.lang.Math at once. */
  static final String USERS_MATH = """
      package p;

      import dev.adjoint.Differentiable;

      final class UsersMath {
        /** Here Math is p.Math, whose sin is 42 x: the derivative is that of p.Math.sin. */
        @Differentiable static double packageMath(double x) {
          return Math.sin(x) * x;
        }

        static final class Nested {
          static final class Math {
            static double sin(double x) { return 3 * x; }
          }

          /** Here Math is UsersMath.Nested.Math. */
          @Differentiable static double nestedMath(double x) {
            return Math.sin(x) * java.lang.Math.cos(x);
          }
        }
      }
      """;

  private static Compiled unit() {
    List<Source> sources = new ArrayList<>();
    sources.add(AdjointCompiler.source("p.Model", MODEL));
    sources.add(AdjointCompiler.source("p.UsersMath", USERS_MATH));
    for (String name : IMPOSTORS) {
      sources.add(AdjointCompiler.source("p." + name, """
          package p;

          import dev.adjoint.Differentiable;

          final class %s {
            @Differentiable static double sin(double x) { return 42 * x; }
          }
          """.formatted(name)));
    }
    return AdjointCompiler.compile(sources);
  }

  @ParameterizedTest(name = "x = {0}, y = {1}")
  @CsvSource({"0.3, -0.7", "-1.2, 0.4", "2.0, 1.5"})
  void jdkClassesAreNotCapturedByThePackagesClasses(double x, double y) {
    unit().method("p.Model", "jdkMath").at(x, y)
        .hasGradient(Math.cos(x) * Math.exp(y) + Math.PI, Math.sin(x) * Math.exp(y));
  }

  @Test
  void tapeShapesAndExceptionsAreNotCapturedEither() {
    unit().method("p.Model", "loopsArraysThrows").at(0.7, new double[] {0.5, -1.0, 2.0}, 3)
        .matchesCentralDifferences().leavesArgumentsUnchanged();
  }

  @Test
  void variablesNamedLikeClassesDoNotObscureThem() {
    unit().method("p.Model", "variablesNamedLikeClasses").at(0.8, -0.6).matchesCentralDifferences();
  }

  @Test
  void mathOfTheUsersPackageIsTheUsersMath() {
    // p.Math.sin(x) = 42 x, so the method is 42 x^2.
    unit().method("p.UsersMath", "packageMath").at(1.5).hasValue(42 * 1.5 * 1.5).hasGradient(84 * 1.5);
  }

  @Test
  void mathNestedInTheUsersClassIsThatClass() {
    double x = 0.9;
    unit().method("p.UsersMath$Nested", "nestedMath").at(x)
        .hasValue(3 * x * Math.cos(x)).hasGradient(3 * Math.cos(x) - 3 * x * Math.sin(x));
  }

  @Test
  void generatedCodeImportsTheJdkClassesItUses() {
    String generated = unit().generatedSource("p.Model_Grad");
    assertThat(generated).contains("import java.lang.StrictMath;");
    // A variable of Model is named Math: that class is always written qualified there.
    assertThat(generated).contains("java.lang.Math.sin(");
  }
}
