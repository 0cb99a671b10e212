package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the processor: random {@code @Differentiable} methods, each checked by
 * the {@link Harness} oracles. In the build it runs a fixed seed and count (see {@link
 * Fuzzer.Config}); the long run is the same test with more methods:
 *
 * <pre>
 * mvn -q -pl processor -am verify -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.methods=100000 -Dfuzz.seed=1
 * </pre>
 *
 * Options: {@code fuzz.seed}, {@code fuzz.methods}, {@code fuzz.batch} (methods per javac run),
 * {@code fuzz.features} ({@code +IDIOMS,-SWITCH}), {@code fuzz.points}, {@code fuzz.only} (one
 * method index, to reproduce a failure), {@code fuzz.shrinkMillis}, {@code fuzz.shrinkTotalMillis},
 * {@code fuzz.shrinkPerKey}, {@code fuzz.unoptimised=false}. The report is printed and written to
 * {@code processor/target/fuzz-report.txt}.
 */
@Tag("fuzz")
class FuzzTest {

  @Test
  void generatedGradientsAgreeWithTheirMethods() throws IOException {
    Fuzzer.Config config = Fuzzer.Config.fromSystemProperties();
    Fuzzer.Report report = new Fuzzer(config).run();
    String text = ReportText.of(report);
    System.out.println(text);
    Path out = Path.of("target", "fuzz-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, text, StandardCharsets.UTF_8);

    String brief = ReportText.brief(report) + "\n(full report with the original programs: " + out.toAbsolutePath() + ")";
    assertTrue(report.generatorFailures().isEmpty(), "the fuzzer's own programs misbehaved:\n" + brief);
    assertTrue(report.checked > 0 || !report.failures.isEmpty(), "nothing was checked");
    if (!report.processorFailures().isEmpty()) {
      fail(report.processorFailures().size() + " generated methods fail an oracle:\n" + brief);
    }
  }
}
