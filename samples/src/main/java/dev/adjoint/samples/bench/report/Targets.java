package dev.adjoint.samples.bench.report;

import static dev.adjoint.samples.bench.report.Measures.ADJOINT;
import static dev.adjoint.samples.bench.report.Measures.BY_HAND;
import static dev.adjoint.samples.bench.report.Measures.HIPPARCHUS;
import static dev.adjoint.samples.bench.report.Measures.OBJECTIVE;
import static dev.adjoint.samples.bench.report.Workloads.GMM;
import static dev.adjoint.samples.bench.report.Workloads.LSTM;
import static dev.adjoint.samples.bench.report.Workloads.ROSENBROCK;

import dev.adjoint.samples.bench.report.TargetCheck.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The suite's performance targets, checked on the ratios of mean times. A target is met only when
 * every part of it was measured; what is missing is named, never assumed.
 */
final class Targets {
  /** One place a target looks at; {@code value} is empty where that place was not measured. */
  private record Point(String where, OptionalDouble value, String shown) {
    static Point of(String where, Optional<Ratio> ratio) {
      return ratio.isPresent()
          ? new Point(where, OptionalDouble.of(ratio.get().value()), Formats.ratio(ratio.get()))
          : missing(where);
    }
  }

  private enum Comparison {
    AT_MOST("≤"),
    BELOW("<"),
    AT_LEAST("≥");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }
  }

  private record Bound(Comparison comparison, double limit, String unit) {
    static Bound atMost(double limit) {
      return new Bound(Comparison.AT_MOST, limit, "");
    }

    static Bound atLeast(double limit) {
      return new Bound(Comparison.AT_LEAST, limit, "");
    }

    boolean holds(double value) {
      return switch (comparison) {
        case AT_MOST -> value <= limit;
        case BELOW -> value < limit;
        case AT_LEAST -> value >= limit;
      };
    }

    /** Largest value for an upper bound, smallest for a lower one. */
    Comparator<Point> worstLast() {
      Comparator<Point> byValue = Comparator.comparingDouble(p -> p.value().getAsDouble());
      return comparison == Comparison.AT_LEAST ? byValue.reversed() : byValue;
    }

    String text() {
      return comparison.symbol + " " + Formats.brief(limit) + unit;
    }
  }

  private final SuiteResults results;

  private Targets(SuiteResults results) {
    this.results = results;
  }

  static List<TargetCheck> check(SuiteResults results) {
    Targets t = new Targets(results);
    return List.of(
        t.adjointOverHandWritten(),
        t.adjointOverHandWrittenOnLargeGmm(),
        t.gmmAdjointOverObjective(),
        t.rosenbrockAdjointOverObjective(),
        t.adjointAllocatesNothing(),
        t.hipparchusOverAdjoint());
  }

  private TargetCheck adjointOverHandWritten() {
    List<Point> points = new ArrayList<>();
    for (String w : results.workloads()) {
      points.addAll(measuredRatios(w, size -> true, ADJOINT, BY_HAND));
    }
    return judge("a", "Adjoint / hand-written", Bound.atMost(1.2), "on every row that has both",
        points);
  }

  private TargetCheck adjointOverHandWrittenOnLargeGmm() {
    List<Point> points = new ArrayList<>();
    for (String size : List.of("gmm_d32_K100", "gmm_d64_K50")) {
      points.add(Point.of(where(GMM, size), results.ratio(GMM, size, ADJOINT, BY_HAND)));
    }
    return judge("a′", "Adjoint / hand-written", Bound.atMost(1.0),
        "on GMM `gmm_d32_K100` and `gmm_d64_K50`", points);
  }

  private TargetCheck gmmAdjointOverObjective() {
    List<Point> points = new ArrayList<>();
    for (String size : List.of("gmm_d2_K5", "gmm_d10_K25")) {
      points.add(Point.of(where(GMM, size), results.ratio(GMM, size, ADJOINT, OBJECTIVE)));
    }
    return judge("b", "GMM Adjoint / objective", Bound.atMost(2.5),
        "at `gmm_d2_K5` and `gmm_d10_K25`", points);
  }

  private TargetCheck rosenbrockAdjointOverObjective() {
    List<Point> points = new ArrayList<>();
    if (results.workloads().contains(ROSENBROCK)) {
      for (String size : results.sizes(ROSENBROCK)) {
        if (results.find(ROSENBROCK, size, ADJOINT).isPresent()) {
          points.add(Point.of(where(ROSENBROCK, size),
              results.ratio(ROSENBROCK, size, ADJOINT, OBJECTIVE)));
        }
      }
    }
    return judge("c", "Rosenbrock Adjoint / objective", Bound.atMost(2.0), "at every n", points);
  }

  private TargetCheck adjointAllocatesNothing() {
    List<Point> points = new ArrayList<>();
    for (String w : results.workloads()) {
      for (String size : results.sizes(w)) {
        Optional<Measurement> adjoint = results.find(w, size, ADJOINT);
        if (adjoint.isEmpty() || adjoint.get().bytesPerCall().isEmpty()) {
          continue;
        }
        double own = adjoint.get().bytesPerCall().getAsDouble();
        OptionalDouble objective = results.find(w, size, OBJECTIVE)
            .map(Measurement::bytesPerCall).orElse(OptionalDouble.empty());
        // The gradient runs the objective, whose own arrays it cannot avoid: what it adds counts.
        double beyond = own - objective.orElse(0);
        String shown = bytesPerCall(beyond) + (objective.isPresent()
            ? " (Adjoint " + bytesPerCall(own) + ", objective " + bytesPerCall(objective.getAsDouble()) + ")"
            : "");
        points.add(new Point(where(w, size), OptionalDouble.of(beyond), shown));
      }
    }
    // The smallest Java object is 16 bytes: below that no object is allocated per call. JMH's
    // normalised rate shows a few bytes of its own bookkeeping on calls of a millisecond.
    return judge("d", "Adjoint's allocation beyond the objective's own", new Bound(Comparison.BELOW, 16, " B/op"),
        "on every row (less than one object per call)", points);
  }

  /** As the tables show it, but below a byte the value itself: that is what the target is about. */
  private static String bytesPerCall(double bytes) {
    return (bytes < 1 ? Formats.brief(bytes) + " B" : Formats.bytes(bytes)) + "/op";
  }

  private TargetCheck hipparchusOverAdjoint() {
    // Hipparchus runs only the sizes it can finish; a workload without any is named as missing.
    List<Point> points = new ArrayList<>();
    List<Point> rosenbrock = measuredRatios(ROSENBROCK,
        size -> Sizes.numeric(size).orElse(0) >= 10, HIPPARCHUS, ADJOINT);
    points.addAll(rosenbrock.isEmpty() ? List.of(missing("Rosenbrock n ≥ 10")) : rosenbrock);
    List<Point> lstm = measuredRatios(LSTM, size -> true, HIPPARCHUS, ADJOINT);
    points.addAll(lstm.isEmpty() ? List.of(missing("LSTM")) : lstm);
    return judge("e", "Hipparchus / Adjoint", Bound.atLeast(20),
        "on Rosenbrock n ≥ 10 and on LSTM", points);
  }

  /** The ratio at each size of the workload where both measures were measured. */
  private List<Point> measuredRatios(
      String workload, Predicate<String> sizes, String numerator, String denominator) {
    List<Point> points = new ArrayList<>();
    if (results.workloads().contains(workload)) {
      for (String size : results.sizes(workload)) {
        Optional<Ratio> r = results.ratio(workload, size, numerator, denominator);
        if (sizes.test(size) && r.isPresent()) {
          points.add(Point.of(where(workload, size), r));
        }
      }
    }
    return points;
  }

  private static Point missing(String where) {
    return new Point(where, OptionalDouble.empty(), "");
  }

  private static TargetCheck judge(
      String id, String quantity, Bound bound, String scope, List<Point> points) {
    String description = quantity + " " + bound.text() + " " + scope;
    List<Point> measured = points.stream().filter(p -> p.value().isPresent()).toList();
    List<Point> missing = points.stream().filter(p -> p.value().isEmpty()).toList();
    if (measured.isEmpty()) {
      return new TargetCheck(id, description, Status.NOT_MEASURED,
          missing.isEmpty() ? "no data" : "no data for " + names(missing));
    }
    List<Point> failing =
        measured.stream().filter(p -> !bound.holds(p.value().getAsDouble())).toList();
    List<String> numbers = new ArrayList<>();
    if (failing.isEmpty()) {
      Point worst = measured.stream().max(bound.worstLast()).orElseThrow();
      numbers.add(measured.size() == 1
          ? worst.where() + ": " + worst.shown()
          : measured.size() + " measured, worst " + worst.where() + ": " + worst.shown());
    } else {
      numbers.add(failing.size() + " of " + measured.size() + " measured fail: "
          + failing.stream().map(p -> p.where() + ": " + p.shown())
              .collect(Collectors.joining(", ")));
    }
    if (!missing.isEmpty()) {
      numbers.add("not measured: " + names(missing));
    }
    Status status = !failing.isEmpty() ? Status.NOT_MET
        : !missing.isEmpty() ? Status.PARTLY_MEASURED
        : Status.MET;
    return new TargetCheck(id, description, status, String.join("; ", numbers));
  }

  private static String names(List<Point> points) {
    return points.stream().map(Point::where).collect(Collectors.joining(", "));
  }

  private String where(String workload, String size) {
    String param = results.workloads().contains(workload) ? results.sizeParam(workload) : "";
    return Workloads.title(workload) + " " + Sizes.label(param, size);
  }
}
