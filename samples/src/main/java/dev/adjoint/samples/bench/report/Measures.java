package dev.adjoint.samples.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The values of the suite's {@code measure} parameter, and how the report names them. */
final class Measures {
  static final String OBJECTIVE = "objective";
  static final String ADJOINT = "adjoint";
  static final String BY_HAND = "byHand";
  static final String HIPPARCHUS = "hipparchus";
  static final String JVP = "jvp";
  static final String HVP = "hvp";

  /** Columns in this order whatever order the runs came in; measures unknown here come last. */
  private static final List<String> ORDER = List.of(ADJOINT, BY_HAND, HIPPARCHUS, JVP, HVP);

  private static final Map<String, String> LABELS = Map.of(
      OBJECTIVE, "objective",
      ADJOINT, "Adjoint",
      BY_HAND, "hand-written",
      HIPPARCHUS, "Hipparchus",
      JVP, "Adjoint JVP",
      HVP, "Adjoint HVP");

  private Measures() {}

  static String label(String measure) {
    return LABELS.getOrDefault(measure, measure);
  }

  static Comparator<String> order() {
    return Comparator.comparingInt(Measures::rank);
  }

  private static int rank(String measure) {
    int i = ORDER.indexOf(measure);
    return i < 0 ? ORDER.size() : i;
  }
}
