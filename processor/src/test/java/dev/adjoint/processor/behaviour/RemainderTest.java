package dev.adjoint.processor.behaviour;

import dev.adjoint.processor.testing.DiffMethod;
import dev.adjoint.processor.testing.Sources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The remainder of doubles, {@code a % b = a - b * trunc(a / b)}: d/da = 1 and d/db =
 * -trunc(a / b), away from the jumps where a / b is an integer.
 */
class RemainderTest {
  static final String CLASS = "p.Remainder";
  static final String MEMBERS =
      """
        @Differentiable static double rem(double a, double b) {
          return a % b;
        }
        @Differentiable static double compound(double a, double b) {
          double s = a * a;
          s %= b;
          return s * b;
        }
      """;

  static DiffMethod m(String name) {
    return Sources.compileClass(CLASS, MEMBERS).method(CLASS, name);
  }

  @ParameterizedTest
  @CsvSource({"7.5, 2.0", "-7.5, 2.0", "7.5, -2.25", "0.3, 5.0", "-11.2, -3.1"})
  void remainder(double a, double b) {
    double truncated = (double) (long) (a / b);
    m("rem").at(a, b).hasGradient(1.0, -truncated);
  }

  @ParameterizedTest
  @CsvSource({"2.5, 2.0", "-1.7, 0.9", "3.1, -1.3"})
  void compoundRemainder(double a, double b) {
    // s = a^2 % b = a^2 - b * q with q = trunc(a^2 / b); result r = s * b.
    double q = (double) (long) (a * a / b);
    double s = a * a % b;
    double dsDa = 2 * a;
    double dsDb = -q;
    m("compound").at(a, b).hasGradient(b * dsDa, s + b * dsDb);
  }
}
