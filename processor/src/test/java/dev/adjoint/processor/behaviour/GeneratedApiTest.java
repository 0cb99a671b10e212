package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Point;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public shape of the generated code: class and member names, modifiers, record components
 * (value first, then one per active parameter), the entry points' signatures, the adjoint class,
 * {@code @Generated}, and the value component equal to the original method's result.
 */
class GeneratedApiTest {

  static final String API =
      """
      package p;

      import dev.adjoint.Differentiable;
      import dev.adjoint.NoDerivative;

      class Api {
        @Differentiable static double m(double a, int n, @NoDerivative double c) {
          return a * a * n + c * a;
        }

        @Differentiable static double fooBar(double x, double y) {
          return Math.sin(x) * y;
        }

        @Differentiable static double f(double v) {
          return v * v * v;
        }

        @Differentiable static double inactiveKinds(
            double x, int i, long l, boolean b, @NoDerivative double nd, double y) {
          // b is deliberately unused: conditionals are covered by ConditionalTest.
          double s = x * i + y * l + nd * x * y;
          return s * s;
        }

        @Differentiable static double onlyInactiveButOne(
            @NoDerivative double p, int q, @NoDerivative double r, double s) {
          return p * s + q * r * s * s;
        }

        static double notDifferentiable(double x) {
          return x;
        }
      }
      """;

  static final String OUTER =
      """
      package p;

      import dev.adjoint.Differentiable;

      final class Outer {
        static final class Inner {
          @Differentiable static double g(double t) { return Math.exp(t) - t; }
        }

        @Differentiable static double h(double u) { return Inner.g(u) * 2.0; }
      }
      """;

  static final String PUB =
      """
      package q.r;

      import dev.adjoint.Differentiable;

      public final class Pub {
        private Pub() {}

        @Differentiable public static double area(double w, double h) { return w * h; }
      }
      """;

  static Compiled unit() {
    return AdjointCompiler.compile(
        AdjointCompiler.source("p.Api", API),
        AdjointCompiler.source("p.Outer", OUTER),
        AdjointCompiler.source("q.r.Pub", PUB));
  }

  static DiffMethod m(String cls, String name) {
    return unit().method(cls, name);
  }

  @ParameterizedTest(name = "{0}.{1}")
  @CsvSource({
    "p.Api, m",
    "p.Api, fooBar",
    "p.Api, f",
    "p.Api, inactiveKinds",
    "p.Api, onlyInactiveButOne",
    "p.Outer$Inner, g",
    "p.Outer, h",
    "q.r.Pub, area"
  })
  void generatedMembersFollowTheContract(String cls, String name) {
    m(cls, name).assertContract();
  }

  @Test
  void namesOfGeneratedTypes() {
    Compiled c = unit();
    // Loading fails with the list of written classes if a name is wrong.
    c.load("p.Api_Grad");
    c.load("p.Api_Grad$MGradient");
    c.load("p.Api_Grad$MAdjoint");
    c.load("p.Api_Grad$FooBarGradient");
    c.load("p.Api_Grad$FooBarAdjoint");
    c.load("p.Api_Grad$FGradient");
    c.load("p.Api_Grad$FAdjoint");
    c.load("p.Api_Grad$InactiveKindsGradient");
    c.load("p.Outer_Inner_Grad");
    c.load("p.Outer_Inner_Grad$GGradient");
    c.load("p.Outer_Inner_Grad$GAdjoint");
    c.load("p.Outer_Grad$HGradient");
    c.load("q.r.Pub_Grad$AreaGradient");
  }

  @Test
  void oneGradClassPerUserClassHoldingEveryMethod() throws Exception {
    Class<?> grad = unit().load("p.Api_Grad");
    List<String> names = new ArrayList<>();
    for (var m : grad.getDeclaredMethods()) {
      if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
        names.add(m.getName());
      }
    }
    for (String expected :
        List.of(
            "m", "mVjp", "fooBar", "fooBarVjp", "f", "fVjp", "inactiveKinds",
            "inactiveKindsVjp", "onlyInactiveButOne", "onlyInactiveButOneVjp")) {
      assertTrue(names.contains(expected), expected + " missing from " + names);
    }
    assertTrue(!names.contains("notDifferentiable"), "no entry point for a plain method");
  }

  @Test
  void recordComponentsAreValueThenActiveParametersOnly() {
    assertEquals(List.of("value", "a"), components("p.Api", "m"));
    assertEquals(List.of("value", "x", "y"), components("p.Api", "fooBar"));
    assertEquals(List.of("value", "x", "y"), components("p.Api", "inactiveKinds"));
    assertEquals(List.of("value", "s"), components("p.Api", "onlyInactiveButOne"));
    assertEquals(List.of("value", "t"), components("p.Outer$Inner", "g"));
  }

  private static List<String> components(String cls, String name) {
    RecordComponent[] rc = m(cls, name).recordClass().getRecordComponents();
    assertTrue(rc != null, "not a record");
    List<String> out = new ArrayList<>();
    for (RecordComponent c : rc) {
      assertEquals(double.class, c.getType(), c.getName());
      out.add(c.getName());
    }
    return out;
  }

  @Test
  void gradientEntryPointTakesTheOriginalParameters() throws Exception {
    DiffMethod d = m("p.Api", "inactiveKinds");
    assertArrayEquals(
        new Class<?>[] {double.class, int.class, long.class, boolean.class, double.class, double.class},
        d.gradientMethod().getParameterTypes());
    Class<?>[] vjp = d.vjpMethod().getParameterTypes();
    assertEquals(8, vjp.length);
    assertEquals(double.class, vjp[6]);
    assertEquals(d.adjointClass(), vjp[7]);
  }

  @Test
  void generatedClassCarriesGeneratedAnnotation() {
    for (String grad : List.of("p.Api_Grad", "p.Outer_Inner_Grad", "p.Outer_Grad", "q.r.Pub_Grad")) {
      String text = unit().generatedSource(grad);
      boolean simple = text.contains("@Generated");
      boolean qualified = text.contains("@javax.annotation.processing.Generated");
      assertTrue(simple || qualified, grad + " has no @Generated:\n" + text);
      if (simple && !qualified) {
        assertTrue(
            text.contains("import javax.annotation.processing.Generated;"),
            grad + " uses @Generated without importing javax.annotation.processing.Generated");
      }
      assertTrue(
          text.contains("dev.adjoint.processor.AdjointProcessor"),
          grad + ": @Generated should name the processor");
    }
  }

  @Test
  void gradientsOfTheContractExample() {
    // m = a^2 n + c a
    m("p.Api", "m").at(1.5, 3, 0.25).hasGradient(2 * 1.5 * 3 + 0.25);
    m("p.Api", "m").at(-2.0, -1, 4.0).hasGradient(2 * -2.0 * -1 + 4.0);
    m("p.Api", "fooBar").at(0.3, -2.0).hasGradient(Math.cos(0.3) * -2.0, Math.sin(0.3));
    m("p.Api", "f").at(-1.2).hasGradient(3 * 1.44);
    m("p.Api", "onlyInactiveButOne").at(2.0, 3, 0.5, -1.5).hasGradient(2.0 + 2 * 3 * 0.5 * -1.5);
    m("p.Outer$Inner", "g").at(0.7).hasGradient(Math.exp(0.7) - 1);
    m("p.Outer", "h").at(0.7).hasGradient(2 * (Math.exp(0.7) - 1));
    m("q.r.Pub", "area").at(3.0, 4.0).hasGradient(4.0, 3.0);
  }

  @Test
  void valueComponentEqualsOriginalResultExactlyAtRandomPoints() {
    Random random = new Random(1234);
    for (int i = 0; i < 200; i++) {
      double x = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
      double y = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
      int n = random.nextInt(21) - 10;
      long l = random.nextLong() % 1000;
      boolean b = random.nextBoolean();
      check(m("p.Api", "m").at(x, n, y));
      check(m("p.Api", "fooBar").at(x, y));
      check(m("p.Api", "f").at(x));
      check(m("p.Api", "inactiveKinds").at(x, n, l, b, y, x - y));
      check(m("p.Outer", "h").at(x / 1000));
    }
  }

  private static void check(Point p) {
    double primal = p.primal();
    double value = p.value();
    assertTrue(
        primal == value || (Double.isNaN(primal) && Double.isNaN(value)),
        p + ": value " + value + " != original " + primal);
  }

  @Test
  void inactiveKindsGradient() {
    for (boolean b : new boolean[] {true, false}) {
      double x = 0.8;
      int i = 3;
      long l = -2;
      double nd = 1.5;
      double y = -0.6;
      double s = x * i + y * l + nd * x * y;
      double dsx = i + nd * y;
      double dsy = l + nd * x;
      m("p.Api", "inactiveKinds").at(x, i, l, b, nd, y).hasGradient(2 * s * dsx, 2 * s * dsy);
    }
  }

  @Test
  void gradientRecordIsAPlainRecord() throws Exception {
    Point p = m("p.Api", "fooBar").at(0.3, -2.0);
    Object record = p.gradientRecord();
    Object again = m("p.Api", "fooBar").gradientMethod().invoke(null, 0.3, -2.0);
    assertEquals(record, again, "records with equal components are equal");
    assertTrue(record.toString().contains("value"), record.toString());
    assertEquals(
        Arrays.asList("value", "x", "y"),
        Arrays.stream(record.getClass().getRecordComponents()).map(RecordComponent::getName).toList());
  }
}
