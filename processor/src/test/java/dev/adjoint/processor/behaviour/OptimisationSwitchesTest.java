package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Point;
import dev.adjoint.processor.testing.Sources;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every optimisation can be turned off ({@code -Aadjoint.disable=name,...} or {@code all}), so a
 * wrong derivative can be traced to the pass that caused it. Each switch must change the generated
 * code where its pass applies, and never the numbers: gradients with a pass off equal those with
 * every pass on, to rounding.
 */
class OptimisationSwitchesTest {
  static final String CLASS = "p.Switched";
  static final String MEMBERS =
      """
        static double square(double z) { return z * z; }

        // A loop of sums: reversed iteration by iteration; a split call; a kept Math result; u,
        // read only along the sum (not recorded); a counted loop's counter (recomputed).
        @Differentiable static double loss(double[] x, double w, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double t = w * x[i];
            double u = t - w;
            s += square(t) + Math.exp(t * 0.5) + u;
          }
          return s / n;
        }
        // t overwritten after s += t * t read it: each iteration keeps t for its own reverse.
        @Differentiable static double reuse(double[] x, double w) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double t = w * x[i];
            s += t * t;
            t = Math.sin(t) * w;
            s += t;
          }
          return s;
        }
        // A private work array whose adjoint element a reverse loop keeps adding into.
        @Differentiable static double triangle(double[] x, int d) {
          double[] work = new double[d];
          for (int i = 0; i < d; i++) {
            work[i] = x[i] * x[i];
          }
          double s = 0;
          for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
              s += work[i] * x[j];
            }
          }
          return s * s;
        }
        // a twice in one product: two contributions to aBar alike but for the order of factors.
        @Differentiable static double squares(double[] x, double c) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double a = x[i] - c;
            s += 3 * a * a;
          }
          return s;
        }
        // x[i] in two statements of one iteration: two updates of xBar[i], summed on the way.
        @Differentiable static double pairs(double[] x) {
          double f = 0;
          for (int i = 0; i + 1 < x.length; i += 2) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
          }
          return f;
        }
        // xBar[at[0]] added to twice in one iteration's reverse, with at[0] put back in between:
        // the two updates are of different elements.
        @Differentiable static double moved(double[] x, int[] at) {
          double s = 0;
          for (int k = 0; k < 3; k++) {
            s += x[at[0]] * x[at[0]];
            at[0] = (at[0] + 1) % x.length;
            s += 3 * x[at[0]];
          }
          return s;
        }
        static void step(double[] state, double w) {
          for (int i = 0; i < state.length; i++) {
            state[i] = Math.sin(state[i] * w);
          }
        }
        static double stepped(double[] state, double w) {
          double n = 0;
          for (int i = 0; i < state.length; i++) {
            state[i] = Math.sin(state[i] * w);
            n += state[i];
          }
          return n;
        }
        // A call in a loop writing an array that carries from one iteration to the next, its
        // value used: the caller keeps the array's contents, and the call runs joint.
        @Differentiable static double drift(double[] x, double w, int steps) {
          double[] s = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            s[i] = x[i];
          }
          double r = 0;
          for (int t = 0; t < steps; t++) {
            double e = stepped(s, w);
            r += e * e;
          }
          return r;
        }
        // GMM's shape: each component rewrites a work array from constants, then reads it.
        @Differentiable static double components(double[] x, double[] means, int k) {
          int d = x.length;
          double[] centred = new double[d];
          double s = 0;
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
              centred[i] = x[i] - means[c * d + i];
            }
            double q = 0;
            for (int i = 0; i < d; i++) {
              q += centred[i] * centred[i] * means[c * d + i];
            }
            s += Math.exp(-q);
          }
          return s;
        }
        // A call statement in a loop writing an array that carries from one iteration to the next.
        @Differentiable static double evolve(double[] x, double w, int steps) {
          double[] s = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            s[i] = x[i];
          }
          for (int t = 0; t < steps; t++) {
            step(s, w);
          }
          double r = 0;
          for (int i = 0; i < x.length; i++) {
            r += s[i] * s[i];
          }
          return r;
        }
      """;

  private static Compiled compiled(String disabled) {
    return AdjointCompiler.compileWithOptions(
        disabled.isEmpty() ? List.of() : List.of("-Aadjoint.disable=" + disabled),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
  }

  private static String method(String disabled, String name) {
    return compiled(disabled).generatedMethod("p.Switched_Grad", name);
  }

  @ParameterizedTest
  @CsvSource({
      // option, method, what its pass writes into the generated method
      "iterationwise, lossVjp, 'reversed iteration by iteration'",
      // What an iteration reversed in place keeps for itself: a local, not the tape.
      "iterationLocals, reuseVjp, 'double tOldKept = t'",
      "splitCalls, lossForward, 'Switched_Grad.squareForward('",
      "keepMath, lossForward, 'tape.push(sExp'",
      "recomputedCounters, lossReverse, 'i = k - 1'",
      "scalarReplacement, triangleVjp, 'workBarAtI2'",
      // The contents a call in a loop is about to write: on the tape's storage, not in a copy.
      "tapeSnapshots, driftVjp, 'tape.pushRange(s, 0, s.length'",
      // The call statement through the callee's split in-out sweeps; off, its whole mVjpInOut.
      "splitInOut, evolveVjp, 'Switched_Grad.stepForwardInOut(s, w, tape)'",
      "inOutInPlace, stepVjpInOut, 'tape.pushRange(state, 0, state.length'",
      // The reverse of each component starts by computing centred again; off, it is kept. (mVjp
      // reverses each component right after it, and keeps nothing either way.)
      "recomputedRewrites, componentsReverse, 'Computed again rather than kept:'",
      "likeTerms, squaresVjp, '6.0 * (sBar * a)'",
      "elementSums, pairsVjp, 'double xBarSum = -bBar'",
      // aBar is zero when the iteration's reverse first adds to it: assigned, not added to.
      "zeroAdjoints, pairsVjp, 'aBar = 200.0 * (fBar * a)'",
      // square's adjoint object, made once before the loop, is cleared at each call in it.
      "reusedAdjoints, lossVjp, 'squareAdjoint.z = 0.0'",
  })
  void eachSwitchTurnsItsPassOff(String option, String generatedMethod, String trace) {
    assertTrue(method("", generatedMethod).contains(trace), "on by default: " + method("", generatedMethod));
    String off = method(option, generatedMethod);
    assertFalse(off.contains(trace), off);
  }

  @Test
  void recordingEveryOverwriteKeepsWhatNoAdjointReads() {
    // s += ... reads u only along the sum: nothing of u needs keeping, unless recording is off.
    assertFalse(method("", "lossReverse").contains("double uOld"), method("", "lossReverse"));
    assertTrue(method("toBeRecorded", "lossReverse").contains("double uOld"), method("toBeRecorded", "lossReverse"));
  }

  @Test
  void iterationRecordsOffKeepsWhatOnlyEarlierIterationsRead() {
    // Each iteration assigns t before reading it: nothing to keep once the iteration's own
    // reverse has run, unless recording counts the loop's every statement as earlier.
    assertFalse(method("", "lossVjp").contains("tOldKept"), method("", "lossVjp"));
    assertTrue(method("iterationRecords", "lossVjp").contains("tOldKept"), method("iterationRecords", "lossVjp"));
  }

  @Test
  void countersOffRecordsTheCounter() {
    assertTrue(method("recomputedCounters", "lossForward").contains("tape.push(i,"),
        method("recomputedCounters", "lossForward"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"toBeRecorded", "iterationwise", "iterationLocals", "splitCalls", "keepMath",
      "scalarReplacement", "tapeSnapshots", "splitInOut", "inOutInPlace", "recomputedRewrites", "likeTerms", "elementSums", "zeroAdjoints", "iterationRecords", "reusedAdjoints", "recomputedCounters", "splitMethods", "all", "splitCalls,keepMath"})
  void noSwitchChangesTheNumbers(String disabled) {
    double[] x = {0.4, -0.3, 0.8, 0.15};
    for (String name : List.of("loss", "triangle", "evolve", "drift", "squares", "pairs", "reuse", "moved",
        "components")) {
      Object[] args = switch (name) {
        case "loss" -> new Object[] {x, 0.7, 4};
        case "squares" -> new Object[] {x, 0.2};
        case "pairs" -> new Object[] {x};
        case "reuse" -> new Object[] {x, 0.7};
        case "moved" -> new Object[] {x, new int[] {1}};
        case "evolve", "drift" -> new Object[] {x, 1.3, 3};
        case "components" -> new Object[] {x, new double[] {0.3, -0.2, 0.5, 0.1, -0.4, 0.6, 0.2, 0.9}, 2};
        default -> new Object[] {x, 4};
      };
      Point on = compiled("").method(CLASS, name).at(args);
      Point off = compiled(disabled).method(CLASS, name).at(args);
      off.valueMatchesPrimal().matchesCentralDifferences().vjpIsConsistent().hasPartialsOf(on, 1e-12);
    }
  }

  /**
   * Methods are cut into chunks only above {@code -Aadjoint.splitAbove} estimated bytes (6,000
   * by default, which these methods do not reach), and not below javac's limit with the switch
   * off; the numbers stay the same bits, since no arithmetic changes.
   */
  @Test
  void splitMethodsCutsLongMethodsOnlyWhenOn() {
    String low = "-Aadjoint.splitAbove=120";
    assertFalse(method("", "lossVjp").contains("lossVjpForward1("), method("", "lossVjp"));
    Compiled cut = AdjointCompiler.compileWithOptions(List.of(low),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
    Compiled whole = AdjointCompiler.compileWithOptions(List.of(low, "-Aadjoint.disable=splitMethods"),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
    String source = cut.generatedSource("p.Switched_Grad");
    assertTrue(source.contains("lossVjpForward1(locals") && source.contains("class LossVjpLocals")
        && source.contains("lossReverse1("), source);
    assertFalse(whole.generatedSource("p.Switched_Grad").contains("Locals"), whole.generatedSource("p.Switched_Grad"));
    double[] x = {0.4, -0.3, 0.8, 0.15};
    for (String name : List.of("loss", "triangle")) {
      Object[] args = name.equals("loss") ? new Object[] {x, 0.7, 4} : new Object[] {x, 4};
      Point a = cut.method(CLASS, name).at(args).matchesCentralDifferences();
      Point b = whole.method(CLASS, name).at(args);
      assertEquals(b.value(), a.value(), 0.0, name);
      assertTrue(java.util.Arrays.equals(a.partials(), b.partials()), name);
    }
  }

  @Test
  void aBadSplitAboveIsAnError() {
    Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor())
        .withOptions("-Aadjoint.splitAbove=lots")
        .compile(JavaFileObjects.forSourceString(CLASS, Sources.classWith(CLASS, MEMBERS)));
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    String errors = compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null)).toList().toString();
    assertTrue(errors.contains("-Aadjoint.splitAbove takes a number of bytes above 0, not 'lots'"), errors);
  }

  @Test
  void anUnknownOptimisationIsAnErrorNamingTheKnownOnes() {
    Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor())
        .withOptions("-Aadjoint.disable=splitCalls,fastMath")
        .compile(JavaFileObjects.forSourceString(CLASS, Sources.classWith(CLASS, MEMBERS)));
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    String errors = compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null)).toList().toString();
    assertTrue(errors.contains("unknown optimisation 'fastMath'") && errors.contains("toBeRecorded"), errors);
  }
}
