package dev.adjoint.processor.golden;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source, to the character, for a few inputs chosen to show its shape: what a
 * reviewer reads. Inputs are {@code golden/<Name>.java}, expected outputs {@code
 * golden/<Name>_Grad.java}. Derivative values are proven by the behaviour tests, not here.
 *
 * <p>After an intended change of the output, regenerate with {@code mvn -pl processor test
 * -Dtest=GoldenTest -Dadjoint.updateGoldens=true} and review the diff.
 */
class GoldenTest {
  private static final Path DIR = Paths.get("src/test/golden");

  @ParameterizedTest
  @ValueSource(strings = {"Regression", "Overwrites", "Calls", "Loops", "Vectors", "CustomRules", "Instance", "Checkpoints"})
  void generatedSourceMatchesGolden(String name) throws IOException {
    String input = Files.readString(DIR.resolve(name + ".java"), StandardCharsets.UTF_8);
    Compilation compilation = javac()
        .withProcessors(new AdjointProcessor())
        .compile(JavaFileObjects.forSourceString("golden." + name, input));
    assertThat(compilation).succeeded();
    // The inputs are a user's code, whose derivative traps Adjoint may point out; nothing else may warn.
    for (var warning : compilation.warnings()) {
      String text = warning.getMessage(java.util.Locale.ROOT);
      org.junit.jupiter.api.Assertions.assertTrue(text.matches("(?s).*\\[adjoint\\.[a-z]+\\]$"), text);
    }

    JavaFileObject generated = compilation.generatedSourceFile("golden." + name + "_Grad").orElseThrow();
    String actual = generated.getCharContent(true).toString();
    Path goldenFile = DIR.resolve(name + "_Grad.java");
    if (Boolean.getBoolean("adjoint.updateGoldens")) {
      Files.writeString(goldenFile, actual, StandardCharsets.UTF_8);
    }
    String expected = Files.readString(goldenFile, StandardCharsets.UTF_8);
    assertWithMessage("generated %s_Grad differs from %s", name, goldenFile).that(actual).isEqualTo(expected);
  }
}
