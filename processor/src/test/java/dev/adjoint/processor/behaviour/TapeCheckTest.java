package dev.adjoint.processor.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.Sources;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.TapeDisciplineError;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tape checker ({@code -Aadjoint.checkTape}, on in every behaviour test): generated code names
 * each push's site and each pop's expected site, so a pop that would read another push's value
 * fails at once. Proven here on real generated code edited by hand to pop two values in the wrong
 * order, and to leave one behind.
 */
class TapeCheckTest {
  static final String CLASS = "p.Checked";
  static final String MEMBERS =
      """
        @Differentiable static double f(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.exp(s * x) * Math.tanh(x + i);
          }
          return s;
        }
      """;

  private static final Pattern POP = Pattern.compile("(?m)^ *double \\w+ = tape\\.popDouble\\(\"[^\"]*\"\\);\\n");

  private static String generated() {
    return Sources.compileClass(CLASS, MEMBERS).generatedSource("p.Checked_Grad");
  }

  private static Method gradient(String gradSource) {
    ClassLoader loader = AdjointCompiler.compileAsIs(
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)),
        AdjointCompiler.source("p.Checked_Grad", gradSource));
    try {
      return Class.forName("p.Checked_Grad", true, loader).getMethod("f", double.class, int.class);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theGeneratedCodeAsWrittenPassesTheCheck() throws Exception {
    Object record = gradient(generated()).invoke(null, 0.3, 4);
    assertTrue(record.toString().contains("value="), String.valueOf(record));
    assertEquals(0, Tape.local().size());
  }

  @Test
  void aMisorderedPopIsCaught() {
    String source = generated();
    Matcher pops = POP.matcher(source);
    assertTrue(pops.find(), source);
    int firstStart = pops.start();
    String first = pops.group();
    assertTrue(pops.find() && pops.start() == firstStart + first.length(), "two pops in a row: " + source);
    String second = pops.group();
    String swapped = source.substring(0, firstStart) + second + first + source.substring(pops.end());
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> gradient(swapped).invoke(null, 0.3, 4));
    assertEquals(TapeDisciplineError.class, thrown.getCause().getClass(), String.valueOf(thrown.getCause()));
    assertTrue(thrown.getCause().getMessage().contains("would read the value pushed at"), thrown.getCause().getMessage());
    assertEquals(0, Tape.local().size(), "the failed call leaves nothing on the tape");
  }

  @Test
  void aValueLeftOnTheTapeIsCaught() {
    String source = generated();
    Matcher pops = POP.matcher(source);
    assertTrue(pops.find(), source);
    // The reverse sweep no longer reads the last value pushed: the balance check at return fails
    // (or, if the value's kind is read again below it, the next pop does).
    String pop = pops.group();
    String leftBehind = source.replace(pop, pop.replaceFirst("tape\\.popDouble\\(\"[^\"]*\"\\)", "0.0"));
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> gradient(leftBehind).invoke(null, 0.3, 4));
    assertEquals(TapeDisciplineError.class, thrown.getCause().getClass(), String.valueOf(thrown.getCause()));
  }

  @Test
  void withoutTheOptionTheGeneratedCodeNamesNoSites() {
    Compiled plain = AdjointCompiler.compileWithOptions(List.of("-Aadjoint.checkTape=false"),
        AdjointCompiler.source(CLASS, Sources.classWith(CLASS, MEMBERS)));
    String source = plain.generatedSource("p.Checked_Grad");
    assertTrue(source.contains("tape.push("), source);
    assertFalse(source.contains("\"Checked.f#"), source);
    assertFalse(source.contains("checkBalanced"), source);
  }
}
