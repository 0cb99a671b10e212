package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.api.Test;

/**
 * A local declared without a value and assigned later ({@code double c; if (..) c = ..; else c =
 * ..;}) is definitely assigned only where javac can prove it; the generated forward sweep must
 * not read it (to keep it) before then, or the {@code _Grad} does not compile. Issue 9 saw
 * {@code tape.push(c)} ahead of the first assignment.
 */
class DefiniteAssignmentTest {
  static final String CLASS = "p.Late";
  static final String MEMBERS =
      """
        @Differentiable static double bothBranches(double x) {
          double c;
          if (x > 0) {
            c = x * x;
          } else {
            c = Math.sin(x);
          }
          c = c * Math.exp(c);
          return c;
        }
        @Differentiable static double inALoop(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double c;
            if (s > 1) {
              c = Math.log(s);
            } else {
              c = x * i;
            }
            c = c * c;
            s = s + c;
          }
          return s;
        }
        @Differentiable static double switchAssigned(double x, int k) {
          double c;
          switch (k) {
            case 0: c = x; break;
            case 1: c = x * x; break;
            default: c = Math.cos(x);
          }
          c = Math.tanh(c) * c;
          return c;
        }
      """;

  private static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @Test
  void assignedInBothBranchesThenOverwritten() {
    for (double x : new double[] {0.7, -0.4}) {
      double c = x > 0 ? x * x : Math.sin(x);
      double dc = x > 0 ? 2 * x : Math.cos(x);
      m("bothBranches").at(x).valueMatchesPrimal()
          .hasClosedFormGradient((1 + c) * Math.exp(c) * dc).matchesCentralDifferences();
    }
  }

  @Test
  void declaredInALoopBody() {
    m("inALoop").at(0.3, 6).valueMatchesPrimal().matchesCentralDifferences();
    m("inALoop").at(0.9, 5).valueMatchesPrimal().matchesCentralDifferences();
  }

  @Test
  void assignedInEveryCaseOfASwitch() {
    for (int k = 0; k < 3; k++) {
      m("switchAssigned").at(0.6, k).valueMatchesPrimal().matchesCentralDifferences();
    }
  }
}
