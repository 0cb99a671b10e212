package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code @Differentiable} instance methods: fields of {@code this} (numbers and arrays,
 * package-private, and a record's components through their accessors) are constants; {@code
 * this}'s other methods, annotated or helpers of the same file, are differentiated like static
 * helpers; the generated methods take the receiver first. Gradients against central differences
 * of the user's method and closed forms, forward mode against reverse.
 */
class InstanceMethodsTest {
  static final String MODEL =
      """
      package p;

      import dev.adjoint.Differentiable;

      public final class Model {
        final double[] w;
        double bias;

        public Model(double[] w, double bias) {
          this.w = w;
          this.bias = bias;
        }

        // bias + w . x
        @Differentiable
        public double predict(double[] x) {
          double s = bias;
          for (int i = 0; i < w.length; i++) {
            s += this.w[i] * x[i];
          }
          return s;
        }

        // (predict(x) - y)^2 + bias x0^2
        @Differentiable
        public double loss(double[] x, double y) {
          double r = predict(x) - y;
          return r * r + this.bias * sq(x[0]);
        }

        double sq(double v) {
          return v * v;
        }

        static double twice(double v) {
          return 2 * v;
        }

        // 2 a bias + a^2 + (number of weights) a
        @Differentiable
        public double mixed(double a) {
          return twice(a) * bias + this.sq(a) + w.length * a;
        }
      }
      """;

  static final String POINT =
      """
      package p;

      import dev.adjoint.Differentiable;

      public record Point(double x, double y) {
        // The distance from (px, py) to this point: the components through their accessors.
        @Differentiable
        public double distance(double px, double py) {
          return Math.hypot(px - x, py - this.y);
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile(List.of(AdjointCompiler.source("p.Model", MODEL),
        AdjointCompiler.source("p.Point", POINT)));
  }

  private static final double[] W = {0.5, -1.5, 2.0};
  private static final double BIAS = 0.75;

  private static Object model() throws Exception {
    return compiled().load("p.Model").getConstructor(double[].class, double.class).newInstance(W.clone(), BIAS);
  }

  private static Method method(String cls, String name) {
    return Arrays.stream(compiled().load(cls).getMethods()).filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + cls + "." + name));
  }

  private static Object component(Object record, String name) throws Exception {
    return record.getClass().getMethod(name).invoke(record);
  }

  private static double call(Method m, Object target, Object... args) {
    try {
      return (double) m.invoke(target, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertNear(double expected, double actual, double tolerance, String what) {
    assertTrue(Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected)),
        what + ": expected " + expected + " but was " + actual);
  }

  @Test
  void theGradientTakesTheReceiverFirstAndReadsItsFields() throws Exception {
    Object model = model();
    double[] x = {0.3, -0.7, 1.1};
    double y = 0.4;
    Object g = method("p.Model_Grad", "loss").invoke(null, model, x.clone(), y);
    Method loss = compiled().load("p.Model").getMethod("loss", double[].class, double.class);
    double r = BIAS + W[0] * x[0] + W[1] * x[1] + W[2] * x[2] - y;
    assertEquals(call(loss, model, x.clone(), y), (double) component(g, "value"), 0.0);
    double[] gx = (double[]) component(g, "x");
    for (int i = 0; i < 3; i++) {
      double closed = 2 * r * W[i] + (i == 0 ? 2 * BIAS * x[0] : 0);
      assertNear(closed, gx[i], 1e-12, "d/dx" + i);
      int k = i;
      DoubleUnaryOperator along = t -> {
        double[] moved = x.clone();
        moved[k] = t;
        return call(loss, model, moved, y);
      };
      assertNear(Numeric.centralDifference(along, x[i]).derivative(), gx[i], 1e-7, "central difference d/dx" + i);
    }
    assertNear(-2 * r, (double) component(g, "y"), 1e-12, "d/dy");
    assertTrue(compiled().generatedSource("p.Model_Grad").contains("public static LossGradient loss(Model model, double[] x, double y)"),
        compiled().generatedSource("p.Model_Grad"));
  }

  @Test
  void thisMethodsAreDifferentiatedAsHelpers() throws Exception {
    Object model = model();
    for (double a : new double[] {0.3, -2.0}) {
      Object g = method("p.Model_Grad", "mixed").invoke(null, model, a);
      Method mixed = compiled().load("p.Model").getMethod("mixed", double.class);
      assertEquals(call(mixed, model, a), (double) component(g, "value"), 0.0);
      assertNear(2 * BIAS + 2 * a + 3, (double) component(g, "a"), 1e-12, "d/da");
      assertNear(Numeric.centralDifference(t -> call(mixed, model, t), a).derivative(), (double) component(g, "a"),
          1e-7, "central difference");
    }
  }

  @Test
  void forwardModeAgreesWithReverseMode() throws Exception {
    Object model = model();
    double[] x = {0.3, -0.7, 1.1};
    double[] xDot = {1.0, 0.5, -2.0};
    double yDot = 0.25;
    Object g = method("p.Model_Grad", "loss").invoke(null, model, x.clone(), 0.4);
    Method jvp = Arrays.stream(compiled().load("p.Model_Grad").getMethods())
        .filter(m -> m.getName().equals("lossJvp") && m.getReturnType() != double.class).findFirst().orElseThrow();
    Object t = jvp.invoke(null, model, x.clone(), 0.4, xDot, yDot);
    double[] gx = (double[]) component(g, "x");
    double expected = gx[0] * xDot[0] + gx[1] * xDot[1] + gx[2] * xDot[2] + (double) component(g, "y") * yDot;
    assertNear(expected, (double) component(t, "tangent"), 1e-12, "tangent");
  }

  /**
   * Where instance methods meet the other machinery: a method of 120 statements cut into chunks
   * (-Aadjoint.splitAbove), with fields read in loops and a method of this called in a loop (split
   * mode, on the tape), with the tape checked; against central differences of the method.
   */
  @Test
  void composesWithChunksSplitCallsAndLoops() throws Exception {
    StringBuilder body = new StringBuilder("double s = 0;\ndouble t = x[0];\n");
    for (int k = 0; k < 120; k++) {
      body.append(k % 3 == 0 ? "t = t * w[" + (k % 3) + "] + Math.sin(s + bias);\n"
          : k % 3 == 1 ? "s += this.w[1] * t - x[" + (k % 2) + "] * 0.01;\n"
          : "t = 0.5 * t + this.bias * s * 0.001;\n");
    }
    body.append("for (int i = 0; i < w.length; i++) {\n  s += term(i, t) * w[i];\n}\nreturn s + t;\n");
    String source = """
        package p;

        import dev.adjoint.Differentiable;

        public final class Long {
          final double[] w = {0.9, -0.3, 0.2};
          double bias = 0.1;

          double term(int i, double t) {
            double u = t;
            for (int k = 0; k <= i; k++) {
              u = Math.tanh(u * w[k] + bias);
            }
            return u * u;
          }

          @Differentiable
          public double run(double[] x) {
        %s  }
        }
        """.formatted(body);
    Compiled compiled = AdjointCompiler.compileWithOptions(List.of("-Aadjoint.splitAbove=64",
        "-Aadjoint.checkTape=true"), AdjointCompiler.source("p.Long", source));
    Object receiver = compiled.load("p.Long").getConstructor().newInstance();
    Method run = compiled.load("p.Long").getMethod("run", double[].class);
    Method gradient = Arrays.stream(compiled.load("p.Long_Grad").getMethods())
        .filter(m -> m.getName().equals("run")).findFirst().orElseThrow();
    double[] x = {0.4, -0.2};
    Object g = gradient.invoke(null, receiver, x.clone());
    assertEquals(call(run, receiver, (Object) x.clone()), (double) component(g, "value"), 0.0);
    double[] gx = (double[]) component(g, "x");
    for (int i = 0; i < 2; i++) {
      int k = i;
      DoubleUnaryOperator along = t -> {
        double[] moved = x.clone();
        moved[k] = t;
        return call(run, receiver, (Object) moved);
      };
      assertNear(Numeric.centralDifference(along, x[i]).derivative(), gx[i], 1e-6, "d/dx" + i);
    }
    assertTrue(java.util.regex.Pattern.compile("static void runVjp(Forward|Reverse)\\d+\\(RunVjpLocals locals")
        .matcher(compiled.generatedSource("p.Long_Grad")).find(), "the method is cut into chunks");
  }

  @Test
  void aRecordsComponentsAreReadThroughTheirAccessors() throws Exception {
    Object point = compiled().load("p.Point").getConstructor(double.class, double.class).newInstance(1.0, -2.0);
    Object g = method("p.Point_Grad", "distance").invoke(null, point, 4.0, 2.0);
    // (px - x, py - y) = (3, 4): distance 5, gradient (3/5, 4/5).
    assertEquals(5.0, (double) component(g, "value"), 1e-15);
    assertNear(0.6, (double) component(g, "px"), 1e-12, "d/dpx");
    assertNear(0.8, (double) component(g, "py"), 1e-12, "d/dpy");
    assertTrue(compiled().generatedSource("p.Point_Grad").contains("point.x()"));
  }
}
