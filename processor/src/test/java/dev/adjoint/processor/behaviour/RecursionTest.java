package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Numeric;
import dev.adjoint.processor.testing.Point;
import dev.adjoint.processor.testing.Sources;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls that are part of a recursion (direct, mutual, through a helper; in straight-line code,
 * under {@code ?:}, in loops and branches) run in split mode: each level's {@code mForward} keeps
 * its values on the tape and its {@code mReverse} pops them, so depth d costs O(d), not the O(d²)
 * of joint mode, where every level re-runs the levels below it. Closed forms come from recurrences
 * written here, run forward; central differences check them all the same.
 */
class RecursionTest {
  static final String CLASS = "p.Recursive";
  static final String MEMBERS =
      """
        // Linear recursion through ?: (the call in straight-line code, under a Math function).
        @Differentiable static double chain(double x, int n) {
          return n == 0 ? x : Math.sin(chain(x, n - 1)) + x * 0.1;
        }

        // The same, through an int helper that counts its calls: how often a level runs.
        static int calls;
        static int tick(int n) {
          calls++;
          return n;
        }
        @Differentiable static double counted(double x, int n) {
          return n == 0 ? x : Math.sin(counted(x, tick(n) - 1)) + x * 0.1;
        }

        // Recursion over an array's elements, and a weight.
        @Differentiable static double fold(double[] v, double w, int i) {
          if (i == v.length) {
            return 0;
          }
          return v[i] * w + Math.tanh(fold(v, w, i + 1));
        }

        // Mutual recursion: a(x, n) = x^n 0.5^floor(n/2).
        @Differentiable static double even(double x, int n) {
          return n == 0 ? 1 : x * odd(x, n - 1);
        }
        static double odd(double x, int n) {
          return n == 0 ? 1 : 0.5 * x * even(x, n - 1);
        }

        // Recursion through a helper, which is no recursive method itself.
        @Differentiable static double viaHelper(double x, int n) {
          return n == 0 ? x : step(x, n);
        }
        static double step(double x, int n) {
          return Math.sin(viaHelper(x, n - 1)) + x * 0.1;
        }

        // Two recursive calls per level, in one expression.
        @Differentiable static double tree(double x, int n) {
          if (n <= 1) {
            return x * (n + 1);
          }
          return Math.sin(tree(x, n - 1)) * tree(x, n - 2) + x;
        }

        // The recursive call in a loop and a branch of it.
        @Differentiable static double inLoop(double x, double[] c, int n) {
          if (n == 0) {
            return x;
          }
          double s = 0;
          for (int i = 0; i < c.length; i++) {
            if (i == n % c.length) {
              s += c[i] * Math.sin(inLoop(x, c, n - 1));
            } else {
              s += c[i] * x;
            }
          }
          return s;
        }

        // The recursive call in an if statement, its value overwriting a local.
        @Differentiable static double inBranch(double x, int n) {
          double y = x;
          if (n > 0) {
            y = Math.exp(-0.5 * inBranch(x, n - 1)) * x;
          }
          return y;
        }

        // A non-recursive method calling the recursion in a loop (split from outside) and in
        // straight-line code (joint from outside, split inside).
        @Differentiable static double caller(double x, int n) {
          double s = chain(x, n);
          for (int i = 1; i <= 3; i++) {
            s += chain(x * i, n) * i;
          }
          return s;
        }
      """;

  private static Compiled compiled(String disabled) {
    return AdjointCompiler.compileWithOptions(
        disabled.isEmpty() ? List.of() : List.of("-Aadjoint.disable=" + disabled),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
  }

  private static DiffMethod m(String name) {
    return compiled("").method(CLASS, name);
  }

  /** y_0 = x, y_k = sin(y_(k-1)) + 0.1 x; returns {y_n, dy_n/dx}. */
  private static double[] chainForward(double x, int n) {
    double y = x;
    double dy = 1;
    for (int k = 1; k <= n; k++) {
      dy = Math.cos(y) * dy + 0.1;
      y = Math.sin(y) + 0.1 * x;
    }
    return new double[] {y, dy};
  }

  @ParameterizedTest
  @CsvSource({"0.3, 0", "0.3, 1", "0.3, 7", "-1.2, 25"})
  void linearRecursion(double x, int n) {
    m("chain").at(x, n).hasGradient(chainForward(x, n)[1]);
    m("viaHelper").at(x, n).hasGradient(chainForward(x, n)[1]);
    m("counted").at(x, n).hasGradient(chainForward(x, n)[1]);
  }

  @ParameterizedTest
  @CsvSource({"0.7, 0", "0.7, 1", "0.7, 6", "-1.3, 9"})
  void mutualRecursion(double x, int n) {
    double half = Math.pow(0.5, n / 2);
    m("even").at(x, n).hasGradient(n == 0 ? 0 : n * Math.pow(x, n - 1) * half);
  }

  @ParameterizedTest
  @CsvSource({"0.8, 0", "0.8, 3", "-0.4, 5"})
  void recursionOverAnArray(double w, int from) {
    double[] v = {0.5, -1.0, 0.25, 0.75, -0.3};
    // s_i = v_i w + tanh(s_(i+1)), s_len = 0: backwards for the values, then the chain rule.
    double[] s = new double[v.length + 1];
    for (int i = v.length - 1; i >= from; i--) {
      s[i] = v[i] * w + Math.tanh(s[i + 1]);
    }
    double[] dv = new double[v.length];
    double dw = 0;
    double through = 1; // ds_from / ds_i
    for (int i = from; i < v.length; i++) {
      dv[i] = through * w;
      dw += through * v[i];
      through *= 1 - Math.tanh(s[i + 1]) * Math.tanh(s[i + 1]);
    }
    m("fold").at(v, w, from).hasArrayGradient(dv, dw);
  }

  @ParameterizedTest
  @CsvSource({"0.6, 0", "0.6, 1", "0.6, 2", "0.6, 9", "-0.9, 12"})
  void twoRecursiveCallsPerLevel(double x, int n) {
    // t_0 = x, t_1 = 2x, t_k = sin(t_(k-1)) t_(k-2) + x.
    double[] t = new double[Math.max(2, n + 1)];
    double[] dt = new double[t.length];
    t[0] = x;
    dt[0] = 1;
    t[1] = 2 * x;
    dt[1] = 2;
    for (int k = 2; k <= n; k++) {
      t[k] = Math.sin(t[k - 1]) * t[k - 2] + x;
      dt[k] = Math.cos(t[k - 1]) * dt[k - 1] * t[k - 2] + Math.sin(t[k - 1]) * dt[k - 2] + 1;
    }
    m("tree").at(x, n).hasGradient(dt[n]);
  }

  @ParameterizedTest
  @CsvSource({"0.4, 0", "0.4, 1", "0.4, 5", "-1.1, 8"})
  void recursionInALoopAndABranch(double x, int n) {
    double[] c = {0.9, -0.4, 0.3};
    double total = c[0] + c[1] + c[2];
    // y_0 = x, y_k = c_(k mod 3) sin(y_(k-1)) + x (sum c - c_(k mod 3)).
    double y = x;
    double dy = 1;
    for (int k = 1; k <= n; k++) {
      double ck = c[k % 3];
      dy = ck * Math.cos(y) * dy + (total - ck);
      y = ck * Math.sin(y) + x * (total - ck);
    }
    assertTrue(Numeric.close(y, m("inLoop").primal(x, c, n), 1e-12));
    m("inLoop").at(x, c, n).matchesCentralDifferences();
    assertTrue(Numeric.close(dy, m("inLoop").at(x, c, n).partial("x"), Numeric.CLOSED_FORM_TOLERANCE),
        dy + " vs " + m("inLoop").at(x, c, n).partial("x"));
  }

  @ParameterizedTest
  @CsvSource({"0.4, 0", "0.4, 1", "0.4, 6", "1.7, 11"})
  void recursionInABranch(double x, int n) {
    // y_0 = x, y_k = exp(-y_(k-1) / 2) x.
    double y = x;
    double dy = 1;
    for (int k = 1; k <= n; k++) {
      double e = Math.exp(-0.5 * y);
      dy = e * (-0.5 * dy) * x + e;
      y = e * x;
    }
    m("inBranch").at(x, n).hasGradient(dy);
  }

  @ParameterizedTest
  @CsvSource({"0.3, 0", "0.3, 6", "-0.8, 10"})
  void aCallerOfTheRecursionInAndOutOfALoop(double x, int n) {
    double expected = chainForward(x, n)[1];
    for (int i = 1; i <= 3; i++) {
      expected += chainForward(x * i, n)[1] * i * i;
    }
    m("caller").at(x, n).hasGradient(expected);
  }

  // ---------------------------------------------------------------- cost: O(d), structurally

  /** The generated method {@code name} of {@code Recursive_Grad}, from its declaration to its end. */
  private static String generated(String disabled, String name) {
    String source = compiled(disabled).generatedSource("p.Recursive_Grad");
    Matcher declaration = Pattern.compile("static \\w+ " + name + "\\(").matcher(source);
    assertTrue(declaration.find(), name + " in " + source);
    int start = declaration.start();
    return source.substring(start, source.indexOf("\n    }\n", start));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chain", "counted", "fold", "even", "odd", "viaHelper", "step", "tree", "inLoop",
      "inBranch"})
  void eachLevelCallsTheNextOnesSweepsNeverItsPrimalOrVjp(String name) {
    for (String suffix : List.of("Vjp", "Forward", "Reverse")) {
      String body = generated("", name + suffix);
      // No call of a primal (Recursive.f(...)), of a gradient record (Recursive_Grad.f(...)), or
      // of a VJP: each would run the levels below again.
      String others = body.replaceAll("Recursive_Grad\\.\\w+(Forward|Reverse)\\(", "")
          .replace("Recursive.tick(", "");
      assertFalse(Pattern.compile("Recursive(_Grad)?\\.\\w+\\(").matcher(others).find(), body);
    }
    String forward = generated("", name + "Forward");
    assertTrue(Pattern.compile("Recursive_Grad\\.\\w+Forward\\(").matcher(forward).find(), forward);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 10, 200})
  void aGradientAtDepthDRunsEachLevelTwice(int depth) throws ReflectiveOperationException {
    DiffMethod counted = m("counted");
    var calls = counted.userClass().getDeclaredField("calls");
    calls.setAccessible(true);
    calls.setInt(null, 0);
    counted.primal(0.3, depth);
    assertEquals(depth, calls.getInt(null), "the primal ticks once a level");
    calls.setInt(null, 0);
    Point at = counted.at(0.3, depth);
    at.gradientRecord();
    // Once in the forward sweep (mForward), once as mReverse's argument in the reverse sweep:
    // joint mode ran each level's primal again from every level above it, d(d + 1)/2 and more.
    assertEquals(2 * depth, calls.getInt(null));
  }

  @Test
  void withSplitCallsOffRecursionIsJointAgainAndGivesTheSameNumbers() {
    String joint = generated("splitCalls", "chainVjp");
    assertTrue(joint.contains("Recursive_Grad.chain(") || joint.contains("chainVjp("), joint);
    m("chain").at(0.3, 7).hasGradient(chainForward(0.3, 7)[1]);
  }

  // ---------------------------------------------------------------- depth: no overflow the primal survives

  /** Runs {@code body} on a thread of its own with a stack of {@code bytes}; rethrows what it throws. */
  private static void onThreadWithStack(long bytes, Runnable body) throws InterruptedException {
    Throwable[] failure = {null};
    Thread t = new Thread(null, () -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "recursion-test", bytes);
    t.start();
    t.join();
    if (failure[0] instanceof Error e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  /** Whether {@code call} returns without overflowing the stack (through reflection or not). */
  private static boolean survives(java.util.concurrent.Callable<?> call) {
    try {
      call.call();
      return true;
    } catch (StackOverflowError e) {
      return false;
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof StackOverflowError) {
        return false;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theGradientSurvivesTheDeepestRecursionThePrimalSurvives() throws InterruptedException {
    DiffMethod chain = m("chain");
    java.lang.reflect.Method primal = chain.original();
    java.lang.reflect.Method gradient = chain.gradientMethod();
    // The recursion's frames in the gradient hold 2 to 3 times the primal's: within one thread,
    // the deepest recursion the primal survives is deeper than the sweeps' own.
    onThreadWithStack(1 << 20, () -> {
      java.util.function.IntPredicate primalSurvives = d -> survives(() -> primal.invoke(null, 0.3, d));
      int lo = 1;
      int hi = 2;
      while (hi < (1 << 22) && primalSurvives.test(hi)) {
        lo = hi;
        hi *= 2;
      }
      while (hi - lo > lo / 100 + 1) {
        int mid = (lo + hi) >>> 1;
        if (primalSurvives.test(mid)) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      int deepest = lo;
      assertTrue(survives(() -> primal.invoke(null, 0.3, deepest)));
      Object[] record = {null};
      assertTrue(survives(() -> record[0] = gradient.invoke(null, 0.3, deepest)), "gradient at depth " + deepest);
      assertGradientIs(record[0], 0.3, deepest);
    });
    // 20,000 levels: in a thread whose stack the primal's frames fit however they are compiled.
    onThreadWithStack(8 << 20, () -> {
      assertTrue(survives(() -> primal.invoke(null, 0.3, 20_000)));
      Object[] record = {null};
      assertTrue(survives(() -> record[0] = gradient.invoke(null, 0.3, 20_000)));
      assertGradientIs(record[0], 0.3, 20_000);
    });
  }

  private static void assertGradientIs(Object record, double x, int depth) {
    try {
      double[] expected = chainForward(x, depth);
      double value = (Double) record.getClass().getMethod("value").invoke(record);
      double dx = (Double) record.getClass().getMethod("x").invoke(record);
      assertEquals(expected[0], value, 1e-12 * Math.max(1, Math.abs(expected[0])));
      assertTrue(Numeric.close(expected[1], dx, 1e-9), expected[1] + " vs " + dx);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anOverflowingGradientRunsAgainAndAddsToTheCallersArraysOnce() throws Exception {
    // Too deep for a 1 MB stack even for the primal: mVjp overflows, runs its sweeps again on a
    // larger stack, and the caller's pre-filled adjoint arrays get the seed times the gradient once.
    int n = 200_000;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.sin(i * 0.37) * 0.9;
    }
    double w = 0.7;
    double seed = 1.5;
    double[] s = new double[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      s[i] = v[i] * w + Math.tanh(s[i + 1]);
    }
    double[] dv = new double[n];
    double dw = 0;
    double through = 1;
    for (int i = 0; i < n; i++) {
      dv[i] = through * w;
      dw += through * v[i];
      through *= 1 - Math.tanh(s[i + 1]) * Math.tanh(s[i + 1]);
    }
    DiffMethod fold = m("fold");
    Object adjoint = fold.adjointClass().getConstructor().newInstance();
    double[] prefilled = new double[n];
    java.util.Arrays.fill(prefilled, 2.0);
    fold.adjointClass().getField("v").set(adjoint, prefilled);
    fold.adjointClass().getField("w").set(adjoint, -1.0);
    double[] value = {0};
    onThreadWithStack(1 << 20, () -> {
      assertFalse(survives(() -> fold.original().invoke(null, v, w, 0)), "the primal overflows too");
      try {
        value[0] = (Double) fold.vjpMethod().invoke(null, v, w, 0, seed, adjoint);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e.getCause());
      }
    });
    assertEquals(s[0], value[0], 1e-12 * Math.abs(s[0]));
    double[] got = (double[]) fold.adjointClass().getField("v").get(adjoint);
    for (int i = 0; i < n; i += 997) {
      assertTrue(Numeric.close(2.0 + seed * dv[i], got[i], 1e-9), i + ": " + (2.0 + seed * dv[i]) + " vs " + got[i]);
    }
    assertTrue(Numeric.close(-1.0 + seed * dw, fold.adjointClass().getField("w").getDouble(adjoint), 1e-9));
  }

  // ---------------------------------------------------------------- every switch

  @ParameterizedTest
  @ValueSource(strings = {"toBeRecorded", "iterationwise", "splitCalls", "keepMath", "scalarReplacement",
      "recomputedCounters", "all"})
  void noSwitchChangesTheNumbers(String disabled) {
    double[] v = {0.5, -1.0, 0.25, 0.75, -0.3};
    double[] c = {0.9, -0.4, 0.3};
    List<Object[]> cases = List.of(
        new Object[] {"chain", 0.3, 9}, new Object[] {"fold", v, 0.8, 1}, new Object[] {"even", 0.7, 7},
        new Object[] {"viaHelper", -1.2, 6}, new Object[] {"tree", 0.6, 7}, new Object[] {"inLoop", 0.4, c, 7},
        new Object[] {"inBranch", 1.7, 5}, new Object[] {"caller", 0.3, 4});
    for (Object[] test : cases) {
      String name = (String) test[0];
      Object[] args = java.util.Arrays.copyOfRange(test, 1, test.length);
      Point on = compiled("").method(CLASS, name).at(args);
      Point off = compiled(disabled).method(CLASS, name).at(args);
      off.valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
      double[] a = on.partials();
      double[] b = off.partials();
      assertEquals(a.length, b.length);
      for (int i = 0; i < a.length; i++) {
        assertTrue(Numeric.close(a[i], b[i], 1e-12), name + " partial " + i + ": " + a[i] + " vs " + b[i]);
      }
    }
  }
}
