package dev.adjoint.processor.review;

import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Which optimisations changed a method's VJP, found by generating it again with each one off in
 * turn and comparing the code: what a reviewer asks before trusting a switch, and what none of
 * the optimisations can misreport about itself. Only when the report is asked for.
 */
public final class OptimisationEffects {
  private OptimisationEffects() {}

  /**
   * One line per optimisation: off, or on and what it changed in the body {@code vjpBody} prints
   * under given settings (lines, and statements that write to the tape), or that it changed
   * nothing here.
   */
  public static List<String> of(Settings settings, java.util.function.Function<Settings, String> vjpBody) {
    String with = vjpBody.apply(settings);
    List<String> lines = new ArrayList<>();
    for (Optimization o : Optimization.values()) {
      if (!settings.on(o)) {
        lines.add(o.optionName() + ": off (-Aadjoint.disable)");
        continue;
      }
      EnumSet<Optimization> others = EnumSet.copyOf(settings.enabled());
      others.remove(o);
      String without;
      try {
        without = vjpBody.apply(new Settings(others, settings.checkTape(), settings.splitAbove()));
      } catch (RuntimeException e) {
        lines.add(o.optionName() + ": on (the comparison without it failed: " + e.getClass().getSimpleName() + ")");
        continue;
      }
      lines.add(o.optionName() + ": on, " + (with.equals(without) ? "changes nothing in this method's VJP"
          : "with it the VJP is " + count(with) + ", without it " + count(without)));
    }
    return lines;
  }

  private static String count(String code) {
    long lines = code.lines().filter(l -> !l.isBlank() && !l.trim().startsWith("//")).count();
    long tape = code.lines().filter(l -> l.contains("tape.push") || l.contains("tape.pop")).count();
    return lines + " lines (" + tape + " tape pushes and pops)";
  }
}
