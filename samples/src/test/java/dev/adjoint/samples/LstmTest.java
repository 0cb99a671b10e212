package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.Lstm_Grad.ObjectiveAdjoint;
import dev.adjoint.samples.Lstm_Grad.ObjectiveGradient;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Lstm#objective} on ADBench's {@code lstm_l2_c1024} and on small random instances: the
 * value against an independent evaluation and a closed form, and the generated gradient against
 * finite differences.
 *
 * <p>No published objective value for {@code lstm_l2_c1024} was found (ADBench's and GradBench's
 * sources have the input and the code, no golden output for it), so the value is checked against
 * {@link #straightforward}, written here without the objective's helpers or layout, and pinned to
 * the value both give.
 */
class LstmTest {

  /**
   * The objective on {@code lstm_l2_c1024}, as both {@link Lstm#objective} and {@link
   * #straightforward} give it.
   */
  static final double OBJECTIVE_L2_C1024 = 0.6666651795588522;

  static LstmInput l2c1024() {
    return LstmInput.load("lstm_l2_c1024");
  }

  /** {@code l} layers, {@code c} characters of {@code b} bits, parameters uniform in [-1, 1). */
  static LstmInput random(int l, int c, int b, long seed) {
    Random random = new Random(seed);
    double[] main = new double[8 * l * b];
    double[] extra = new double[3 * b];
    double[] state = new double[2 * l * b];
    double[] sequence = new double[c * b];
    for (double[] a : new double[][] {main, extra, state}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = 2 * random.nextDouble() - 1;
      }
    }
    for (int i = 0; i < sequence.length; i++) {
      sequence[i] = random.nextBoolean() ? 1 : 0;
    }
    return new LstmInput(l, c, b, main, extra, state, sequence);
  }

  static ObjectiveGradient gradient(LstmInput in) {
    return Lstm_Grad.objective(
        in.mainParams(), in.extraParams(), in.state(), in.sequence(), in.l(), in.c(), in.b());
  }

  /** The gradient in ADBench's layout: main parameters, then extra parameters. */
  static double[] concatenated(double[] main, double[] extra) {
    double[] all = new double[main.length + extra.length];
    System.arraycopy(main, 0, all, 0, main.length);
    System.arraycopy(extra, 0, all, main.length, extra.length);
    return all;
  }

  /**
   * ADBench's loss computed a second way, from its definition: each layer's hidden and cell
   * vectors in arrays of their own, the gates of a layer computed as whole vectors before the
   * state is updated, and the prediction's log-probabilities in an array.
   */
  static double straightforward(LstmInput in) {
    int l = in.l();
    int b = in.b();
    double[] main = in.mainParams();
    double[] extra = in.extraParams();
    double[][] hidden = new double[l][b];
    double[][] cell = new double[l][b];
    for (int j = 0; j < l; j++) {
      for (int i = 0; i < b; i++) {
        hidden[j][i] = in.state()[2 * b * j + i];
        cell[j][i] = in.state()[2 * b * j + b + i];
      }
    }
    double total = 0.0;
    for (int t = 0; t + 1 < in.c(); t++) {
      double[] x = new double[b];
      for (int i = 0; i < b; i++) {
        x[i] = in.sequence()[t * b + i] * extra[i];
      }
      for (int j = 0; j < l; j++) {
        double[] w = Arrays.copyOfRange(main, 8 * b * j, 8 * b * j + 4 * b);
        double[] bias = Arrays.copyOfRange(main, 8 * b * j + 4 * b, 8 * b * (j + 1));
        double[] forget = new double[b];
        double[] ingate = new double[b];
        double[] outgate = new double[b];
        double[] change = new double[b];
        for (int i = 0; i < b; i++) {
          forget[i] = Checks.logistic(x[i] * w[i] + bias[i]);
          ingate[i] = Checks.logistic(hidden[j][i] * w[b + i] + bias[b + i]);
          outgate[i] = Checks.logistic(x[i] * w[2 * b + i] + bias[2 * b + i]);
          change[i] = Math.tanh(hidden[j][i] * w[3 * b + i] + bias[3 * b + i]);
        }
        for (int i = 0; i < b; i++) {
          cell[j][i] = cell[j][i] * forget[i] + ingate[i] * change[i];
          hidden[j][i] = outgate[i] * Math.tanh(cell[j][i]);
        }
        x = hidden[j].clone();
      }
      double[] ypred = new double[b];
      double sumExp = 0.0;
      for (int i = 0; i < b; i++) {
        ypred[i] = x[i] * extra[b + i] + extra[2 * b + i];
        sumExp += Math.exp(ypred[i]);
      }
      double lse = Math.log(sumExp + 2);
      for (int i = 0; i < b; i++) {
        total += in.sequence()[(t + 1) * b + i] * (ypred[i] - lse);
      }
    }
    return -total / ((in.c() - 1) * b);
  }

  @Test
  void loaderReadsEveryBlock() {
    LstmInput in = l2c1024();
    assertEquals(2, in.l());
    assertEquals(1024, in.c());
    assertEquals(14, in.b());
    assertEquals(224, in.mainParams().length);
    assertEquals(42, in.extraParams().length);
    assertEquals(56, in.state().length);
    assertEquals(14336, in.sequence().length);
    // First and last values of each block, as in the file.
    assertEquals(0.7477620204927391, in.mainParams()[0]);
    assertEquals(0.9544461199510779, in.mainParams()[223]);
    assertEquals(0.5848465223020524, in.extraParams()[0]);
    assertEquals(0.11670601224776311, in.extraParams()[41]);
    assertEquals(0.9368207218464604, in.state()[0]);
    assertEquals(0.26003446100527405, in.state()[55]);
    assertEquals(0.0, in.sequence()[0]);
    assertEquals(1.0, in.sequence()[7]);
    assertEquals(1.0, in.sequence()[14331]);
    assertEquals(0.0, in.sequence()[14335]);
  }

  @Test
  void parseRejectsAShortFile() {
    assertThrows(IllegalArgumentException.class, () -> LstmInput.parse("1 2 1  1 2 3"));
  }

  @Test
  void objectiveMatchesAStraightforwardEvaluation() {
    LstmInput in = l2c1024();
    double objective = in.objective();
    assertEquals(straightforward(in), objective, 1e-14);
    assertEquals(OBJECTIVE_L2_C1024, objective, 1e-14);
    for (long seed = 1; seed <= 3; seed++) {
      LstmInput small = random(3, 6, 4, seed);
      assertEquals(straightforward(small), small.objective(), 1e-14, "seed " + seed);
    }
  }

  @Test
  void objectiveByClosedFormForOneUnitOneStep() {
    // l = 1, b = 1, c = 2: one step from (h, cell) on character 1, then the loss of character 1.
    double[] w = {0.3, -0.7, 0.5, 1.1};
    double[] bias = {0.2, 0.1, -0.4, 0.6};
    double[] main = {w[0], w[1], w[2], w[3], bias[0], bias[1], bias[2], bias[3]};
    double[] extra = {1.5, -0.8, 0.25};
    double h = 0.4;
    double cell = -0.3;
    double x = 1 * extra[0];
    double f = Checks.logistic(x * w[0] + bias[0]);
    double in = Checks.logistic(h * w[1] + bias[1]);
    double o = Checks.logistic(x * w[2] + bias[2]);
    double ch = Math.tanh(h * w[3] + bias[3]);
    double newCell = cell * f + in * ch;
    double y = o * Math.tanh(newCell) * extra[1] + extra[2];
    double expected = -(y - Math.log(2 + Math.exp(y)));
    double actual =
        Lstm.objective(main, extra, new double[] {h, cell}, new double[] {1, 1}, 1, 2, 1);
    assertEquals(expected, actual, 1e-15);
  }

  @Test
  void objectiveLeavesTheStateUnchanged() {
    LstmInput in = l2c1024();
    double[] state = in.state().clone();
    double first = in.objective();
    assertArrayEquals(state, in.state());
    assertEquals(first, in.objective());
  }

  /**
   * Five-point central difference {@code (8(f(+h) - f(-h)) - (f(+2h) - f(-2h))) / 12h} of the
   * plain objective in entry {@code j} of {@code v}, one of {@code in}'s parameter arrays.
   */
  static double fivePoint(LstmInput in, double[] v, int j, double h) {
    return ArrayChecks.fivePoint(in::objective, v, j, h);
  }

  /**
   * Every entry of the generated gradient within {@code 1e-6·|g| + 1e-9} of the five-point
   * difference with {@code h = 1e-4}. The loss is a mean over 14,322 terms, so its rounding noise
   * (about 1e-14) sets the floor: the plain central difference with {@code h = 1e-6} is off by up
   * to 3e-9, the five-point one with {@code h = 1e-4} by up to 3e-11, on entries up to 0.05.
   */
  static void assertMatchesFivePoint(LstmInput in, ObjectiveGradient g) {
    String[] names = {"mainParams", "extraParams"};
    double[][] at = {in.mainParams(), in.extraParams()};
    double[][] generated = {g.mainParams(), g.extraParams()};
    for (int p = 0; p < 2; p++) {
      assertEquals(at[p].length, generated[p].length, names[p]);
      for (int j = 0; j < at[p].length; j++) {
        double numeric = fivePoint(in, at[p], j, 1e-4);
        double actual = generated[p][j];
        double error = Math.abs(numeric - actual);
        String entry = names[p] + "[" + j + "]";
        assertTrue(
            error <= 1e-6 * Math.abs(actual) + 1e-9,
            () -> "d/d" + entry + ": generated " + actual + " but central difference " + numeric);
      }
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesOnL2C1024() {
    LstmInput in = l2c1024();
    ObjectiveGradient g = gradient(in);
    assertEquals(in.objective(), g.value());
    assertEquals(266, g.mainParams().length + g.extraParams().length);
    assertMatchesFivePoint(in, g);
  }

  @Test
  void gradientMatchesFiniteDifferencesOnThreeLayers() {
    LstmInput in = random(3, 8, 5, 42);
    ObjectiveGradient g = gradient(in);
    assertEquals(in.objective(), g.value());
    assertMatchesFivePoint(in, g);
  }

  @Test
  void gradientLeavesArgumentsUnchanged() {
    LstmInput in = l2c1024();
    LstmInput pristine = l2c1024();
    gradient(in);
    Lstm_Grad.objectiveVjp(
        in.mainParams(), in.extraParams(), in.state(), in.sequence(), in.l(), in.c(), in.b(), 1.0,
        new ObjectiveAdjoint());
    assertArrayEquals(pristine.mainParams(), in.mainParams());
    assertArrayEquals(pristine.extraParams(), in.extraParams());
    assertArrayEquals(pristine.state(), in.state());
    assertArrayEquals(pristine.sequence(), in.sequence());
  }

  @Test
  void vjpWithReusedAdjointMatchesRecord() {
    LstmInput in = l2c1024();
    ObjectiveGradient g = gradient(in);
    ObjectiveAdjoint adjoint = new ObjectiveAdjoint();
    for (int round = 0; round < 2; round++) {
      adjoint.reset();
      double value =
          Lstm_Grad.objectiveVjp(
              in.mainParams(), in.extraParams(), in.state(), in.sequence(), in.l(), in.c(),
              in.b(), 2.0, adjoint);
      assertEquals(g.value(), value);
      double[] expected = concatenated(g.mainParams(), g.extraParams());
      double[] actual = concatenated(adjoint.mainParams, adjoint.extraParams);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(2 * expected[i], actual[i], 1e-12 * Math.abs(expected[i]), "[" + i + "]");
      }
    }
  }
}
