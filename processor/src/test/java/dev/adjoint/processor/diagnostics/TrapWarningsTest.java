package dev.adjoint.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The warnings of derivative traps (DerivativeTraps): each on its expression, with its message
 * pinned; the code still compiles and gets its _Grad. Suppressed by {@code
 * @SuppressWarnings("adjoint")} or the trap's own key, on the method or its class, and by
 * {@code -Aadjoint.warnings=false}; none where there is no trap.
 */
class TrapWarningsTest {
  private static JavaFileObject source(String body) {
    return JavaFileObjects.forSourceString("q.Traps", """
        package q;

        import dev.adjoint.Differentiable;
        import dev.adjoint.NoDerivative;

        class Traps {
        %s
        }
        """.formatted(body));
  }

  private static Compilation compile(String body, String... options) {
    return javac().withProcessors(new AdjointProcessor()).withOptions((Object[]) options).compile(source(body));
  }

  private static List<String> warnings(Compilation compilation) {
    return compilation.warnings().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      equality             | @Differentiable static double m(double x, double y) {\\n double s = x * y;\\n if (x == y) { s += 1; }\\n return s; } | if (x == y) | 'x == y' compares a differentiated value exactly: it holds at isolated points, and the derivative there is that of the branch taken; compare with a tolerance if that is what is meant [adjoint.equality]
      inequality of an element | @Differentiable static double m(double[] x) {\\n return x[0] != 0 ? x[0] : 1; } | x[0] != 0 | 'x[0] != 0' compares a differentiated value exactly
      cast to int          | @Differentiable static double m(double x, double[] t) {\\n int k = (int) (3 * x);\\n return t[k] * x; } | int k = | '(int)(3 * x)' truncates a differentiated value, so its derivative is 0: what is computed from it does not change with that value as far as the derivative sees (silently zero); keep the value a double if its change should count [adjoint.truncation]
      cast to long returned | @Differentiable static double m(double x) {\\n return (long) x; } | return (long) x | '(long)x' truncates a differentiated value
      floor                | @Differentiable static double m(double x) {\\n return x + Math.floor(x); } | Math.floor(x) | 'Math.floor(x)' truncates a differentiated value
      round through a local | @Differentiable static double m(double x) {\\n long r = Math.round(x * 10);\\n double y = r / 10.0;\\n return y; } | Math.round(x * 10) | 'Math.round(x * 10)' truncates a differentiated value
      branch               | @Differentiable static double m(double x) {\\n double s = x;\\n while (s > 1) { s = s / 2; }\\n return s; } | static double m( | m branches on differentiated values (first at 's > 1'): its result is piecewise, and the derivative is that of the branch taken, one-sided where a comparison is an equality [adjoint.piecewise]
      conditional          | @Differentiable static double m(double x, double y) {\\n return x > y ? x - y : 0; } | static double m( | m branches on differentiated values (first at 'x > y')
      unused parameter     | @Differentiable static double m(double x, double y) {\\n return y > 0 ? x * x : x; } | double y) | parameter y is differentiated, but no arithmetic carries it to the result: its partial is always 0; mark it @NoDerivative if that is meant [adjoint.unused]
      unused array         | @Differentiable static double m(double[] w, double x) {\\n return x * w.length; } | double[] w, | parameter w is differentiated, but no arithmetic carries it to the result
      abs                  | @Differentiable static double m(double x) {\\n return Math.abs(x) * 2; } | Math.abs(x) | 'Math.abs(x)' has a kink where its argument is 0; there Adjoint's derivative is 0 (that of signum) [adjoint.kink]
      max                  | @Differentiable static double m(double x, double y) {\\n return Math.max(x, y * y); } | Math.max(x, y * y) | 'Math.max(x, y * y)' has a kink where its arguments are equal; there Adjoint gives each of them half the derivative [adjoint.kink]
      min of an active and a constant | @Differentiable static double m(double x) {\\n return Math.min(1.0, x); } | Math.min(1.0, x) | 'Math.min(1.0, x)' has a kink where its arguments are equal
      """)
  void warnsOnTheTrap(String name, String body, String line, String message) {
    JavaFileObject file = source(body.replace("\\n", "\n"));
    Compilation compilation = javac().withProcessors(new AdjointProcessor()).compile(file);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(message).inFile(file).onLineContaining(line);
    assertThat(compilation.generatedSourceFile("q.Traps_Grad").isPresent()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      smooth arithmetic    | @Differentiable static double m(double[] x, double a) {\\n double s = 0;\\n for (int i = 0; i < x.length; i++) { s += a * Math.exp(x[i]); }\\n return Math.log(s); }
      integer branch       | @Differentiable static double m(double x, int n) {\\n double s = 1;\\n for (int i = 0; i < n; i++) { if (i % 2 == 0) { s *= x; } }\\n return s; }
      constant comparisons | @Differentiable static double m(double x, @NoDerivative double c) {\\n return c == 0 ? x : x * c; }
      truncation not reaching the result | @Differentiable static double m(double x) {\\n int unusedIndex = (int) x;\\n return x * x; }
      int cast of a constant | @Differentiable static double m(double x, @NoDerivative double c) {\\n return x * (int) c; }
      """)
  void saysNothingWithoutATrap(String name, String body) {
    Compilation compilation = compile(body.replace("\\n", "\n"));
    assertThat(compilation).succeeded();
    assertThat(warnings(compilation)).isEmpty();
  }

  private static final String TRAPS = """
      @Differentiable static double m(double x, double y) {
        return Math.abs(x) + (x == 0 ? 1 : 0);
      }
      """;

  @Test
  void everyTrapOfAMethodIsSaid() {
    List<String> said = warnings(compile(TRAPS));
    assertThat(said).hasSize(4);
    assertThat(String.join("\n", said)).contains("[adjoint.kink]");
    assertThat(String.join("\n", said)).contains("[adjoint.equality]");
    assertThat(String.join("\n", said)).contains("[adjoint.piecewise]");
    assertThat(String.join("\n", said)).contains("[adjoint.unused]");
  }

  @Test
  void suppressedForTheMethodOrTheClass() {
    assertThat(warnings(compile("@SuppressWarnings(\"adjoint\")\n" + TRAPS))).isEmpty();
    Compilation onClass = javac().withProcessors(new AdjointProcessor()).compile(JavaFileObjects.forSourceString(
        "q.Quiet", "package q;\nimport dev.adjoint.Differentiable;\n@SuppressWarnings(\"adjoint\")\nclass Quiet {\n"
            + TRAPS + "}\n"));
    assertThat(onClass).succeeded();
    assertThat(warnings(onClass)).isEmpty();
  }

  @Test
  void aKeySuppressesItsKindOnly() {
    List<String> said = warnings(compile("@SuppressWarnings({\"adjoint.kink\", \"adjoint.unused\"})\n" + TRAPS));
    assertThat(said).hasSize(2);
    assertThat(String.join("\n", said)).doesNotContain("[adjoint.kink]");
    assertThat(String.join("\n", said)).doesNotContain("[adjoint.unused]");
  }

  @Test
  void theOptionTurnsThemOff() {
    assertThat(warnings(compile(TRAPS, "-Aadjoint.warnings=false"))).isEmpty();
    Compilation bad = compile(TRAPS, "-Aadjoint.warnings=maybe");
    assertThat(bad).failed();
    assertThat(bad).hadErrorContaining("-Aadjoint.warnings takes true or false, not 'maybe'");
  }

  @Test
  void noWarningsForHelpersOrMethodsWithErrors() {
    Compilation compilation = compile("""
        static double helper(double v) { return Math.abs(v); }
        @Differentiable static double m(double x) { return helper(x) * x; }
        """);
    assertThat(compilation).succeeded();
    assertThat(warnings(compilation)).isEmpty();
    Compilation failing = compile("@Differentiable static double m(double x) { return Math.abs(x) * Math.random(); }");
    assertThat(failing).failed();
    assertThat(warnings(failing)).isEmpty();
    assertThat(failing.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count()).isEqualTo(1);
  }
}
