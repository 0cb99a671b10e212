package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records of numbers and arrays, held component by component: a record parameter is active
 * component by component and its gradient component is a record of the same type of partials;
 * records constructed inside the method, reassigned in a loop (each new record built before it
 * replaces the old one) and copied. Against closed forms and central differences in each
 * component.
 */
class RecordsTest {
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Differentiable;

      record Point(double x, double y) {}

      record Sample(double[] v, double weight, int label) {}

      record Pair(float a, double b) {}

      final class Geometry {
        // |p - q|^2
        @Differentiable
        static double dist2(Point p, double qx, double qy) {
          double dx = p.x() - qx;
          double dy = p.y() - qy;
          return dx * dx + dy * dy;
        }

        // A record built inside, rebuilt from itself n times (x and y trade places), then copied.
        @Differentiable
        static double walk(Point p, int n) {
          Point q = new Point(p.x(), 2 * p.y());
          for (int i = 0; i < n; i++) {
            q = new Point(q.y() * 0.5 + Math.sin(q.x()), q.x());
          }
          var r = q;
          return r.x() * r.y();
        }

        // weight * |v|^2 + label
        @Differentiable
        static double weighted(Sample s) {
          double t = 0;
          for (int i = 0; i < s.v().length; i++) {
            t += s.v()[i] * s.v()[i];
          }
          return s.weight() * t + s.label();
        }

        // Records passed to a helper of the same file and to another @Differentiable method.
        static double cross(Point a, Point b) {
          return a.x() * b.y() - a.y() * b.x();
        }

        @Differentiable
        static double passed(Point p, double s) {
          Point q = new Point(s * p.y(), p.x() + s);
          return cross(p, q) + dist2(new Point(s, 2 * s), p.x(), 1.0) + cross(q, new Point(1, s));
        }

        // A float component: float times double.
        @Differentiable
        static double pair(Pair p) {
          return p.a() * p.b();
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile("p.Geometry", SOURCE);
  }

  private static Object point(double x, double y) throws Exception {
    Constructor<?> c = compiled().load("p.Point").getDeclaredConstructor(double.class, double.class);
    c.setAccessible(true);
    return c.newInstance(x, y);
  }

  private static Method named(String cls, String name) {
    Method m = Arrays.stream(compiled().load(cls).getDeclaredMethods()).filter(x -> x.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no " + cls + "." + name));
    m.setAccessible(true);
    return m;
  }

  private static Object component(Object record, String name) throws Exception {
    Method m = record.getClass().getDeclaredMethod(name);
    m.setAccessible(true);
    return m.invoke(record);
  }

  private static double call(Method m, Object... args) {
    try {
      return (double) m.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.1, 0.4", "2.0, 1.0, -1.0, 0.5"})
  void aRecordParametersGradientIsARecordOfPartials(double x, double y, double qx, double qy) throws Exception {
    Object g = named("p.Geometry_Grad", "dist2").invoke(null, point(x, y), qx, qy);
    Object partials = component(g, "p");
    assertEquals(compiled().load("p.Point"), partials.getClass());
    assertEquals(2 * (x - qx), (double) component(partials, "x"), 1e-15);
    assertEquals(2 * (y - qy), (double) component(partials, "y"), 1e-15);
    assertEquals(-2 * (x - qx), (double) component(g, "qx"), 1e-15);
    assertTrue(compiled().generatedSource("p.Geometry_Grad").contains("public static Dist2Gradient dist2(Point p, double qx, double qy)"));
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 0", "0.3, -0.7, 3", "1.2, 0.4, 4"})
  void recordsBuiltAndRebuiltInsideTheMethod(double x, double y, int n) throws Exception {
    Method walk = named("p.Geometry", "walk");
    Object g = named("p.Geometry_Grad", "walk").invoke(null, point(x, y), n);
    assertEquals(call(walk, point(x, y), n), (double) component(g, "value"), 0.0);
    Object partials = component(g, "p");
    double dx = Numeric.centralDifference(t -> call(walk, point0(t, y), n), x).derivative();
    double dy = Numeric.centralDifference(t -> call(walk, point0(x, t), n), y).derivative();
    assertEquals(dx, (double) component(partials, "x"), 1e-7 * Math.max(1, Math.abs(dx)));
    assertEquals(dy, (double) component(partials, "y"), 1e-7 * Math.max(1, Math.abs(dy)));
  }

  private static Object point0(double x, double y) {
    try {
      return point(x, y);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.1", "2.0, 1.0, -0.5"})
  void recordsPassedToOtherMethods(double x, double y, double s) throws Exception {
    // cross(p, q) = x (x + s) - y (s y); dist2((s, 2s), x, 1) = (s - x)^2 + (2s - 1)^2;
    // cross(q, (1, s)) = s y s - (x + s).
    Method passed = named("p.Geometry", "passed");
    Object g = named("p.Geometry_Grad", "passed").invoke(null, point(x, y), s);
    assertEquals(call(passed, point(x, y), s), (double) component(g, "value"), 0.0);
    Object partials = component(g, "p");
    double dx = 2 * x + s - 2 * (s - x) - 1;
    double dy = -2 * s * y + s * s;
    double ds = x - y * y + 2 * (s - x) + 4 * (2 * s - 1) + 2 * s * y - 1;
    assertEquals(dx, (double) component(partials, "x"), 1e-12 * Math.max(1, Math.abs(dx)));
    assertEquals(dy, (double) component(partials, "y"), 1e-12 * Math.max(1, Math.abs(dy)));
    assertEquals(ds, (double) component(g, "s"), 1e-12 * Math.max(1, Math.abs(ds)));
    double fd = Numeric.centralDifference(t -> call(passed, point0(x, y), t), s).derivative();
    assertEquals(fd, (double) component(g, "s"), 1e-7 * Math.max(1, Math.abs(fd)));
  }

  @Test
  void arrayAndIntComponents() throws Exception {
    Constructor<?> c = compiled().load("p.Sample").getDeclaredConstructor(double[].class, double.class, int.class);
    c.setAccessible(true);
    double[] v = {0.5, -1.5, 2.0};
    Object g = named("p.Geometry_Grad", "weighted").invoke(null, c.newInstance(v.clone(), 0.75, 3));
    Object partials = component(g, "s");
    double[] dv = (double[]) component(partials, "v");
    for (int i = 0; i < v.length; i++) {
      assertEquals(2 * 0.75 * v[i], dv[i], 1e-15);
    }
    assertEquals(0.25 + 2.25 + 4.0, (double) component(partials, "weight"), 1e-15);
    assertEquals(0, (int) component(partials, "label"), "an int component has no derivative");
  }

  @Test
  void aFloatComponent() throws Exception {
    Constructor<?> c = compiled().load("p.Pair").getDeclaredConstructor(float.class, double.class);
    c.setAccessible(true);
    Object g = named("p.Geometry_Grad", "pair").invoke(null, c.newInstance(1.5f, -0.25));
    Object partials = component(g, "p");
    assertEquals(-0.25f, (float) component(partials, "a"), 0f);
    assertEquals(1.5, (double) component(partials, "b"), 0.0);
  }
}
