package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
