package dev.adjoint.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Users compile with {@code --release 8} or {@code 11} (old Gradle versions pass the source level
 * of their own JDK): the generated code must compile there too, so below 16 a gradient is a final
 * class with a record's API instead of a record, and {@code @Generated}, absent from Java 8, is left
 * out where javac cannot see it. The runtime is compiled for Java 8 for the same reason.
 */
class SourceLevelsTest {

  /** One of most constructs, in Java 8 syntax, and a user of the generated API. */
  static final String MODEL = """
      package p;

      import dev.adjoint.Differentiable;
      import dev.adjoint.NoDerivative;

      final class Model {
        @Differentiable static double scalar(double x, double y, @NoDerivative double k, int n) {
          double u = Math.sin(x) * y + k;
          double v = x > 0 ? Math.exp(u) : Math.tanh(u);
          return v * n + Math.pow(y, 2) + Double.MIN_VALUE;
        }

        @Differentiable static double loops(double x, double[] w, double[][] m) {
          double s = 0;
          outer:
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              if (m[i][j] > 10) {
                continue outer;
              }
              s = Math.sin(s + m[i][j] * w[j] * x);
            }
          }
          for (double v : w) {
            s += v * v;
          }
          int k = 3;
          while (k-- > 0) {
            s = s * 0.5 + x;
          }
          return s;
        }

        @Differentiable static double switches(double x, int c) {
          double r;
          switch (c) {
            case 0:
              r = x * x;
              break;
            case 1:
              r = Math.cos(x);
            default:
              r = x;
          }
          if (x > 1e300) {
            throw new IllegalArgumentException("too big: " + x);
          }
          return r;
        }

        static void scale(double[] v, double a) {
          for (int i = 0; i < v.length; i++) {
            v[i] *= a;
          }
        }

        static double sq(double x) { return x * x; }

        static double power(double x, int n) { return n == 0 ? 1 : x * power(x, n - 1); }

        @Differentiable static double helpers(double x, double[] v) {
          double[] c = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            c[i] = v[i];
          }
          scale(c, x);
          double s = 0;
          for (int i = 0; i < c.length; i++) {
            s += sq(c[i]) + power(c[i], 3);
          }
          return s + Lib.cube(x);
        }

        /** Code written against the generated API compiles as well at every level. */
        static String useTheApi() {
          Model_Grad.ScalarGradient g = Model_Grad.scalar(0.5, 2.0, 1.0, 3);
          Model_Grad.ScalarGradient same = new Model_Grad.ScalarGradient(g.value(), g.x(), g.y());
          Model_Grad.ScalarAdjoint a = new Model_Grad.ScalarAdjoint();
          double value = Model_Grad.scalarVjp(0.5, 2.0, 1.0, 3, 1.0, a);
          return g.equals(same) + " " + (g.hashCode() == same.hashCode()) + " " + (value == g.value())
              + " " + (a.x == g.x());
        }
      }
      """;

  static final String LIB = """
      package p;

      import dev.adjoint.Differentiable;

      final class Lib {
        @Differentiable static double cube(double x) { return x * x * x; }
      }
      """;

  private static Compiled unit(String release) {
    return AdjointCompiler.compileWithOptions(List.of("--release", release),
        AdjointCompiler.source("p.Model", MODEL), AdjointCompiler.source("p.Lib", LIB));
  }

  @ParameterizedTest(name = "--release {0}")
  @ValueSource(strings = {"8", "11", "17"})
  void gradientsAreRightAtEverySourceLevel(String release) {
    Compiled unit = unit(release);
    unit.method("p.Model", "scalar").at(0.4, -1.3, 0.7, 3).matchesCentralDifferences();
    unit.method("p.Model", "scalar").at(-0.4, 1.3, 0.7, 2).matchesCentralDifferences();
    unit.method("p.Model", "loops").at(0.3, new double[] {0.5, -1.0, 2.0},
        new double[][] {{1, 2, 3}, {11, 0.5, 1}, {-1, 2, 0.25}}).matchesCentralDifferences();
    for (int c = 0; c < 3; c++) {
      unit.method("p.Model", "switches").at(0.6, c).matchesCentralDifferences();
    }
    unit.method("p.Model", "helpers").at(0.8, new double[] {0.5, -1.0, 2.0}).matchesCentralDifferences()
        .leavesArgumentsUnchanged();
    unit.method("p.Lib", "cube").at(1.5).hasGradient(3 * 1.5 * 1.5);
  }

  @ParameterizedTest(name = "--release {0}")
  @ValueSource(strings = {"8", "11"})
  void belowSixteenAGradientIsAFinalClassWithTheApiOfARecord(String release) throws Exception {
    Compiled unit = unit(release);
    DiffMethod m = unit.method("p.Model", "scalar");
    Class<?> gradient = m.recordClass();
    assertThat(gradient.isRecord()).isFalse();
    assertThat(Modifier.isPublic(gradient.getModifiers())).isTrue();
    assertThat(Modifier.isStatic(gradient.getModifiers())).isTrue();
    assertThat(Modifier.isFinal(gradient.getModifiers())).isTrue();
    Constructor<?> constructor = gradient.getConstructor(double.class, double.class, double.class);
    Object a = constructor.newInstance(1.0, 2.0, Double.NaN);
    Object b = constructor.newInstance(1.0, 2.0, Double.NaN);
    Object c = constructor.newInstance(1.0, -0.0, Double.NaN);
    Object d = constructor.newInstance(1.0, 0.0, Double.NaN);
    // As a record's: components compared as Double.compare does (NaN equals NaN, -0.0 is not 0.0).
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(c).isNotEqualTo(d);
    assertThat(a).isNotEqualTo(c);
    assertThat(a.toString()).isEqualTo("ScalarGradient[value=1.0, x=2.0, y=NaN]");
    assertThat(gradient.getMethod("y").invoke(a)).isEqualTo(Double.NaN);

    String generated = unit.generatedSource("p.Model_Grad");
    assertThat(generated).doesNotContain("public record");
    java.lang.reflect.Method use = unit.load("p.Model").getDeclaredMethod("useTheApi");
    use.setAccessible(true);
    assertThat(use.invoke(null)).isEqualTo("true true true true");
  }

  @ParameterizedTest(name = "--release {0}")
  @ValueSource(strings = {"8", "11", "17"})
  void generatedIsUsedWhereTheReleaseHasIt(String release) {
    String generated = unit(release).generatedSource("p.Model_Grad");
    if (release.equals("8")) {
      assertThat(generated).doesNotContain("@Generated");
    } else {
      assertThat(generated).contains("@Generated(");
    }
    if (release.equals("17")) {
      assertThat(generated).contains("public record ScalarGradient(");
    }
  }
}
