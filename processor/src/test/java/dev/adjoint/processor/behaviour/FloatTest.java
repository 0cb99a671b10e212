package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code float} parameters, locals and results: the generated code computes Java's float
 * arithmetic exactly (its value is the method's, bit for bit, for every operation: literals,
 * mixed int, float and double operands, compound assignments, increments, casts, {@code ?:},
 * comparisons, Math's float overloads and its double functions of floats), and the derivative
 * is that of the same formula in real numbers, with adjoints in double: checked against the
 * gradient of a double twin of each method (which the other tests check against central
 * differences) and against a closed form.
 */
class FloatTest {
  static final String CLASS = "p.Floats";
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Differentiable;

      final class Floats {
        static final float SCALE = 0.3f;

        @Differentiable
        static float square(float x) {
          return x * x;
        }

        @Differentiable
        static float poly(float x, float y, int n) {
          float a = x * y + 0.1f;
          float b = a * a - 3 * x;
          b += y / 7;
          b *= 1.5;
          a++;
          var c = Math.abs(b) + Math.max(a, 2) * SCALE;
          double d = Math.sin(c) * y;
          float e = (float) d + c * 0.5f + (x > n ? x : n);
          for (int i = 0; i < n; i++) {
            e = e * 0.75f + (float) Math.sqrt(i + x * x);
          }
          return e - Math.round(x);
        }

        // Float and int arms of a switch expression and of ?: (one with a side effect): floats.
        @Differentiable
        static float arms(float x, int n) {
          float s = switch (n) {
            case 0 -> x * 3;
            case 1 -> 7;
            default -> x / 3;
          };
          float t = n > 1 ? (x += 0.5f) : 2;
          return s * t + s / 3;
        }

        // A long converted to float: rounded once, as Java rounds it, never through a double.
        @Differentiable
        static float fromLong(float x, long k) {
          float f = k;
          float g = f * x + k;
          g -= (float) (k / 3) * x;
          return g * 0.5f;
        }

        @Differentiable
        static double polyDouble(double x, double y, int n) {
          double a = x * y + (double) 0.1f;
          double b = a * a - 3 * x;
          b += y / 7;
          b *= 1.5;
          a++;
          double c = Math.abs(b) + Math.max(a, 2) * (double) SCALE;
          double d = Math.sin(c) * y;
          double e = d + c * 0.5 + (x > n ? x : n);
          for (int i = 0; i < n; i++) {
            e = e * 0.75 + Math.sqrt(i + x * x);
          }
          return e - Math.round(x);
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile(CLASS, SOURCE);
  }

  private static Method named(String cls, String name, int parameters) {
    return compiled().declared(cls, name, parameters);
  }

  private static Object component(Object record, String name) throws Exception {
    Method m = record.getClass().getMethod(name);
    m.setAccessible(true);
    return m.invoke(record);
  }

  @ParameterizedTest
  @CsvSource({"0.3", "-1.7", "1234.5678"})
  void aFloatSquareIsTheFloatProductAndItsDerivativeTwiceX(float x) throws Exception {
    Object g = named("p.Floats_Grad", "square", 1).invoke(null, x);
    float primal = (float) named(CLASS, "square", 1).invoke(null, x);
    assertEquals((double) primal, (double) component(g, "value"), 0.0, "the float product, bit for bit");
    assertEquals(2.0 * x, (double) component(g, "x"), 0.0);
  }

  /**
   * 2^60 + 2^36 + 1 is nearer 2^60 + 2^37 than 2^60 as a float; through a double (which drops
   * the 1) it would be a tie, rounded to 2^60. Also small and negative longs.
   */
  @ParameterizedTest
  @CsvSource({"0.75, 1152921573326323713", "-1.5, 7", "2.25, -123456789012"})
  void aLongBecomesAFloatByOneRounding(float x, long k) throws Exception {
    float primal = (float) named(CLASS, "fromLong", 2).invoke(null, x, k);
    Object g = named("p.Floats_Grad", "fromLong", 2).invoke(null, x, k);
    assertEquals((double) primal, (double) component(g, "value"), 0.0, "value bit for bit");
    // d/dx of ((float) k x + k - (float) (k / 3) x) / 2, roundings with derivative 1.
    double expected = ((double) (float) k - (float) (k / 3)) * 0.5;
    assertEquals(expected, (double) component(g, "x"), 1e-6 * Math.abs(expected));
  }

  @ParameterizedTest
  @CsvSource({"0.3, 0", "0.3, 1", "0.3, 2", "-1.7, 5"})
  void floatAndIntArmsAreFloat(float x, int n) throws Exception {
    float primal = (float) named(CLASS, "arms", 2).invoke(null, x, n);
    Object g = named("p.Floats_Grad", "arms", 2).invoke(null, x, n);
    assertEquals((double) primal, (double) component(g, "value"), 0.0, "value bit for bit");
    double s = n == 0 ? 3.0 * x : n == 1 ? 7 : x / 3.0;
    double ds = n == 0 ? 3 : n == 1 ? 0 : 1 / 3.0;
    double t = n > 1 ? x + 0.5 : 2;
    double dt = n > 1 ? 1 : 0;
    double expected = ds * t + s * dt + ds / 3;
    assertEquals(expected, (double) component(g, "x"), 1e-5 * Math.max(1, Math.abs(expected)));
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 2", "1.25, 0.5, 3", "-2.1, 1.9, 0", "0.8, 2.2, 1"})
  void everyFloatOperationAsJavaDoesItAndTheDerivativeOfTheFormula(float x, float y, int n) throws Exception {
    float primal = (float) named(CLASS, "poly", 3).invoke(null, x, y, n);
    Object g = named("p.Floats_Grad", "poly", 3).invoke(null, x, y, n);
    assertEquals((double) primal, (double) component(g, "value"), 0.0, "value bit for bit");
    Object twin = named("p.Floats_Grad", "polyDouble", 3).invoke(null, (double) x, (double) y, n);
    // The twin computes the same formula in double: its value and derivatives differ by float
    // rounding of the intermediates only.
    assertEquals((double) component(twin, "value"), primal, 1e-5 * Math.max(1, Math.abs(primal)));
    for (String p : new String[] {"x", "y"}) {
      double expected = (double) component(twin, p);
      double actual = (double) component(g, p);
      assertTrue(Math.abs(expected - actual) <= 1e-4 * Math.max(1, Math.abs(expected)),
          "d/d" + p + ": float " + actual + ", double twin " + expected);
    }
    // Forward mode on the same float arithmetic agrees with reverse mode to double rounding.
    Object jvp = named("p.Floats_Grad", "polyJvp", 5).invoke(null, (double) x, (double) y, n, 0.5, -2.0);
    double dot = 0.5 * (double) component(g, "x") - 2.0 * (double) component(g, "y");
    assertEquals(dot, (double) component(jvp, "tangent"), 1e-12 * Math.max(1, Math.abs(dot)));
    assertEquals((double) primal, (double) component(jvp, "value"), 0.0);
    // Second order likewise: H v of the float method against the double twin's.
    Object hvp = component(named("p.Floats_Grad", "polyHvp", 5).invoke(null, (double) x, (double) y, n, 0.5, -2.0),
        "hvp");
    Object twinHvp = component(named("p.Floats_Grad", "polyDoubleHvp", 5).invoke(null, (double) x, (double) y, n,
        0.5, -2.0), "hvp");
    for (String p : new String[] {"x", "y"}) {
      double expected = (double) component(twinHvp, p);
      double actual = (double) component(hvp, p);
      assertTrue(Math.abs(expected - actual) <= 1e-4 * Math.max(1, Math.abs(expected)),
          "(H v)_" + p + ": float " + actual + ", double twin " + expected);
    }
  }
}
