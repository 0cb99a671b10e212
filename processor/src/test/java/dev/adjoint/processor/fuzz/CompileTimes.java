package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Program;
import dev.adjoint.processor.fuzz.BatchCompiler.Mode;
import java.util.ArrayList;
import java.util.List;

/**
 * A probe of compile times (not a test): how long the processor takes on each generated method
 * compiled alone, and on one class as it holds more methods (which is how the fuzzer's batch
 * size was chosen). Takes the {@code fuzz.*} properties.
 *
 * <pre>
 * java -cp ... -Dfuzz.methods=300 dev.adjoint.processor.fuzz.CompileTimes
 * </pre>
 */
public final class CompileTimes {
  private CompileTimes() {}

  public static void main(String[] args) {
    slowestMethodsCompiledAlone();
    compileTimeAgainstClassSize();
  }

  static void slowestMethodsCompiledAlone() {
    Fuzzer.Config c = Fuzzer.Config.fromSystemProperties();
    Generator gen = new Generator(c.seed, c.features);
    BatchCompiler javac = new BatchCompiler();
    record Timing(String name, double seconds, int length) {}
    List<Timing> ts = new ArrayList<>();
    for (int b = 0; b * c.batchSize < c.methods; b++) {
      Generator.Batch batch = gen.batch(b, b * c.batchSize, c.batchSize);
      for (String m : batch.methods()) {
        Program unit = Units.closure(batch.program(), List.of(m));
        String src = Printer.program(unit);
        long t0 = System.nanoTime();
        javac.compile(unit.fqcn(), src, Mode.OPTIMISED);
        ts.add(new Timing(m, (System.nanoTime() - t0) / 1e9, src.length()));
      }
    }
    ts.sort((x, y) -> Double.compare(y.seconds(), x.seconds()));
    double total = ts.stream().mapToDouble(Timing::seconds).sum();
    System.out.printf("total %.1f s for %d methods alone%n", total, ts.size());
    for (Timing t : ts.subList(0, Math.min(15, ts.size()))) {
      System.out.printf("%-6s %.2f s  %d chars%n", t.name(), t.seconds(), t.length());
    }
  }

  /** Compile time of one class against the number of methods in it. */
  static void compileTimeAgainstClassSize() {
    Fuzzer.Config c = Fuzzer.Config.fromSystemProperties();
    Generator gen = new Generator(c.seed, c.features);
    BatchCompiler javac = new BatchCompiler();
    Generator.Batch batch = gen.batch(0, 0, 200);
    for (int round = 0; round < 2; round++) {
      for (int size : new int[] {25, 50, 100, 200}) {
        Program unit = Units.closure(batch.program(), batch.methods().subList(0, size));
        String src = Printer.program(unit);
        long t0 = System.nanoTime();
        javac.compile(unit.fqcn(), src, Mode.PLAIN);
        long t1 = System.nanoTime();
        javac.compile(unit.fqcn(), src, Mode.OPTIMISED);
        long t2 = System.nanoTime();
        System.out.printf("round %d: %3d methods: plain javac %.2f s, with the processor %.2f s%n",
            round, size, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
      }
    }
  }
}
