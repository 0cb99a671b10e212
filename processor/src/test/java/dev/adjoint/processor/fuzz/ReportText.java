package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Fuzzer.Failure;
import dev.adjoint.processor.fuzz.Fuzzer.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes a campaign's report: counts, then every distinct failure with its shrunk source. */
final class ReportText {
  private ReportText() {}

  /** The full report, with each failure's original program. */
  static String of(Report r) {
    return of(r, true);
  }

  /** Without the original programs (for a test's failure message). */
  static String brief(Report r) {
    return of(r, false);
  }

  private static String of(Report r, boolean originals) {
    StringBuilder sb = new StringBuilder();
    Fuzzer.Config c = r.config;
    sb.append("==== Adjoint fuzz report ====\n");
    sb.append(c.describe()).append('\n');
    double wall = r.wallNanos / 1e9;
    double fuzzing = (r.wallNanos - r.shrinkNanos) / 1e9;
    sb.append(String.format(
        "methods generated %d, compiled %d, checked %d (callers of a method that failed to compile: %d)%n",
        r.generated, r.compiled, r.checked, r.calleeFailed));
    sb.append(String.format(
        "points %d (value not finite at %d), partials checked %d, skipped %d (kink, branch switch or"
            + " non-finite nearby), NaN/infinite where central differences are finite %d%n",
        r.stats.points, r.stats.nonFinitePoints, r.stats.partialsChecked, r.stats.partialsSkipped,
        r.stats.nonFinitePartials));
    sb.append(String.format("forward mode: mJvp checked against the gradient at %d points (%d not finite);"
        + " methods without mJvp: %d%n", r.stats.jvpChecked, r.stats.jvpNonFinite, r.stats.jvpMissing));
    sb.append(String.format("second order: mHvp checked (gradient, directional derivative, symmetry) at %d points,"
        + " against differences of gradients at %d (%d not finite); methods without mHvp: %d%n", r.stats.hvpChecked,
        r.stats.hvpDifferenced, r.stats.hvpNonFinite, r.stats.hvpMissing));
    sb.append(String.format("vector functions: Jacobians by rows and by columns checked at %d points%n",
        r.stats.jacobiansChecked));
    sb.append(String.format("pre-filled VJP adjoints off by rounding only (confirmed, not failures): %d%n",
        r.stats.vjpRounding));
    sb.append(String.format("partials not checked because the method's values are so large that rounding swamps"
        + " central differences: %d%n", r.stats.partialsImprecise));
    sb.append(String.format("partials NaN or infinite with one setting of -Aadjoint.disable and finite with the"
        + " other (overflow or 0 * inf in one order of evaluation; not failures): %d%n",
        r.stats.nonFiniteUnoptimised));
    sb.append(String.format("partials where central differences are wrong and forward mode agrees with the gradient"
        + " (evaluation flat at the scale of the steps; not failures): %d%n",
        r.stats.partialsSettledByForwardMode));
    sb.append(String.format("partials through float roundings, which central differences cannot judge, checked"
        + " against forward mode: %d%n", r.stats.partialsThroughFloats));
    sb.append(String.format(
        "wall %.1f s (fuzzing %.1f s = %.1f methods/s, javac %.1f s in %d compilations; shrinking %.1f s)%n",
        wall, fuzzing, r.generated / Math.max(fuzzing, 1e-9), r.javacNanos / 1e9, r.compilations,
        r.shrinkNanos / 1e9));
    sb.append(String.format("slowest javac run %.1f s%n", r.slowestCompileNanos / 1e9));

    Map<String, List<Failure>> byGroup = new TreeMap<>();
    for (Failure f : r.failures) {
      byGroup.computeIfAbsent(f.group(), k -> new ArrayList<>()).add(f);
    }
    sb.append(String.format("failures: %d methods%n", r.failures.size()));
    for (var e : byGroup.entrySet()) {
      sb.append(String.format("  %-45s %6d  (e.g. %s)%n", e.getKey(), e.getValue().size(),
          String.join(", ", e.getValue().stream().limit(5).map(f -> f.method).toList())));
    }

    // Distinct shrunk programs, per group.
    Map<String, Failure> distinct = new LinkedHashMap<>();
    Map<String, Integer> sameShrunk = new LinkedHashMap<>();
    for (var e : byGroup.entrySet()) {
      for (Failure f : e.getValue()) {
        if (f.shrunk == null) {
          continue;
        }
        String key = e.getKey() + "\n" + normalise(Printer.program(f.shrunk), f.method);
        distinct.putIfAbsent(key, f);
        sameShrunk.merge(key, 1, Integer::sum);
      }
    }
    int n = 0;
    for (var e : distinct.entrySet()) {
      Failure f = e.getValue();
      n++;
      sb.append("\n---- failure ").append(n).append(": ").append(f.group()).append(" ----\n");
      sb.append(f.problem.oracle().description).append('\n');
      sb.append(String.format(
          "method %s: regenerate with -Dfuzz.seed=%d -Dfuzz.batch=%d -Dfuzz.only=%d -Dfuzz.features=%s%n",
          f.method, c.seed, c.batchSize, f.index, featureList(c)));
      int groupSize = byGroup.get(f.group()).size();
      sb.append(String.format("(%d method(s) failed under %s; %d shrank to this program)%n",
          groupSize, f.group(), sameShrunk.get(e.getKey())));
      sb.append("original problem: ").append(indent(f.problem.detail())).append('\n');
      if (f.shrunkProblem != null) {
        sb.append("shrunk problem:   ").append(indent(f.shrunkProblem.detail())).append('\n');
      }
      sb.append(String.format("shrunk in %d ms, %d candidates%s%n", f.shrinkMillis,
          f.shrinkAttempts, f.shrinkTimedOut ? " (time limit reached: may shrink further)" : ""));
      sb.append("minimal source:\n").append(Printer.program(f.shrunk));
      if (originals) {
        sb.append("original source (the method and what it calls):\n").append(Printer.program(f.unit));
      }
    }
    List<Failure> unshrunk = r.failures.stream().filter(f -> f.shrunk == null).toList();
    if (!unshrunk.isEmpty()) {
      sb.append("\n---- failures not shrunk (over the per-group or time limit) ----\n");
      for (Failure f : unshrunk.stream().limit(40).toList()) {
        sb.append(f.method).append(' ').append(f.group()).append(": ")
            .append(firstLine(f.problem.detail())).append('\n');
      }
      if (unshrunk.size() > 40) {
        sb.append("... and ").append(unshrunk.size() - 40).append(" more\n");
      }
    }
    return sb.toString();
  }

  private static String featureList(Fuzzer.Config c) {
    return String.join(",", c.features.stream().map(Enum::name).toList());
  }

  /**
   * The shape of a shrunk program: generated names without their numbers, so that two failures
   * that shrank to the same program up to naming count as one.
   */
  static String normalise(String src, String method) {
    return src.replace(method, "mX")
        .replaceAll("\\b(m|t|k|i|w|x|row|s|f|q|e|ix|z|outer|loop|h|g|r|rec)\\d+\\b", "$1");
  }

  private static String indent(String s) {
    return s.strip().replace("\n", "\n    ");
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
