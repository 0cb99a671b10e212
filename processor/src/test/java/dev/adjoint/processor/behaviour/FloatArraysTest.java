package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Numeric;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code float[]} and {@code float[][]} parameters, locals, fields and helpers: the generated
 * code keeps them real float arrays (the user's arrays are passed as they are) and rounds every
 * stored element as Java does, so the value is the method's bit for bit; adjoints and tangents
 * are doubles. The derivative is that of the same formulas in double (a twin of each method,
 * whose gradient is checked against central differences), up to the float rounding of the
 * intermediates; forward mode agrees with the gradient, and second order with the twin's.
 */
class FloatArraysTest {
  static final String CLASS = "p.FloatArrays";
  static final String SOURCE =
      """
      package p;

      import dev.adjoint.CheckpointedLoop;
      import dev.adjoint.Differentiable;
      import java.util.Arrays;

      final class FloatArrays {
        static final float[] SCALE = {0.5f, 2f, -1.25f};
        static final double[] SCALE_D = {0.5, 2, -1.25};

        final float[] bias;

        FloatArrays(float[] bias) {
          this.bias = bias;
        }

        @Differentiable
        static double dot(float[] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i] + w[i] * w[i];
          }
          return s;
        }

        @Differentiable
        static double dotD(double[] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i] + w[i] * w[i];
          }
          return s;
        }

        @Differentiable
        static float squares(float[] w) {
          float s = 0;
          for (float v : w) {
            s += v * v * SCALE[1];
          }
          return s;
        }

        @Differentiable
        static double squaresD(double[] w) {
          double s = 0;
          for (double v : w) {
            s += v * v * SCALE_D[1];
          }
          return s;
        }

        @Differentiable
        static double layer(float[][] m, float[] v, double b) {
          float[] h = new float[m.length];
          for (int i = 0; i < m.length; i++) {
            float acc = 0f;
            for (int j = 0; j < v.length; j++) {
              acc += m[i][j] * v[j];
            }
            h[i] = (float) Math.tanh(acc + b);
          }
          relu(h);
          double out = 0;
          for (var hi : h) {
            out += hi * hi;
          }
          return out;
        }

        @Differentiable
        static double layerD(double[][] m, double[] v, double b) {
          double[] h = new double[m.length];
          for (int i = 0; i < m.length; i++) {
            double acc = 0;
            for (int j = 0; j < v.length; j++) {
              acc += m[i][j] * v[j];
            }
            h[i] = Math.tanh(acc + b);
          }
          reluD(h);
          double out = 0;
          for (var hi : h) {
            out += hi * hi;
          }
          return out;
        }

        static void relu(float[] h) {
          for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(h[i], 0.1f * h[i]);
          }
        }

        static void reluD(double[] h) {
          for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(h[i], 0.1 * h[i]);
          }
        }

        @Differentiable
        static double written(float[] w, double t) {
          w[0] = (float) (w[0] * t);
          w[1] += t;
          w[2]++;
          float[] c = w.clone();
          Arrays.fill(c, 1, 2, 3f);
          System.arraycopy(w, 0, c, 1, 2);
          float was = c[0]++;
          return c[0] * c[1] + c[2] * w[2] + product(w, 2) + was * t;
        }

        @Differentiable
        static double writtenD(double[] w, double t) {
          w[0] = w[0] * t;
          w[1] += t;
          w[2]++;
          double[] c = w.clone();
          Arrays.fill(c, 1, 2, 3);
          System.arraycopy(w, 0, c, 1, 2);
          double was = c[0]++;
          return c[0] * c[1] + c[2] * w[2] + productD(w, 2) + was * t;
        }

        static double product(float[] a, int k) {
          return a[k] * a[0] * a[1];
        }

        static double productD(double[] a, int k) {
          return a[k] * a[0] * a[1];
        }

        static float[] affine(float[] v, float a) {
          float[] out = Arrays.copyOf(v, v.length + 1);
          for (int i = 0; i < v.length; i++) {
            out[i] = a * v[i] + SCALE[i % 3];
          }
          out[v.length] = a;
          return out;
        }

        static double[] affineD(double[] v, double a) {
          double[] out = Arrays.copyOf(v, v.length + 1);
          for (int i = 0; i < v.length; i++) {
            out[i] = a * v[i] + SCALE_D[i % 3];
          }
          out[v.length] = a;
          return out;
        }

        static float norm(float... xs) {
          float s = 0;
          for (float x : xs) {
            s += x * x;
          }
          return (float) Math.sqrt(s);
        }

        static double normD(double... xs) {
          double s = 0;
          for (double x : xs) {
            s += x * x;
          }
          return Math.sqrt(s);
        }

        @Differentiable
        static double made(float[] v, float a, double x) {
          float[] u = affine(v, a);
          float[] lit = {a, 2, (float) x, u[0]};
          double s = norm(u[0], u[1], a) + norm(lit);
          for (int k = 0; k < 3; k++) {
            u = affine(u, (float) (0.5 * a));
          }
          return s + u[u.length - 1] * u[0] + lit[3] * x;
        }

        @Differentiable
        static double madeD(double[] v, double a, double x) {
          double[] u = affineD(v, a);
          double[] lit = {a, 2, x, u[0]};
          double s = normD(u[0], u[1], a) + normD(lit);
          for (int k = 0; k < 3; k++) {
            u = affineD(u, 0.5 * a);
          }
          return s + u[u.length - 1] * u[0] + lit[3] * x;
        }

        static float half(float z, float k) {
          return z * k * 0.5f;
        }

        static double halfD(double z, double k) {
          return z * k * 0.5;
        }

        @Differentiable
        @CheckpointedLoop(value = "steps", snapshots = 2)
        static double stepped(float[] s, double dt, int n) {
          steps:
          for (int k = 0; k < n; k++) {
            for (int i = 0; i < s.length; i++) {
              s[i] = s[i] + (float) (dt * Math.sin(s[(i + 1) % s.length]));
            }
          }
          float[] row = s;
          return Math.max(row[0], row[1]) * Math.abs(s[2]) + half(s[0], s[1]) + s[1] * s[2] * s[0];
        }

        @Differentiable
        @CheckpointedLoop(value = "steps", snapshots = 2)
        static double steppedD(double[] s, double dt, int n) {
          steps:
          for (int k = 0; k < n; k++) {
            for (int i = 0; i < s.length; i++) {
              s[i] = s[i] + dt * Math.sin(s[(i + 1) % s.length]);
            }
          }
          double[] row = s;
          return Math.max(row[0], row[1]) * Math.abs(s[2]) + halfD(s[0], s[1]) + s[1] * s[2] * s[0];
        }

        @Differentiable
        static double rows(float[][] m, boolean flip) {
          float[] r = m[flip ? 0 : 1];
          r[0] *= r[1];
          float[][] c = m.clone();
          c[1][1] += 2 * m[0][0];
          double s = 0;
          for (float[] row : m) {
            for (float e : row) {
              s += e * e * e;
            }
          }
          return s;
        }

        @Differentiable
        static double rowsD(double[][] m, boolean flip) {
          double[] r = m[flip ? 0 : 1];
          r[0] *= r[1];
          double[][] c = m.clone();
          c[1][1] += 2 * m[0][0];
          double s = 0;
          for (double[] row : m) {
            for (double e : row) {
              s += e * e * e;
            }
          }
          return s;
        }

        @Differentiable
        double biased(float[] x) {
          float s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] + bias[i]) * x[i];
          }
          return s;
        }

        @Differentiable
        static float[] scaledFloats(float[] w, double k) {
          float[] out = new float[w.length];
          for (int i = 0; i < w.length; i++) {
            out[i] = (float) (w[i] * w[i] * k);
          }
          return out;
        }

        @Differentiable
        static double[] scaled(float[] w, double k) {
          double[] out = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * w[i] * k;
          }
          return out;
        }
      }
      """;

  private static Compiled compiled() {
    return AdjointCompiler.compile(CLASS, SOURCE);
  }

  private static Method method(String cls, String name, int parameters) {
    return compiled().declared(cls, name, parameters);
  }

  private static Object invoke(Method m, Object receiver, Object... args) {
    try {
      return m.invoke(receiver, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object component(Object record, String name) {
    try {
      Method m = record.getClass().getMethod(name);
      m.setAccessible(true);
      return m.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A deep copy of an argument, so that a method writing into its arrays does not change ours. */
  private static Object copy(Object a) {
    if (a == null || !a.getClass().isArray()) {
      return a;
    }
    int n = Array.getLength(a);
    Object c = Array.newInstance(a.getClass().getComponentType(), n);
    for (int i = 0; i < n; i++) {
      Array.set(c, i, copy(Array.get(a, i)));
    }
    return c;
  }

  /** The double twin's argument: floats widened (exactly). */
  private static Object widened(Object a) {
    if (a instanceof Float f) {
      return f.doubleValue();
    }
    if (a instanceof float[] v) {
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      return d;
    }
    if (a instanceof float[][] m) {
      double[][] d = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        d[i] = (double[]) widened(m[i]);
      }
      return d;
    }
    return copy(a);
  }

  private static Object[] copies(Object[] args) {
    Object[] c = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      c[i] = copy(args[i]);
    }
    return c;
  }

  /** Every differentiated number of a gradient record, parameter by parameter, element by element, flattened. */
  private static List<Double> flattened(Object record, List<String> names) {
    List<Double> out = new ArrayList<>();
    for (String n : names) {
      flatten(component(record, n), out);
    }
    return out;
  }

  private static void flatten(Object v, List<Double> out) {
    if (v instanceof Number n) {
      out.add(n.doubleValue());
    } else if (v instanceof double[] a) {
      for (double d : a) {
        out.add(d);
      }
    } else if (v instanceof double[][] m) {
      for (double[] row : m) {
        flatten(row, out);
      }
    } else {
      throw new AssertionError("not a partial: " + v);
    }
  }

  /** One setting of every differentiated number of the twin's arguments, in {@link #flattened} order. */
  private interface Setter {
    void set(Object[] args, int k, double value);

    double get(Object[] args, int k);
  }

  /** Positions of the differentiated numbers among the twin's (double) arguments. */
  private static List<int[]> positions(Object[] twinArgs, List<Integer> activeArgs) {
    List<int[]> out = new ArrayList<>();
    for (int a : activeArgs) {
      Object v = twinArgs[a];
      if (v instanceof Double) {
        out.add(new int[] {a, -1, -1});
      } else if (v instanceof double[] d) {
        for (int i = 0; i < d.length; i++) {
          out.add(new int[] {a, i, -1});
        }
      } else if (v instanceof double[][] m) {
        for (int i = 0; i < m.length; i++) {
          for (int j = 0; j < m[i].length; j++) {
            out.add(new int[] {a, i, j});
          }
        }
      }
    }
    return out;
  }

  private static Object[] withValue(Object[] args, int[] at, double value) {
    Object[] c = copies(args);
    if (at[1] < 0) {
      c[at[0]] = value;
    } else if (at[2] < 0) {
      ((double[]) c[at[0]])[at[1]] = value;
    } else {
      ((double[][]) c[at[0]])[at[1]][at[2]] = value;
    }
    return c;
  }

  private static double valueAt(Object[] args, int[] at) {
    if (at[1] < 0) {
      return (Double) args[at[0]];
    }
    if (at[2] < 0) {
      return ((double[]) args[at[0]])[at[1]];
    }
    return ((double[][]) args[at[0]])[at[1]][at[2]];
  }

  /**
   * The float method {@code name} and its twin {@code name + "D"} at {@code args}: the value bit for
   * bit, the twin's gradient against central differences, the float method's gradient against the
   * twin's, its JVP against its gradient, and its HVP against the twin's.
   */
  private static void check(String name, Object[] args, List<String> active, List<Integer> activeArgs) {
    int n = args.length;
    double primal = ((Number) invoke(method(CLASS, name, n), null, copies(args))).doubleValue();
    Object[] mine = copies(args);
    Object g = invoke(method("p.FloatArrays_Grad", name, n), null, mine);
    assertEquals(primal, ((Number) component(g, "value")).doubleValue(), 0.0, name + ": value bit for bit");
    for (int i = 0; i < n; i++) {
      // Like the double version, the gradient leaves the caller's arrays as they were.
      assertTrue(java.util.Objects.deepEquals(args[i], mine[i]), name + ": argument " + i + " unchanged");
    }
    Object[] twinArgs = new Object[n];
    for (int i = 0; i < n; i++) {
      twinArgs[i] = widened(args[i]);
    }
    Method twin = method(CLASS, name + "D", n);
    Object tg = invoke(method("p.FloatArrays_Grad", name + "D", n), null, copies(twinArgs));
    List<Double> twinGradient = flattened(tg, active);
    List<Double> gradient = flattened(g, active);
    List<int[]> at = positions(twinArgs, activeArgs);
    assertEquals(twinGradient.size(), at.size(), name + ": partials counted");
    for (int k = 0; k < at.size(); k++) {
      int[] p = at.get(k);
      DoubleUnaryOperator f = v -> ((Number) invoke(twin, null, withValue(twinArgs, p, v))).doubleValue();
      Numeric.Estimate d = Numeric.centralDifference(f, valueAt(twinArgs, p));
      assertTrue(Numeric.close(d.derivative(), twinGradient.get(k), 1e-6),
          name + "D partial " + k + ": central " + d.derivative() + ", gradient " + twinGradient.get(k));
      double expected = twinGradient.get(k);
      assertTrue(Math.abs(expected - gradient.get(k)) <= 1e-4 * Math.max(1, Math.abs(expected)),
          name + " partial " + k + ": float " + gradient.get(k) + ", double twin " + expected);
    }
    // Forward mode: the tangent along a direction is the gradient's dot product with it.
    Object[] jvpArgs = new Object[n + activeArgs.size()];
    System.arraycopy(copies(args), 0, jvpArgs, 0, n);
    Random random = new Random(name.hashCode());
    double dot = 0;
    int k = 0;
    Object[] directions = new Object[activeArgs.size()];
    for (int a = 0; a < activeArgs.size(); a++) {
      Object shape = twinArgs[activeArgs.get(a)];
      Object dir = copy(shape);
      if (dir instanceof Double) {
        dir = random.nextGaussian();
        dot += (Double) dir * gradient.get(k++);
      } else if (dir instanceof double[] v) {
        for (int i = 0; i < v.length; i++) {
          v[i] = random.nextGaussian();
          dot += v[i] * gradient.get(k++);
        }
      } else {
        for (double[] row : (double[][]) dir) {
          for (int i = 0; i < row.length; i++) {
            row[i] = random.nextGaussian();
            dot += row[i] * gradient.get(k++);
          }
        }
      }
      directions[a] = dir;
      jvpArgs[n + a] = dir;
    }
    Object jvp = invoke(method("p.FloatArrays_Grad", name + "Jvp", jvpArgs.length), null, jvpArgs);
    assertEquals(primal, ((Number) component(jvp, "value")).doubleValue(), 0.0, name + ": JVP value");
    assertEquals(dot, (Double) component(jvp, "tangent"), 1e-12 * Math.max(1, Math.abs(dot)), name + ": JVP");
    // Second order: the float method's Hessian-vector product against the twin's.
    Object[] hvpArgs = jvpArgs.clone();
    hvpArgs = copies(hvpArgs);
    System.arraycopy(copies(args), 0, hvpArgs, 0, n);
    Object hvp = component(invoke(method("p.FloatArrays_Grad", name + "Hvp", hvpArgs.length), null, hvpArgs), "hvp");
    Object[] twinHvpArgs = new Object[n + activeArgs.size()];
    System.arraycopy(copies(twinArgs), 0, twinHvpArgs, 0, n);
    for (int a = 0; a < activeArgs.size(); a++) {
      twinHvpArgs[n + a] = copy(directions[a]);
    }
    Object twinHvp = component(invoke(method("p.FloatArrays_Grad", name + "D" + "Hvp", twinHvpArgs.length), null,
        twinHvpArgs), "hvp");
    List<Double> h = flattened(hvp, active);
    List<Double> th = flattened(twinHvp, active);
    for (int i = 0; i < h.size(); i++) {
      assertTrue(Math.abs(th.get(i) - h.get(i)) <= 1e-4 * Math.max(1, Math.abs(th.get(i))),
          name + " (H v)[" + i + "]: float " + h.get(i) + ", double twin " + th.get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void aFloatArrayParameterReadInDoubleAndFloatArithmetic(int seed) {
    Random r = new Random(seed);
    float[] w = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
    double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
    check("dot", new Object[] {w, x}, List.of("w", "x"), List.of(0, 1));
    check("squares", new Object[] {w}, List.of("w"), List.of(0));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void aFloatMatrixALocalFloatArrayAndAHelperWritingIt(int seed) {
    Random r = new Random(seed);
    float[][] m = new float[3][4];
    for (float[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    float[] v = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(), 0.25f};
    check("layer", new Object[] {m, v, r.nextGaussian() * 0.3}, List.of("m", "v", "b"), List.of(0, 1, 2));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void storesCompoundsIncrementsCopiesAndFillsOfFloatArrays(int seed) {
    Random r = new Random(seed);
    float[] w = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(), 1.5f};
    check("written", new Object[] {w, 0.7 + r.nextDouble()}, List.of("w", "t"), List.of(0, 1));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void floatArraysMadeByHelpersLiteralsAndVarargs(int seed) {
    Random r = new Random(seed);
    float[] v = {(float) r.nextGaussian(), (float) r.nextGaussian()};
    check("made", new Object[] {v, 0.5f + (float) r.nextDouble(), r.nextGaussian()}, List.of("v", "a", "x"),
        List.of(0, 1, 2));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 6})
  void aCheckpointedLoopOverAFloatArrayAndFloatOverloadsOfMath(int n) {
    Random r = new Random(n);
    float[] s = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
    check("stepped", new Object[] {s, 0.1 + 0.2 * r.nextDouble(), n}, List.of("s", "dt"), List.of(0, 1));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void rowsOfAFloatMatrixWrittenThroughAliasesAndAShallowClone(boolean flip) {
    float[][] m = {{0.5f, -1.25f, 2f}, {1.5f, 0.25f, -0.75f}};
    check("rows", new Object[] {m, flip}, List.of("m"), List.of(0));
  }

  @Test
  void theGeneratedMethodsTakeTheUsersFloatArraysAndGiveDoublePartials() {
    String grad = compiled().generatedSource("p.FloatArrays_Grad");
    assertTrue(grad.contains("public static LayerGradient layer(float[][] m, float[] v, double b)"), grad);
    assertTrue(grad.contains("float[] h = "), "the local stays a float array");
    assertTrue(grad.contains("double[] hBar"), "its adjoint is doubles");
    Object g = invoke(method("p.FloatArrays_Grad", "dot", 2), null, new float[] {1f, 2f}, new double[] {3, 4});
    assertArrayEquals(new double[] {3 + 2 * 1, 4 + 2 * 2}, (double[]) component(g, "w"), 0.0);
    assertArrayEquals(new double[] {1, 2}, (double[]) component(g, "x"), 0.0);
  }

  @Test
  void anInstanceMethodReadsAFloatArrayField() throws Exception {
    Class<?> cls = compiled().load(CLASS);
    var ctor = cls.getDeclaredConstructor(float[].class);
    ctor.setAccessible(true);
    float[] bias = {0.5f, -2f, 0.125f};
    Object model = ctor.newInstance((Object) bias);
    float[] x = {1.25f, 0.75f, -3f};
    double primal = (double) invoke(method(CLASS, "biased", 1), model, (Object) x.clone());
    Object g = invoke(method("p.FloatArrays_Grad", "biased", 2), null, model, x.clone());
    assertEquals(primal, (double) component(g, "value"), 0.0);
    // d/dx_i of |x_i + b_i| x_i = sign(x_i + b_i) x_i + |x_i + b_i|.
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      double s = x[i] + bias[i];
      expected[i] = Math.signum(s) * x[i] + Math.abs(s);
    }
    assertArrayEquals(expected, (double[]) component(g, "x"), 1e-6);
  }

  @Test
  void theJacobianOfAVectorFunctionOfAFloatArray() {
    float[] w = {1.5f, -0.5f, 2f};
    double k = 0.75;
    for (String by : new String[] {"scaledJacobianByRows", "scaledJacobianByColumns", "scaledFloatsJacobianByRows",
        "scaledFloatsJacobianByColumns"}) {
      Object jacobian = invoke(method("p.FloatArrays_Grad", by, 2), null, w, k);
      if (by.startsWith("scaledFloats")) {
        // A float array returned: the value is the method's float[], its Jacobian doubles.
        float[] value = (float[]) invoke(method(CLASS, "scaledFloats", 2), null, w, k);
        assertArrayEquals(value, (float[]) component(jacobian, "value"), 0f);
      }
      double[][] dw = (double[][]) component(jacobian, "w");
      double[][] dk = (double[][]) component(jacobian, "k");
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(i == j ? 2 * w[i] * k : 0, dw[i][j], 1e-6, by + ": d out[" + i + "] / d w[" + j + "]");
        }
        assertEquals((double) w[i] * w[i], dk[i][0], 1e-6, by + ": d out[" + i + "] / d k");
      }
    }
  }
}
