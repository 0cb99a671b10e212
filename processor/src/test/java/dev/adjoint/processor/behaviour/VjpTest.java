package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Numeric;
import dev.adjoint.processor.testing.Point;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocation-free entry point {@code mVjp(..., double seed, MAdjoint adjoint)}: it returns the
 * value and ADDS {@code seed * dm/dp} to {@code adjoint.p} for every active parameter; {@code
 * MAdjoint.reset()} zeroes every field. (Every other behaviour test also checks the VJP at each
 * point through {@link Point}; this class spells the contract out directly.)
 */
class VjpTest {

  static final String CLASS = "p.Vjp";
  static final String MEMBERS =
      """
        @Differentiable static double mixed(
            double a, int n, @NoDerivative double c, double b, long k, boolean flag) {
          // flag is deliberately unused: conditionals are covered by ConditionalTest.
          double s = a * b + Math.sin(a) * n;
          s += c * b * b + k;
          return s;
        }
        @Differentiable static double single(double x) {
          return Math.exp(x) * x;
        }
        @Differentiable static double caller(double x, double y) {
          return single(x * y) + mixed(x, 2, 0.5, y, 3L, true);
        }
      """;

  /** Edge cases, each compiled alone. */
  static final String EDGE_MEMBERS =
      """
        @Differentiable static double unusedParameter(double x, double unused) {
          return x * x;
        }
        @Differentiable static double independentOfInputs(double x) {
          return 3.0;
        }
      """;

  static DiffMethod m(String name) {
    if (Sources.splitMethods(EDGE_MEMBERS).containsKey(name)) {
      return Sources.compileMethodAlone(CLASS, EDGE_MEMBERS, name).method(CLASS, name);
    }
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  static Object newAdjoint(DiffMethod m) throws ReflectiveOperationException {
    return m.adjointClass().getConstructor().newInstance();
  }

  static double field(Object adjoint, String name) throws ReflectiveOperationException {
    return adjoint.getClass().getField(name).getDouble(adjoint);
  }

  static double vjp(DiffMethod m, Object adjoint, double seed, Object... args) {
    Object[] all = new Object[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = seed;
    all[args.length + 1] = adjoint;
    try {
      return (Double) m.vjpMethod().invoke(null, all);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static void assertClose(double expected, double actual, String what) {
    assertTrue(
        Numeric.close(expected, actual, Numeric.VJP_TOLERANCE),
        what + ": expected " + expected + " but was " + actual);
  }

  @ParameterizedTest(name = "seed = {0}")
  @ValueSource(doubles = {1.0, -3.5, 1e-3, 0.0, 1e6})
  void addsSeedTimesPartialAndReturnsValue(double seed) throws Exception {
    DiffMethod m = m("mixed");
    Object[] args = {0.7, 3, 1.25, -0.4, 2L, true};
    Point p = m.at(args);
    Object adjoint = newAdjoint(m);
    double r = vjp(m, adjoint, seed, args);
    assertEquals(p.primal(), r, "vjp returns the value");
    assertClose(seed * p.partial("a"), field(adjoint, "a"), "adjoint.a");
    assertClose(seed * p.partial("b"), field(adjoint, "b"), "adjoint.b");
  }

  @Test
  void accumulatesOverCallsAndPoints() throws Exception {
    DiffMethod m = m("mixed");
    Object[] p1 = {0.7, 3, 1.25, -0.4, 2L, true};
    Object[] p2 = {-1.1, -2, 0.5, 2.0, 7L, false};
    Object adjoint = newAdjoint(m);
    vjp(m, adjoint, 2.0, p1);
    vjp(m, adjoint, 2.0, p1);
    vjp(m, adjoint, -0.5, p2);
    double expectedA = 4.0 * m.at(p1).partial("a") - 0.5 * m.at(p2).partial("a");
    double expectedB = 4.0 * m.at(p1).partial("b") - 0.5 * m.at(p2).partial("b");
    assertClose(expectedA, field(adjoint, "a"), "adjoint.a");
    assertClose(expectedB, field(adjoint, "b"), "adjoint.b");
  }

  @Test
  void zeroSeedLeavesAdjointUnchangedButReturnsValue() throws Exception {
    DiffMethod m = m("mixed");
    Object[] args = {0.7, 3, 1.25, -0.4, 2L, false};
    Object adjoint = newAdjoint(m);
    adjoint.getClass().getField("a").setDouble(adjoint, 5.5);
    adjoint.getClass().getField("b").setDouble(adjoint, -6.5);
    double r = vjp(m, adjoint, 0.0, args);
    assertEquals(m.primal(args), r);
    assertEquals(5.5, field(adjoint, "a"));
    assertEquals(-6.5, field(adjoint, "b"));
  }

  @Test
  void resetZeroesEveryField() throws Exception {
    DiffMethod m = m("mixed");
    Object adjoint = newAdjoint(m);
    vjp(m, adjoint, 1.0, 0.7, 3, 1.25, -0.4, 2L, true);
    assertTrue(field(adjoint, "a") != 0.0 && field(adjoint, "b") != 0.0);
    Method reset = adjoint.getClass().getMethod("reset");
    reset.invoke(adjoint);
    for (Field f : adjoint.getClass().getFields()) {
      assertEquals(0.0, f.getDouble(adjoint), f.getName() + " after reset()");
    }
    // Usable again after reset.
    vjp(m, adjoint, 1.0, 0.7, 3, 1.25, -0.4, 2L, true);
    assertClose(m.at(0.7, 3, 1.25, -0.4, 2L, true).partial("a"), field(adjoint, "a"), "a");
  }

  @Test
  void adjointInstancesAreIndependent() throws Exception {
    DiffMethod m = m("single");
    Object first = newAdjoint(m);
    Object second = newAdjoint(m);
    vjp(m, first, 1.0, 0.5);
    assertEquals(0.0, field(second, "x"));
    vjp(m, second, 3.0, 0.5);
    assertClose(1.5 * Math.exp(0.5) * 1.0, field(first, "x"), "first.x");
    assertClose(1.5 * Math.exp(0.5) * 3.0, field(second, "x"), "second.x");
  }

  @Test
  void adjointOnlyHasFieldsForActiveParameters() {
    DiffMethod m = m("mixed");
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Field f : m.adjointClass().getFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        names.add(f.getName());
      }
    }
    java.util.Collections.sort(names);
    assertEquals(java.util.List.of("a", "b"), names);
  }

  @Test
  void vjpOfMethodThatCallsOtherDifferentiableMethods() throws Exception {
    DiffMethod m = m("caller");
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      double x = random.nextDouble() * 4 - 2;
      double y = random.nextDouble() * 4 - 2;
      double seed = random.nextDouble() * 6 - 3;
      Object adjoint = newAdjoint(m);
      double r = vjp(m, adjoint, seed, x, y);
      // caller = (xy) e^(xy) + [x y + 2 sin x + 0.5 y^2 + 3]
      double u = x * y;
      double du = Math.exp(u) * (1 + u);
      double dx = du * y + y + 2 * Math.cos(x);
      double dy = du * x + x + y;
      assertEquals(m.primal(x, y), r);
      assertTrue(Numeric.close(seed * dx, field(adjoint, "x"), 1e-9), "x at " + x + ", " + y);
      assertTrue(Numeric.close(seed * dy, field(adjoint, "y"), 1e-9), "y at " + x + ", " + y);
      m.at(x, y).hasGradient(dx, dy);
    }
  }

  @Test
  void vjpAgreesWithGradientAtRandomPoints() throws Exception {
    DiffMethod m = m("mixed");
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      Object[] args = {
        random.nextGaussian() * 2,
        random.nextInt(11) - 5,
        random.nextGaussian(),
        random.nextGaussian() * 2,
        (long) random.nextInt(100),
        random.nextBoolean()
      };
      double seed = random.nextGaussian() * 3;
      Point p = m.at(args);
      Object adjoint = newAdjoint(m);
      double r = vjp(m, adjoint, seed, args);
      assertEquals(p.value(), r);
      assertClose(seed * p.partial("a"), field(adjoint, "a"), "a");
      assertClose(seed * p.partial("b"), field(adjoint, "b"), "b");
      p.matchesCentralDifferences();
    }
  }

  @Test
  void unusedActiveParameterGetsZero() throws Exception {
    DiffMethod m = m("unusedParameter");
    m.at(1.5, 2.0).hasGradient(3.0, 0.0);
    Object adjoint = newAdjoint(m);
    vjp(m, adjoint, 2.0, 1.5, 2.0);
    assertEquals(6.0, field(adjoint, "x"));
    assertEquals(0.0, field(adjoint, "unused"));
  }

  @Test
  void constantMethodHasZeroGradient() throws Exception {
    DiffMethod m = m("independentOfInputs");
    m.at(1.5).hasGradient(0.0).hasValue(3.0);
    Object adjoint = newAdjoint(m);
    assertEquals(3.0, vjp(m, adjoint, 2.0, 1.5));
    assertEquals(0.0, field(adjoint, "x"));
  }
}
