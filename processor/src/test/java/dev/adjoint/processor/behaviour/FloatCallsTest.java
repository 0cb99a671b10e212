package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Floats across method boundaries: helpers with {@code float} parameters and results (implicit
 * and {@code @Differentiable}, static and instance, given ints,
 * floats and doubles, a float component of a record argument, in a loop). The generated value is
 * the method's bit for bit (each call gets Java's float arguments); the derivative is that of the
 * same formula in double, a twin method, whose own gradient is checked against central differences.
 */
class FloatCallsTest {
  static final String CLASS = "p.FloatCalls";
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Differentiable;

      final class FloatCalls {
        record P(float a, double b) { }

        final float gain;

        FloatCalls(float gain) {
          this.gain = gain;
        }

        static float scaled(float x, float k) {
          return x * k + 0.25f;
        }

        @Differentiable
        static float softsign(float x) {
          return x / (1 + Math.abs(x));
        }

        static double mixed(float a, double b) {
          return a * b;
        }

        static float pick(float a) {
          return a;
        }

        static double useP(P p) {
          return p.a() * p.b();
        }

        float amplified(float x) {
          return gain * x;
        }

        @Differentiable
        static double calls(double x, float y, int n) {
          float s = scaled(y, 3);
          float t = scaled((float) x, s);
          double m = mixed(s, x) + pick(t) + pick(n) + softsign(t) * n + useP(new P(s, x));
          float u = s;
          for (int i = 0; i < n; i++) {
            u = scaled(u, 0.5f);
          }
          return m + u + scaled(n, y) + softsignD(u);
        }

        @Differentiable
        double instance(double x, float y) {
          float a = amplified(y) + this.amplified((float) x);
          return a * scaled(a, y);
        }

        // The same formulas in double.
        static double scaledD(double x, double k) {
          return x * k + 0.25;
        }

        static double softsignD(double x) {
          return x / (1 + Math.abs(x));
        }

        @Differentiable
        static double callsDouble(double x, double y, int n) {
          double s = scaledD(y, 3);
          double t = scaledD(x, s);
          double m = s * x + t + n + softsignD(t) * n + s * x;
          double u = s;
          for (int i = 0; i < n; i++) {
            u = scaledD(u, 0.5);
          }
          return m + u + scaledD(n, y) + softsignD(u);
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile(CLASS, SOURCE);
  }

  private static Method named(String cls, String name, int parameters) {
    return compiled().declared(cls, name, parameters);
  }

  private static double component(Object record, String name) throws Exception {
    Method m = record.getClass().getMethod(name);
    m.setAccessible(true);
    return ((Number) m.invoke(record)).doubleValue();
  }

  /** The double twin's value, for central differences. */
  private static double callsDouble(double x, double y, int n) {
    try {
      return (double) named(CLASS, "callsDouble", 3).invoke(null, x, y, n);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 2", "1.25, 0.5, 3", "-2.1, 1.9, 0"})
  void helpersTakingAndReturningFloatsGiveTheMethodsValueAndTheFormulasDerivative(double x, float y, int n)
      throws Exception {
    double primal = (double) named(CLASS, "calls", 3).invoke(null, x, y, n);
    Object g = named("p.FloatCalls_Grad", "calls", 3).invoke(null, x, y, n);
    assertEquals(primal, component(g, "value"), 0.0, "value bit for bit");
    // The double twin's gradient against central differences of the twin.
    Object twin = named("p.FloatCalls_Grad", "callsDouble", 3).invoke(null, x, (double) y, n);
    Numeric.Estimate dx = Numeric.centralDifference(v -> callsDouble(v, y, n), x);
    Numeric.Estimate dy = Numeric.centralDifference(v -> callsDouble(x, v, n), y);
    assertTrue(Numeric.close(dx.derivative(), component(twin, "x"), 1e-6), "twin d/dx " + dx.derivative());
    assertTrue(Numeric.close(dy.derivative(), component(twin, "y"), 1e-6), "twin d/dy " + dy.derivative());
    // The float method's derivative is the twin's up to float rounding of the intermediates.
    for (String p : new String[] {"x", "y"}) {
      double expected = component(twin, p);
      double actual = component(g, p);
      assertTrue(Math.abs(expected - actual) <= 1e-4 * Math.max(1, Math.abs(expected)),
          "d/d" + p + ": float " + actual + ", double twin " + expected);
    }
    // Forward mode and second order run through the same calls.
    Object jvp = named("p.FloatCalls_Grad", "callsJvp", 5).invoke(null, x, (double) y, n, 0.5, -2.0);
    double dot = 0.5 * component(g, "x") - 2.0 * component(g, "y");
    assertEquals(dot, component(jvp, "tangent"), 1e-12 * Math.max(1, Math.abs(dot)));
    assertEquals(primal, component(jvp, "value"), 0.0);
    Object hvp = named("p.FloatCalls_Grad", "callsHvp", 5).invoke(null, x, (double) y, n, 0.5, -2.0);
    Object twinHvp = named("p.FloatCalls_Grad", "callsDoubleHvp", 5).invoke(null, x, (double) y, n, 0.5, -2.0);
    for (String p : new String[] {"x", "y"}) {
      double expected = component(twinHvp.getClass().getMethod("hvp").invoke(twinHvp), p);
      double actual = component(hvp.getClass().getMethod("hvp").invoke(hvp), p);
      assertTrue(Math.abs(expected - actual) <= 1e-4 * Math.max(1, Math.abs(expected)),
          "(H v)_" + p + ": float " + actual + ", double twin " + expected);
    }
  }

  @Test
  void anInstanceMethodCallsItsFloatHelpersWithTheReceiver() throws Exception {
    Class<?> cls = compiled().load(CLASS);
    var ctor = cls.getDeclaredConstructor(float.class);
    ctor.setAccessible(true);
    float gain = 1.5f;
    Object model = ctor.newInstance(gain);
    double x = 0.7;
    float y = -0.4f;
    double primal = (double) named(CLASS, "instance", 2).invoke(model, x, y);
    Object g = named("p.FloatCalls_Grad", "instance", 3).invoke(null, model, x, y);
    assertEquals(primal, component(g, "value"), 0.0, "value bit for bit");
    // a = gain (y + x); f = a (a y + 0.25): df/da = 2 a y + 0.25, df/dy = a^2 + gain df/da.
    double a = gain * (y + x);
    double dfda = 2 * a * y + 0.25;
    assertEquals(gain * dfda, component(g, "x"), 1e-5);
    assertEquals(a * a + gain * dfda, component(g, "y"), 1e-5);
  }
}
