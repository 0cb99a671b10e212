package dev.adjoint.samples.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the suite's results from JMH's JSON ({@code -rf json}). A suite benchmark is the method
 * {@code run} of a class {@code dev.adjoint.samples.bench.<Workload>Benchmark} with a {@code
 * measure} parameter and one size parameter; other results in the same file are skipped.
 */
final class JmhJsonReader {
  private static final Pattern SUITE_BENCHMARK =
      Pattern.compile("dev\\.adjoint\\.samples\\.bench\\.(\\w+)Benchmark\\.run");

  /** Older JMH versions prefix secondary metrics with a character such as "·". */
  private static final String BYTES_PER_CALL = "gc.alloc.rate.norm";

  private JmhJsonReader() {}

  static SuiteResults read(List<Path> files) throws IOException {
    SuiteResults results = new SuiteResults();
    for (Path file : files) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (JsonElement e : JsonParser.parseReader(in).getAsJsonArray()) {
          readResult(e.getAsJsonObject(), file, results);
        }
      }
    }
    return results;
  }

  private static void readResult(JsonObject result, Path file, SuiteResults results) {
    String benchmark = result.get("benchmark").getAsString();
    Matcher name = SUITE_BENCHMARK.matcher(benchmark);
    JsonObject params = result.has("params") ? result.getAsJsonObject("params") : new JsonObject();
    if (!name.matches() || !params.has("measure")) {
      return;
    }
    if (!"avgt".equals(result.get("mode").getAsString())) {
      warn(file, benchmark + " is not in average-time mode; skipped");
      return;
    }
    Map.Entry<String, JsonElement> size = sizeParam(params);
    if (size == null) {
      warn(file, benchmark + " has no size parameter; skipped");
      return;
    }
    JsonObject primary = result.getAsJsonObject("primaryMetric");
    double toNanos = nanosPerUnit(primary.get("scoreUnit").getAsString());
    double[] iterations = iterations(primary);
    for (int i = 0; i < iterations.length; i++) {
      iterations[i] *= toNanos;
    }
    double nanos = primary.get("score").getAsDouble() * toNanos;
    Measurement m = new Measurement(
        name.group(1),
        size.getKey(),
        size.getValue().getAsString(),
        params.get("measure").getAsString(),
        nanos,
        iterations.length > 0 ? iterations : new double[] {nanos},
        bytesPerCall(result));
    results.add(m, settings(result));
  }

  /** The suite declares the size parameter first, but with two parameters any order will do. */
  private static Map.Entry<String, JsonElement> sizeParam(JsonObject params) {
    for (Map.Entry<String, JsonElement> e : params.entrySet()) {
      if (!e.getKey().equals("measure")) {
        return e;
      }
    }
    return null;
  }

  private static double[] iterations(JsonObject metric) {
    List<Double> all = new ArrayList<>();
    if (metric.has("rawData")) {
      for (JsonElement fork : metric.getAsJsonArray("rawData")) {
        for (JsonElement iteration : fork.getAsJsonArray()) {
          all.add(iteration.getAsDouble());
        }
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static OptionalDouble bytesPerCall(JsonObject result) {
    if (!result.has("secondaryMetrics")) {
      return OptionalDouble.empty();
    }
    for (Map.Entry<String, JsonElement> e : result.getAsJsonObject("secondaryMetrics").entrySet()) {
      if (e.getKey().endsWith(BYTES_PER_CALL)) {
        return OptionalDouble.of(e.getValue().getAsJsonObject().get("score").getAsDouble());
      }
    }
    return OptionalDouble.empty();
  }

  static double nanosPerUnit(String scoreUnit) {
    String unit = scoreUnit.endsWith("/op")
        ? scoreUnit.substring(0, scoreUnit.length() - "/op".length())
        : scoreUnit;
    switch (unit) {
      case "ns":
        return 1;
      case "us":
      case "µs":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "min":
        return 60e9;
      default:
        throw new IllegalArgumentException("not a time per call: " + scoreUnit);
    }
  }

  private static RunSettings settings(JsonObject r) {
    List<String> jvmArgs = new ArrayList<>();
    if (r.has("jvmArgs")) {
      for (JsonElement a : r.getAsJsonArray("jvmArgs")) {
        jvmArgs.add(a.getAsString());
      }
    }
    return new RunSettings(
        text(r, "jdkVersion"),
        text(r, "vmName"),
        text(r, "vmVersion"),
        text(r, "jvm"),
        List.copyOf(jvmArgs),
        text(r, "jmhVersion"),
        count(r, "forks"),
        count(r, "warmupIterations"),
        text(r, "warmupTime"),
        count(r, "measurementIterations"),
        text(r, "measurementTime"),
        count(r, "threads"));
  }

  private static String text(JsonObject r, String key) {
    return r.has(key) && !r.get(key).isJsonNull() ? r.get(key).getAsString() : "?";
  }

  /** -1 where JMH wrote nothing, which {@link RunSettings} shows rather than hides. */
  private static int count(JsonObject r, String key) {
    return r.has(key) && !r.get(key).isJsonNull() ? r.get(key).getAsInt() : -1;
  }

  private static void warn(Path file, String message) {
    System.err.println("BenchmarkReport: " + file + ": " + message);
  }
}
