package dev.adjoint.samples.bench;

import java.util.List;

/** The {@code measure} parameter of a benchmark whose one method runs each of its measures. */
final class Measure {
  private Measure() {}

  /**
   * The position of {@code measure} in {@code measures}, for the benchmark to switch on; an
   * unknown name (a typo in {@code -p measure=...}) fails the trial rather than run the wrong thing.
   */
  static int index(List<String> measures, String measure) {
    int index = measures.indexOf(measure);
    if (index < 0) {
      throw new IllegalArgumentException("measure: one of " + measures + ", not " + measure);
    }
    return index;
  }
}
