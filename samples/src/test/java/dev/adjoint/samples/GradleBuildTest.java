package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code samples/gradle}: a Gradle build of a class with a {@code @Differentiable} method, with
 * the processor and runtime this Maven build has just packaged, compiled and run by Gradle (Debian's
 * 4.4 here); its program fits a line with the generated gradient. Skipped, and reported so, where
 * no {@code gradle} is on the path.
 */
class GradleBuildTest {
  @Test
  void gradleCompilesAndRunsASample() throws Exception {
    assumeTrue(onPath("gradle"), "no gradle on the PATH");
    var script = Paths.get("gradle", "run.sh").toAbsolutePath();
    Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("a=2.000000 b=1.000000"), output);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Paths.get(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
