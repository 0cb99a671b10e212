package dev.adjoint.processor.codegen;

import dev.adjoint.processor.ir.Chunks;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The callees' adjoint objects that a function's first-order methods fill at each call in a loop
 * (optimisation {@code reusedAdjoints}), kept in private fields of the function's own adjoint
 * object between calls rather than made afresh at each call of the method. A reverse half ({@code
 * mReverse}, {@code mReverseInOut}) runs once per call of its caller's loop, and the JIT cannot
 * drop objects it hands to callees it does not inline: made per call, they were most of what
 * ADBench's LSTM gradient allocated. The caller's adjoint object is reused the same way, down to
 * the user's, so nothing is allocated per call once it has been used. Each level of a recursion
 * gets its own: the object for the callee hangs off the caller's.
 */
final class ScratchObjects {
  private ScratchObjects() {}

  /**
   * For each function (by name), its scratch fields: the local each method names the object by,
   * and its type. A name that is also an active parameter's (a field already) is left out.
   */
  static Map<String, Map<String, Type>> of(List<VjpFunction> functions) {
    Map<String, Map<String, Type>> all = new LinkedHashMap<>();
    for (VjpFunction vjp : functions) {
      Function f = vjp.primal();
      Map<String, Type> fields = all.computeIfAbsent(f.name(), name -> new LinkedHashMap<>());
      BiConsumer<Var, Type> add = (local, type) -> {
        if (f.activeParams().stream().noneMatch(p -> p.name().equals(local.name()))) {
          fields.putIfAbsent(local.name(), type);
        }
      };
      for (List<Stmt> body : bodies(vjp)) {
        madeAtTop(body, false, (local, call) -> add.accept(local, call.adjoint().type()));
      }
    }
    return all;
  }

  /** Every statement list that is written as a method with {@code vjp}'s adjoint object. */
  private static List<List<Stmt>> bodies(VjpFunction vjp) {
    List<List<Stmt>> bodies = new ArrayList<>();
    bodies.add(vjp.body());
    if (vjp.split() != null) {
      bodies.add(vjp.split().reverse());
    }
    for (Chunks cut : vjp.chunks()) {
      cut.chunks().stream().filter(Chunks.Chunk::takesAdjoint).forEach(c -> bodies.add(c.body()));
    }
    return bodies;
  }

  /** Each adjoint object a call in a loop of {@code statements} fills, with its call. */
  static void madeAtTop(List<Stmt> statements, boolean inLoop, BiConsumer<Var, Stmt.AdjointCall> made) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.If i) {
        madeAtTop(i.then(), inLoop, made);
        madeAtTop(i.otherwise(), inLoop, made);
      } else if (s instanceof Stmt.Loop l) {
        madeAtTop(l.body(), true, made);
        madeAtTop(l.update(), true, made);
      } else if (s instanceof Stmt.Repeat r) {
        madeAtTop(r.body(), true, made);
      } else if (inLoop && s instanceof Stmt.AdjointCall a) {
        made.accept(a.adjoint(), a);
      } else if (inLoop && s instanceof Stmt.TangentAdjointCall t) {
        made.accept(t.call().adjoint(), t.call());
        made.accept(t.adjointTangent(), t.call());
      }
    }
  }
}
