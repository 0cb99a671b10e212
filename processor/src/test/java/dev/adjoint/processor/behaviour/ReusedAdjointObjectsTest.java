package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adjoint objects of callees that a generated method fills at each call in a loop, and its
 * work arrays that never leave it (mostly the adjoints of its local arrays), are kept in private
 * fields of that method's own adjoint object (optimisation {@code reusedAdjoints}), so a reverse
 * half called once per iteration of its caller, or an {@code mVjp} called again with the same
 * adjoint object, makes none. Each level of a recursion must still get its own objects, a second
 * product into the same adjoint object must add exactly what the first did, and a kept array must
 * follow the size of the next call.
 */
class ReusedAdjointObjectsTest {
  static final String CLASS = "p.Reused";
  static final String MEMBERS =
      """
        static double leaf(double[] a, double w) {
          return Math.sin(w * a[0]) * a[1];
        }
        // Recursive, with the recursive call in a loop: every level's reverse half fills a
        // TreeAdjoint of its own for the level below.
        static double tree(double[] a, int depth) {
          if (depth == 0) {
            return leaf(a, a[2]);
          }
          double s = 0;
          for (int i = 0; i < 2; i++) {
            s += tree(a, depth - 1) * a[i] + leaf(a, s);
          }
          return s;
        }
        @Differentiable static double forest(double[] a, int depth) {
          double s = 0;
          for (int t = 0; t < 2; t++) {
            s += tree(a, depth) * a[t];
          }
          return s;
        }
        // A helper writing an array, whose reverse half calls a helper in a loop.
        static void smooth(double[] v, double w) {
          for (int i = 1; i < v.length; i++) {
            v[i] = v[i] + leaf(v, w) * v[i - 1];
          }
        }
        @Differentiable static double smoothed(double[] x, double w, int rounds) {
          double[] v = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            v[i] = x[i];
          }
          double s = 0;
          for (int r = 0; r < rounds; r++) {
            smooth(v, w);
            s += v[v.length - 1];
          }
          return s;
        }
      """;

  static final double[] A = {0.3, -0.7, 0.5};

  private static Compiled compiled(String... options) {
    return AdjointCompiler.compileWithOptions(List.of(options),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
  }

  @ParameterizedTest
  @CsvSource({"forest, 0", "forest, 1", "forest, 3", "smoothed, 1", "smoothed, 3"})
  void matchesCentralDifferences(String method, int n) {
    Object[] args = method.equals("forest") ? new Object[] {A.clone(), n} : new Object[] {A.clone(), 0.8, n};
    compiled().method(CLASS, method).at(args).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
  }

  @ParameterizedTest
  @CsvSource({"forest", "smoothed"})
  void aSecondProductIntoTheSameObjectAddsTheSame(String method) throws Exception {
    DiffMethod m = compiled().method(CLASS, method);
    Object[] args = method.equals("forest") ? new Object[] {A.clone(), 2} : new Object[] {A.clone(), 0.8, 3};
    Object adjoint = m.adjointClass().getConstructor().newInstance();
    Object[] vjpArgs = new Object[args.length + 2];
    System.arraycopy(args, 0, vjpArgs, 0, args.length);
    vjpArgs[args.length] = 1.0;
    vjpArgs[args.length + 1] = adjoint;
    m.vjpMethod().invoke(null, vjpArgs);
    Field a = m.adjointClass().getField(method.equals("forest") ? "a" : "x");
    double[] once = ((double[]) a.get(adjoint)).clone();
    m.vjpMethod().invoke(null, vjpArgs);
    double[] twice = (double[]) a.get(adjoint);
    double[] doubled = new double[once.length];
    for (int i = 0; i < once.length; i++) {
      doubled[i] = once[i] + once[i];
    }
    assertArrayEquals(doubled, twice, 0.0, "the kept callee objects carry nothing from one product to the next");
  }

  @Test
  void aKeptWorkArrayFollowsTheSizeOfTheNextCall() throws Exception {
    DiffMethod m = compiled().method(CLASS, "smoothed");
    Object reused = m.adjointClass().getConstructor().newInstance();
    Field x = m.adjointClass().getField("x");
    m.vjpMethod().invoke(null, new double[] {0.3, -0.7, 0.5}, 0.8, 2, 1.0, reused);
    x.set(reused, null);
    double[] longer = {0.3, -0.7, 0.5, 0.9, -0.2};
    m.vjpMethod().invoke(null, longer.clone(), 0.8, 2, 1.0, reused);
    Object fresh = m.adjointClass().getConstructor().newInstance();
    m.vjpMethod().invoke(null, longer.clone(), 0.8, 2, 1.0, fresh);
    assertArrayEquals((double[]) x.get(fresh), (double[]) x.get(reused), 0.0);
  }

  @Test
  void theCalleesObjectsAreKeptInTheCallersAdjointObject() throws Exception {
    Compiled on = compiled();
    String grad = on.generatedSource("p.Reused_Grad");
    assertTrue(grad.contains("TreeAdjoint treeAdjoint = adjoint.treeAdjoint;"), grad);
    assertTrue(grad.contains("LeafAdjoint leafAdjoint = adjoint.leafAdjoint;"), grad);
    // v goes to smooth's primal, so it is made per call; its adjoint only to smooth's adjoint object.
    assertTrue(grad.contains("double[] vBar = adjoint.vBar = Shapes.zeroed(adjoint.vBar, x.length);"), grad);
    assertTrue(grad.contains("double[] v = new double[x.length];"), grad);
    Field kept = on.method(CLASS, "forest").adjointClass().getDeclaredField("treeAdjoint");
    assertTrue(Modifier.isPrivate(kept.getModifiers()), "not API: " + kept);
    String off = compiled("-Aadjoint.disable=reusedAdjoints").generatedSource("p.Reused_Grad");
    assertFalse(off.contains("adjoint.treeAdjoint"), off);
  }
}
