package dev.adjoint.samples.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the benchmark suite's JMH results ({@code -rf json -prof gc}, one file per workload run)
 * into {@code docs/benchmarks.md} and {@code docs/benchmarks.png}:
 *
 * <pre>
 *   java -Dreport.machine="2 cores, ..." -Dreport.command="..." \
 *       dev.adjoint.samples.bench.report.BenchmarkReport docs/benchmarks.md docs/benchmarks.png \
 *       rosenbrock.json gmm.json ...
 * </pre>
 *
 * <p>{@code --machine=...} and {@code --command=...} before the paths do the same as the
 * properties: JMH's JSON records the JVM and its own settings, but neither the hardware nor how
 * it was started.
 */
public final class BenchmarkReport {
  private static final String USAGE = "usage: BenchmarkReport [--machine=TEXT] [--command=TEXT]"
      + " <out.md> <out.png> <results.json>...";

  private BenchmarkReport() {}

  public static void main(String[] args) throws IOException {
    // The plot is drawn into an image; no display is needed, and a build machine has none.
    System.setProperty("java.awt.headless", "true");
    String machine = System.getProperty("report.machine", "not given");
    String command = System.getProperty("report.command", "not given");
    List<String> paths = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--machine=")) {
        machine = arg.substring("--machine=".length());
      } else if (arg.startsWith("--command=")) {
        command = arg.substring("--command=".length());
      } else {
        paths.add(arg);
      }
    }
    if (paths.size() < 3) {
      System.err.println(USAGE);
      System.exit(2);
    }
    Path markdown = Path.of(paths.get(0));
    Path png = Path.of(paths.get(1));
    List<Path> inputs = paths.subList(2, paths.size()).stream().map(Path::of).toList();
    write(markdown, png, inputs, machine, command);
  }

  static void write(Path markdown, Path png, List<Path> inputs, String machine, String command)
      throws IOException {
    SuiteResults results = JmhJsonReader.read(inputs);
    if (results.workloads().isEmpty()) {
      throw new IllegalArgumentException("no results of the suite in " + inputs);
    }
    Provenance provenance = new Provenance(
        inputs.stream().map(Path::toString).toList(), machine, command, relative(markdown, png));
    for (Path out : List.of(markdown, png)) {
      Path dir = out.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    }
    Files.writeString(markdown,
        MarkdownReport.render(results, Targets.check(results), provenance),
        StandardCharsets.UTF_8);
    RatioChart.write(results, png);
  }

  /** The plot as the markdown file links it: relative to it, with forward slashes. */
  private static String relative(Path markdown, Path png) {
    Path dir = markdown.toAbsolutePath().getParent();
    Path target = png.toAbsolutePath();
    return (dir == null ? target : dir.relativize(target)).toString().replace('\\', '/');
  }
}
