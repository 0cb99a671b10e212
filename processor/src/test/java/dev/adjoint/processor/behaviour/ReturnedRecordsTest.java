package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records returned by helpers: the helper returns its components in a new array and its caller
 * takes them apart (see RecordResults). Each method against a closed form where one is short,
 * and always against central differences, its VJP, JVP and HVP (the Point checks): records
 * returned into a declaration, a reassignment in a loop, a {@code var}, an accessor on the call,
 * an argument of another helper, a helper returning a record it got or one another helper
 * returned, components of every kind a double holds (int, boolean, float, long), and an instance
 * method returning one.
 */
class ReturnedRecordsTest {
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.Differentiable;

      record Vec(double x, double y) {}

      record Step(double value, int count, boolean big, float half, long stamp) {}

      record Scaled(double[] v, double norm2) {}

      record State(double[] q, double energy, int[] order) {}

      record Marks(boolean[] big, double[] w, long[] ids) {}

      final class Motion {
        static Vec rotate(Vec v, double t) {
          double c = Math.cos(t);
          double s = Math.sin(t);
          return new Vec(c * v.x() - s * v.y(), s * v.x() + c * v.y());
        }

        static Vec scaled(double k, Vec v) {
          return new Vec(k * v.x(), k * v.y());
        }

        // Returns the record it was given on one branch, one built from another helper's on the other.
        static Vec larger(Vec v, double k) {
          if (v.x() > v.y()) {
            return v;
          }
          Vec w = scaled(k, rotate(v, k));
          return w;
        }

        static double cross(Vec a, Vec b) {
          return a.x() * b.y() - a.y() * b.x();
        }

        static Step step(double v, int n) {
          float h = n * 0.5f + 0.1f;
          return new Step(v * v, n + 1, v > 1, h, 1234567890123456789L);
        }

        // rotate(v, t) read back: (x cos t - y sin t) + 2 (x sin t + y cos t).
        @Differentiable
        static double turned(double x, double y, double t) {
          Vec r = rotate(new Vec(x, y), t);
          return r.x() + 2 * r.y();
        }

        // An accessor on each call, and on a record built in place: (k x) * (k^2 x) + k.
        @Differentiable
        static double accessed(double x, double y, double k) {
          return scaled(k, new Vec(x, y)).x() * scaled(k * k, new Vec(y, x)).y() + new Vec(y, k).y();
        }

        // A record rebuilt from a helper in a loop whose angle depends on the state, then a var,
        // a helper returning its argument or another helper's record, and a call as an argument.
        @Differentiable
        static double spun(double x, double y, double t, int n) {
          Vec q = new Vec(x, y);
          for (int i = 0; i < n; i++) {
            q = rotate(q, t * q.y());
          }
          var r = larger(q, t);
          return cross(rotate(r, 0.5 * t), new Vec(x, t)) + r.x() * r.y();
        }

        // Every kind of component a double holds exactly.
        @Differentiable
        static double kinds(double v, int n) {
          Step s = step(v, n);
          double stamp = s.stamp() == 1234567890123456789L ? 1 : 0;
          return s.value() * s.count() + (s.big() ? v : -v) + s.half() * v + stamp * v;
        }
      }

      final class Arrays1 {
        static Scaled scaled(double[] x, double a) {
          double[] v = new double[x.length];
          double n = 0;
          for (int i = 0; i < x.length; i++) {
            v[i] = a * x[i];
            n += v[i] * v[i];
          }
          return new Scaled(v, n);
        }

        // One explicit Euler step of q' = -sin(q), with its energy and an order it computed.
        static State euler(double[] q, double dt) {
          double[] next = new double[q.length];
          int[] order = new int[q.length];
          double energy = 0;
          for (int i = 0; i < q.length; i++) {
            next[i] = q[i] - dt * Math.sin(q[i]);
            energy += 0.5 * next[i] * next[i];
            order[i] = q.length - 1 - i;
          }
          return new State(next, energy, order);
        }

        static Marks marks(double[] x) {
          boolean[] big = new boolean[x.length];
          long[] ids = new long[x.length];
          double[] w = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            big[i] = x[i] > 1;
            ids[i] = 3L * i + 1234567890123L;
            w[i] = x[i] * x[i];
          }
          return new Marks(big, w, ids);
        }

        // sum(a x) + |a x|^2.
        @Differentiable
        static double sumAndNorm(double[] x, double a) {
          Scaled s = scaled(x, a);
          double total = s.norm2();
          for (int i = 0; i < s.v().length; i++) {
            total += s.v()[i];
          }
          return total;
        }

        // A record with arrays rebuilt from a helper in a loop, its copy of an array written
        // into, an int[] component used as indices, and an accessor on a call.
        @Differentiable
        static double simulated(double[] q, double dt, int steps) {
          State s = euler(q, dt);
          double total = s.energy();
          for (int k = 0; k < steps; k++) {
            s = euler(s.q(), dt * (1 + s.q()[0] * s.q()[0]));
            s.q()[s.order()[0]] *= 1.5;
            total += s.energy() * s.q()[s.order()[0]];
          }
          var last = s;
          return total + euler(q, 2 * dt).q()[q.length - 1] + last.q()[0];
        }

        // boolean[] and long[] components beside a double[]: sum over big x of x^2 minus the rest,
        // plus x_i^2 again where the id came back exactly.
        @Differentiable
        static double marked(double[] x) {
          Marks m = marks(x);
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            total += m.big()[i] ? m.w()[i] : -m.w()[i];
            if (m.ids()[i] == 3L * i + 1234567890123L) {
              total += m.w()[i];
            }
          }
          return total;
        }
      }

      final class Body {
        final double mass;

        Body(double mass) {
          this.mass = mass;
        }

        Vec momentum(Vec velocity) {
          return new Vec(mass * velocity.x(), mass * velocity.y());
        }

        // |m v|^2 / 2m: the kinetic energy m |v|^2 / 2.
        @Differentiable
        double energy(double vx, double vy) {
          Vec p = momentum(new Vec(vx, vy));
          return (p.x() * p.x() + p.y() * p.y()) / (2 * mass);
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile("p.Motion", SOURCE);
  }

  private static DiffMethod motion(String name) {
    return compiled().method("p.Motion", name);
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.1", "2.0, 1.0, -0.4"})
  void aRecordReturnedIntoADeclaration(double x, double y, double t) {
    double c = Math.cos(t);
    double s = Math.sin(t);
    motion("turned").at(x, y, t).hasGradient(c + 2 * s, -s + 2 * c,
        (-x * s - y * c) + 2 * (x * c - y * s));
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.1", "2.0, 1.0, -0.4"})
  void anAccessorOnTheCall(double x, double y, double k) {
    // (k x) * (k^2 x) + k: x^2 k^3 + k; y does not reach the result.
    motion("accessed").at(x, y, k).hasGradient(2 * x * k * k * k, 0, 3 * x * x * k * k + 1);
  }

  @ParameterizedTest
  @CsvSource({"0.3, -0.7, 1.1, 0", "0.3, -0.7, 1.1, 3", "1.2, 0.4, 0.6, 5", "-0.5, 0.9, 0.8, 2"})
  void recordsFromHelpersInALoopAndThroughOtherHelpers(double x, double y, double t, int n) {
    motion("spun").at(x, y, t, n).matchesCentralDifferences();
  }

  @ParameterizedTest
  @CsvSource({"0.7, 3", "1.5, 0", "-2.25, 4"})
  void componentsOfEveryKindADoubleHolds(double v, int n) {
    // v^2 (n + 1) + (v > 1 ? v : -v) + (n * 0.5f + 0.1f) v + v, the float's value exactly
    double half = n * 0.5f + 0.1f;
    double expected = 2 * v * (n + 1) + (v > 1 ? 1 : -1) + half + 1;
    motion("kinds").at(v, n).hasGradient(expected);
  }

  private static DiffMethod arrays(String name) {
    return compiled().method("p.Arrays1", name);
  }

  @ParameterizedTest
  @CsvSource({"0.5", "-1.25"})
  void aRecordWithAnArrayComponent(double a) {
    double[] x = {0.3, -0.7, 1.1};
    double[] dx = new double[x.length];
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < x.length; i++) {
      dx[i] = a + 2 * a * a * x[i];
      sum += x[i];
      squares += x[i] * x[i];
    }
    arrays("sumAndNorm").at(x, a).hasArrayGradient(dx, sum + 2 * a * squares);
  }

  @ParameterizedTest
  @CsvSource({"0.1, 0", "0.1, 1", "0.05, 4", "-0.2, 3"})
  void recordsWithArraysRebuiltInALoopAndWrittenInto(double dt, int steps) {
    arrays("simulated").at(new double[] {0.4, -1.3, 2.2, 0.9}, dt, steps).matchesCentralDifferences();
  }

  @Test
  void booleanAndLongArrayComponents() {
    double[] x = {0.5, 1.5, -2.0, 3.0};
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = (x[i] > 1 ? 2 : -2) * x[i] + 2 * x[i];
    }
    arrays("marked").at(x).hasArrayGradient((Object) dx);
  }

  @ParameterizedTest
  @CsvSource({"2.0, 0.5, -1.5", "0.25, 3.0, 1.0"})
  void anInstanceMethodReturningARecord(double mass, double vx, double vy) throws Exception {
    var constructor = compiled().load("p.Body").getDeclaredConstructor(double.class);
    constructor.setAccessible(true);
    Object body = constructor.newInstance(mass);
    Method energy = compiled().load("p.Body").getDeclaredMethod("energy", double.class, double.class);
    energy.setAccessible(true);
    Method gradient = compiled().load("p.Body_Grad").getMethod("energy", compiled().load("p.Body"), double.class,
        double.class);
    Object g = gradient.invoke(null, body, vx, vy);
    assertEquals((double) energy.invoke(body, vx, vy), component(g, "value"), 0.0);
    double dx = Numeric.centralDifference(t -> call(energy, body, t, vy), vx).derivative();
    double dy = Numeric.centralDifference(t -> call(energy, body, vx, t), vy).derivative();
    assertEquals(mass * vx, component(g, "vx"), 1e-12 * Math.max(1, Math.abs(mass * vx)));
    assertEquals(mass * vy, component(g, "vy"), 1e-12 * Math.max(1, Math.abs(mass * vy)));
    assertEquals(dx, component(g, "vx"), 1e-6 * Math.max(1, Math.abs(dx)));
    assertEquals(dy, component(g, "vy"), 1e-6 * Math.max(1, Math.abs(dy)));
  }

  private static double component(Object record, String name) throws ReflectiveOperationException {
    Method m = record.getClass().getDeclaredMethod(name);
    m.setAccessible(true);
    return (double) m.invoke(record);
  }

  private static double call(Method m, Object target, Object... args) {
    try {
      return (double) m.invoke(target, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void arrayComponentsTravelAsLengthAndElementsAfterTheNumbers() {
    String grad = compiled().generatedSource("p.Arrays1_Grad");
    assertTrue(grad.contains("double[] components = new double[1 + 1 + result.q().length + 1 + result.order().length];"),
        grad);
    assertTrue(grad.contains("components[at++] = result.q().length;"), grad);
  }

  @Test
  void theGeneratedCodeCarriesTheRecordInAnArray() {
    String grad = compiled().generatedSource("p.Motion_Grad");
    assertTrue(grad.contains("static double[] rotateComponents(double v_x, double v_y, double t)"), grad);
    assertTrue(grad.contains("Vec result = Motion.rotate(new Vec(v_x, v_y), t);"), grad);
    assertTrue(grad.contains("return new double[] {result.value(), result.count(), result.big() ? 1.0 : 0.0, "
        + "result.half(), Double.longBitsToDouble(result.stamp())};"), grad);
  }
}
