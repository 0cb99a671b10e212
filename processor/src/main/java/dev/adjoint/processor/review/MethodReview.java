package dev.adjoint.processor.review;

import java.util.List;

/**
 * What the review report says of one differentiated method, as plain text: where its source is,
 * which of its variables carry derivatives, what its loops keep, how its calls run, which
 * optimisations and conventions apply, and its warnings.
 *
 * @param firstLine the source line of {@code source}'s first line
 */
public record MethodReview(String name, String signature, List<String> source, int firstLine,
    List<String> activeVariables, List<String> constantVariables, List<String> loops, List<String> calls,
    List<String> optimisations, List<String> conventions, List<String> warnings, List<String> splitHalves) {
  public MethodReview {
    splitHalves = List.copyOf(splitHalves);
    source = List.copyOf(source);
    activeVariables = List.copyOf(activeVariables);
    constantVariables = List.copyOf(constantVariables);
    loops = List.copyOf(loops);
    calls = List.copyOf(calls);
    optimisations = List.copyOf(optimisations);
    conventions = List.copyOf(conventions);
    warnings = List.copyOf(warnings);
  }
}
