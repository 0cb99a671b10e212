package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bitwise and shift operators of ints and longs ({@code & | ^ ~ << >> >>>} and their compound
 * assignments, on variables and int[] elements), and {@code & | ^} of booleans: integers that
 * choose indices, signs and branches, as in an FFT's bit-reversal permutation. No derivative flows
 * through them; the derivative of what they choose is checked against closed forms and central
 * differences.
 */
class BitwiseOperatorsTest {
  static final String CLASS = "p.Bits";
  static final String MEMBERS =
      """
        // The bit-reversal permutation of an FFT of length 2^k, applied to x, then weighted.
        @Differentiable static double bitReversed(double[] x) {
          int n = x.length;
          double[] y = x.clone();
          for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
              j ^= bit;
            }
            j ^= bit;
            if (i < j) {
              double t = y[i];
              y[i] = y[j];
              y[j] = t;
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += (i + 1) * y[i] * y[i];
          }
          return s;
        }
        @Differentiable static double parities(double x, int n, long mask) {
          double s = 0;
          int[] seen = new int[4];
          for (int i = 0; i < n; i++) {
            double sign = (i & 1) == 0 ? 1 : -1;
            s += sign * Math.pow(x, i) * (~i & 3);
            seen[i & 3] |= 1 << (i >>> 2);
            long m = mask >>> i;
            boolean odd = (m & 1L) != 0 ^ i % 3 == 0;
            s += odd | x > 0 & n > 2 ? x * (m & 7L) : 0;
          }
          return s + seen[1] * x;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void theBitReversalPermutationOfAnFft() {
    double[] x = {0.5, -1.25, 2.0, 0.75, 1.5, -0.25, 3.0, -2.0};
    // Bit reversal of 8: 0 4 2 6 1 5 3 7, so y[i] = x[rev(i)]; f = sum (i + 1) y[i]^2.
    int[] rev = {0, 4, 2, 6, 1, 5, 3, 7};
    double[] expected = new double[8];
    for (int i = 0; i < 8; i++) {
      expected[rev[i]] = 2 * (i + 1) * x[rev[i]];
    }
    m("bitReversed").at(x).hasClosedFormArrayGradient(expected).matchesCentralDifferences().vjpIsConsistent();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 6, 9})
  void parityMasksAndFlags(int n) {
    for (double x : new double[] {0.7, -1.3}) {
      m("parities").at(x, n, 0b1011_0110L).valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent();
    }
  }
}
