package dev.adjoint.samples.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's workloads, named as their benchmark classes are ({@code GmmBenchmark} is {@code
 * Gmm}), with the titles and notes the report gives them.
 */
final class Workloads {
  static final String ROSENBROCK = "Rosenbrock";
  static final String GMM = "Gmm";
  static final String LSTM = "Lstm";
  static final String BUNDLE_ADJUSTMENT = "BundleAdjustment";
  static final String NETWORK = "Network";

  /** Sections in this order; workloads unknown here come after, in the order they were read. */
  private static final List<String> ORDER =
      List.of(ROSENBROCK, GMM, LSTM, BUNDLE_ADJUSTMENT, NETWORK);

  private static final Map<String, String> TITLES = Map.of(
      ROSENBROCK, "Rosenbrock",
      GMM, "GMM",
      LSTM, "LSTM",
      BUNDLE_ADJUSTMENT, "Bundle adjustment",
      NETWORK, "Network");

  private static final Map<String, String> NOTES = Map.of(
      BUNDLE_ADJUSTMENT,
      "Here Adjoint and the hand-written code compute a Jacobian, not a gradient; this workload is"
          + " not on the plot.");

  private Workloads() {}

  static String title(String workload) {
    return TITLES.getOrDefault(workload, workload);
  }

  static Optional<String> note(String workload) {
    return Optional.ofNullable(NOTES.get(workload));
  }

  /** Known workloads first; a stable sort keeps the others in the order they were read. */
  static Comparator<String> order() {
    return Comparator.comparingInt(w -> {
      int i = ORDER.indexOf(w);
      return i < 0 ? ORDER.size() : i;
    });
  }
}
