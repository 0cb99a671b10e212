package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.BatchCompiler.Mode;
import dev.adjoint.processor.fuzz.BatchCompiler.Result;
import dev.adjoint.processor.fuzz.Harness.Problem;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the oracles on a hand-edited program, for working on a failure the fuzzer reported: the
 * file holds class {@code fz.Batch} (as in the reports), the methods are checked at the points
 * of the given indices.
 *
 * <pre>
 * java -cp processor/target/test-classes:processor/target/classes:runtime/target/classes:JAVAPOET \
 *     dev.adjoint.processor.fuzz.Replay Batch.java m650 [more methods...]
 * </pre>
 */
public final class Replay {
  private Replay() {}

  public static void main(String[] args) throws Exception {
    String src = Files.readString(Path.of(args[0]));
    BatchCompiler javac = new BatchCompiler();
    Result r = javac.compile("fz.Batch", src, Mode.OPTIMISED);
    if (!r.success()) {
      System.out.println(Diagnosis.of(r));
      return;
    }
    long seed = Long.getLong("fuzz.seed", 20261202L);
    ClassLoader loader = r.load(Replay.class.getClassLoader());
    for (int i = 1; i < args.length; i++) {
      String m = args[i];
      int index = Integer.parseInt(m.replaceAll("\\D", ""));
      Problem p = Harness.check("fz.Batch", m, index, loader, null, seed, 3, new Harness.Stats());
      System.out.println(m + ": " + (p == null ? "passes" : p));
    }
  }
}
