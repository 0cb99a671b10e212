package dev.adjoint.samples.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/** The suite's measurements from all result files, by workload, then size, then measure. */
final class SuiteResults {
  private final Map<String, Workload> workloads = new LinkedHashMap<>();
  private final Map<RunSettings, Set<String>> settings = new LinkedHashMap<>();

  private static final class Workload {
    final String sizeParam;
    final Map<String, Map<String, Measurement>> bySize = new LinkedHashMap<>();

    Workload(String sizeParam) {
      this.sizeParam = sizeParam;
    }
  }

  /**
   * Adds a measurement; one of the same workload, size and measure read earlier is replaced, so a
   * workload re-run and given after the first run's file wins.
   */
  void add(Measurement m, RunSettings runSettings) {
    Workload w = workloads.computeIfAbsent(m.workload(), k -> new Workload(m.sizeParam()));
    Measurement previous =
        w.bySize.computeIfAbsent(m.size(), k -> new LinkedHashMap<>()).put(m.measure(), m);
    if (previous != null) {
      System.err.println("BenchmarkReport: " + m.workload() + " " + m.size() + " " + m.measure()
          + " measured twice; keeping the one read last");
    }
    settings.computeIfAbsent(runSettings, k -> new LinkedHashSet<>()).add(m.workload());
  }

  List<String> workloads() {
    List<String> names = new ArrayList<>(workloads.keySet());
    names.sort(Workloads.order());
    return names;
  }

  String sizeParam(String workload) {
    return workloads.get(workload).sizeParam;
  }

  /**
   * Smallest problem first: by number of inputs where {@link ProblemSize} knows it, else by the
   * size's numeric value; sizes with neither keep the order of the runs (JMH runs a {@code
   * @Param}'s values in the order they are declared).
   */
  List<String> sizes(String workload) {
    List<String> sizes = new ArrayList<>(workloads.get(workload).bySize.keySet());
    sizes.sort(Comparator.comparing(
        (String size) -> sortKey(workload, size),
        Comparator.comparing(
            (OptionalDouble k) -> k.isPresent() ? k.getAsDouble() : Double.POSITIVE_INFINITY)));
    return sizes;
  }

  private static OptionalDouble sortKey(String workload, String size) {
    OptionalLong inputs = ProblemSize.inputs(workload, size);
    if (inputs.isPresent()) {
      return OptionalDouble.of(inputs.getAsLong());
    }
    return Sizes.numeric(size);
  }

  /** The measures other than the objective that any size of the workload has, in column order. */
  List<String> measures(String workload) {
    Set<String> present = new LinkedHashSet<>();
    for (Map<String, Measurement> byMeasure : workloads.get(workload).bySize.values()) {
      present.addAll(byMeasure.keySet());
    }
    present.remove(Measures.OBJECTIVE);
    List<String> measures = new ArrayList<>(present);
    measures.sort(Measures.order());
    return measures;
  }

  Optional<Measurement> find(String workload, String size, String measure) {
    Workload w = workloads.get(workload);
    if (w == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(w.bySize.getOrDefault(size, Map.of()).get(measure));
  }

  /** {@code numerator}'s time over {@code denominator}'s at one size, if both were measured. */
  Optional<Ratio> ratio(String workload, String size, String numerator, String denominator) {
    Optional<Measurement> top = find(workload, size, numerator);
    Optional<Measurement> bottom = find(workload, size, denominator);
    return top.isPresent() && bottom.isPresent()
        ? Optional.of(Ratio.of(top.get(), bottom.get()))
        : Optional.empty();
  }

  /** Each distinct JVM and JMH setting, with the workloads measured under it. */
  Map<RunSettings, Set<String>> settings() {
    return settings;
  }
}
