package dev.adjoint.processor.fuzz;

import java.util.List;

/**
 * Prints what the generator makes, without compiling: the batch holding method {@code index}, or
 * only that method with what it calls.
 *
 * <pre>
 * java -cp ... dev.adjoint.processor.fuzz.Show SEED BATCH_SIZE INDEX [FEATURES] [--batch]
 * </pre>
 */
public final class Show {
  private Show() {}

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    int batchSize = Integer.parseInt(args[1]);
    int index = Integer.parseInt(args[2]);
    String features = args.length > 3 && !args[3].startsWith("--") ? args[3] : "";
    boolean whole = List.of(args).contains("--batch");
    Generator gen = new Generator(seed, Features.parse(features));
    int b = index / batchSize;
    Generator.Batch batch = gen.batch(b, b * batchSize, batchSize);
    Ast.Program p = whole ? batch.program() : Units.closure(batch.program(), List.of("m" + index));
    System.out.print(Printer.program(p));
  }
}
