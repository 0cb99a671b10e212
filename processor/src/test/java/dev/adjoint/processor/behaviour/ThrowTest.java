package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** throw: the gradient methods throw what the primal throws, and differentiate it otherwise. */
class ThrowTest {
  static final String CLASS = "p.Throws";
  static final String MEMBERS =
      """
        @Differentiable static double safeLog(double x, int n) {
          if (x <= 0) {
            throw new IllegalArgumentException("x must be positive, was " + x + " (n = " + (n + 1) + ")");
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            if (i > 10) {
              throw new IllegalStateException();
            }
            s += Math.log(x * (i + 1));
          }
          return s;
        }
        @Differentiable static double overflowGuard(double x, int n) {
          double p = 1;
          for (int i = 0; i < n; i++) {
            p *= x;
            if (p > 1e6) {
              throw new ArithmeticException("overflow at " + i);
            }
          }
          return p;
        }
      """;

  static DiffMethod m() {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, "safeLog");
  }

  @ParameterizedTest
  @CsvSource({"2.0, 3", "0.5, 1", "7.0, 11"})
  void differentiatesWhenNothingIsThrown(double x, int n) {
    m().at(x, n).hasGradient(n / x);
  }

  @Test
  void gradientThrowsWhatThePrimalThrows() throws Exception {
    var gradient = m().gradientMethod();
    var thrown = assertThrows(InvocationTargetException.class, () -> gradient.invoke(null, -1.0, 3));
    assertEquals(IllegalArgumentException.class, thrown.getCause().getClass());
    assertEquals("x must be positive, was -1.0 (n = 4)", thrown.getCause().getMessage());
    var inLoop = assertThrows(InvocationTargetException.class, () -> gradient.invoke(null, 1.0, 20));
    assertEquals(IllegalStateException.class, inLoop.getCause().getClass());

  }

  @Test
  void aGradientCallThatThrowsLeavesNothingOnTheTape() throws Exception {
    var gradient = Sources.compileClass(CLASS, MEMBERS).method(CLASS, "overflowGuard").gradientMethod();
    String source = Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Throws_Grad");
    assertTrue(source.contains("tape.push(p,"), "the loop records p before the guard can throw");
    for (int call = 0; call < 3; call++) {
      var thrown = assertThrows(InvocationTargetException.class, () -> gradient.invoke(null, 10.0, 20));
      assertEquals("overflow at 6", thrown.getCause().getMessage());
      assertEquals(0, dev.adjoint.runtime.Tape.local().size(), "what the failed call recorded is dropped");
    }
    var ok = gradient.invoke(null, 2.0, 3);
    assertEquals(8.0, (double) ok.getClass().getMethod("value").invoke(ok));
    assertEquals(12.0, (double) ok.getClass().getMethod("x").invoke(ok));
  }
}
