package dev.adjoint.processor.ir;

import java.util.List;

/**
 * One generated method cut into private static methods, its chunks, so that each stays under
 * HotSpot's limit for JIT compilation (8,000 bytes of bytecode) and javac's 64 KB. The method
 * keeps its control flow around the chunks' calls; the chunks share its locals through one
 * object, {@code locals}, of a generated class {@code localsClass} with a field per local that
 * crosses a chunk's boundary (named like it): a chunk reads its fields into locals of its own on
 * entry and writes back, on exit, those it assigned that someone else reads.
 *
 * @param method the generated method cut, e.g. {@code lossVjp}
 * @param locals the method's local holding the shared object, and each chunk's parameter
 * @param fields the locals that cross a boundary
 */
public record Chunks(String method, RecordType localsClass, Var locals, List<Var> fields, List<Chunk> chunks) {
  public Chunks {
    fields = List.copyOf(fields);
    chunks = List.copyOf(chunks);
  }

  /**
   * {@code private static void name(locals[, adjoint])}: consecutive statements of {@code
   * method}, with {@code what} saying which (for its javadoc).
   */
  public record Chunk(String name, String what, List<Stmt> body, boolean takesAdjoint) {
    public Chunk {
      body = List.copyOf(body);
    }
  }
}
