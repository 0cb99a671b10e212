package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Arrays.sort} of doubles (whole and a range), floats and ints inside differentiable code:
 * each sorted element carries the derivative of the element it came from. Medians and trimmed sums
 * against closed forms and central differences; sorting in a loop whose values change.
 */
class SortTest {
  static final String CLASS = "p.Sorts";
  static final String MEMBERS =
      """
        @Differentiable static double median(double[] x) {
          double[] s = x.clone();
          java.util.Arrays.sort(s);
          int n = s.length;
          return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        }
        @Differentiable static double trimmed(double[] x, int k) {
          double[] s = java.util.Arrays.copyOf(x, x.length);
          java.util.Arrays.sort(s, 1, s.length);
          int[] idx = {3, 1, 2};
          java.util.Arrays.sort(idx);
          double t = 0;
          for (int i = k; i < s.length - k; i++) {
            t += s[i] * s[i] * (i + 1) + idx[0];
          }
          return t;
        }
        @Differentiable static double floats(float[] x) {
          float[] s = x.clone();
          java.util.Arrays.sort(s);
          return s[0] * 3 + s[s.length - 1] * s[1];
        }
        // Sorted again at each step, after the values moved: the order differs from step to step.
        @Differentiable static double inALoop(double[] x, double a, int steps) {
          double[] s = x.clone();
          double total = 0;
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < s.length; i++) {
              s[i] = Math.sin(a * s[i] + i);
            }
            java.util.Arrays.sort(s);
            total += s[0] - 2 * s[s.length - 1];
          }
          return total;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void theMedianIsTheMiddleElementsDerivative() {
    double[] odd = {2.5, -1.0, 0.75, 3.25, 1.5};
    // Sorted: -1, 0.75, 1.5, 2.5, 3.25: the median is x[4].
    m("median").at((Object) odd).hasClosedFormArrayGradient(new double[] {0, 0, 0, 0, 1}).matchesCentralDifferences();
    double[] even = {2.5, -1.0, 0.75, 3.25};
    // Sorted: -1, 0.75, 2.5, 3.25: the mean of x[2] and x[0].
    m("median").at((Object) even).hasClosedFormArrayGradient(new double[] {0.5, 0, 0.5, 0}).matchesCentralDifferences()
        .vjpIsConsistent();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void aRangeSortedAndIntsSortedBesideIt(int k) {
    m("trimmed").at(new double[] {2.5, -1.0, 0.75, 3.25, 1.5, -0.5}, k).matchesCentralDifferences().vjpIsConsistent();
  }

  @Test
  void floatsSortedAsFloats() throws Exception {
    // Sorted: -1.5, 0.25, 2: 3 s0 + s2 s1 = 3 x1 + x0 x2.
    var compiled = Sources.compileClass(CLASS, MEMBERS);
    Object g = compiled.declared("p.Sorts_Grad", "floats", 1).invoke(null, (Object) new float[] {2f, -1.5f, 0.25f});
    var partials = g.getClass().getMethod("x");
    partials.setAccessible(true);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.25, 3, 2}, (double[]) partials.invoke(g), 0.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void sortedAgainInEachStep(int steps) {
    m("inALoop").at(new double[] {0.3, -1.2, 2.1, 0.7}, 0.9, steps).matchesCentralDifferences().vjpIsConsistent();
  }

  @Test
  void theGeneratedCodeCopiesIntoTheSortedOrder() {
    String grad = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Sorts_Grad");
    assertTrue(grad.contains("Sorting.order(sCopy, 0, s.length)"), "the order from the runtime");
    assertTrue(grad.contains("s[i_3] = sCopy[sOrder[i_3]]"), grad);
  }
}
