package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An iteration reversed right after it runs (in the forward sweep) reads back what it kept before
 * the next iteration starts: its pushes and pops pair up within the iteration, so each pair can
 * be a local instead of tape traffic ({@code double aOld = a; ... a = aOld;}), which the JIT
 * compiler then drops where the restored value is dead (a loop-local the next iteration assigns
 * before reading). Only for an iteration whose own tape operations are all pushes and pops at its
 * top level: those pair up last-in first-out. A callee's split sweeps may run in between (they
 * push and pop a balanced block of their own), nothing else.
 */
final class IterationLocals {
  private IterationLocals() {}

  /** {@code body} with its pushes and pops as locals, or {@code body} itself if it does not qualify. */
  static List<Stmt> apply(List<Stmt> body, FreshNames names) {
    if (!onlyTopLevelPushesAndPops(body)) {
      return body;
    }
    Map<Stmt, Var> locals = new IdentityHashMap<>();
    Map<Stmt, Var> reads = new IdentityHashMap<>();
    Deque<Stmt.Push> open = new ArrayDeque<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Push p) {
        open.push(p);
      } else if (popOf(s) != null) {
        Expr.Pop pop = popOf(s);
        Stmt.Push push = open.poll();
        if (push == null || !push.value().type().equals(pop.type())) {
          return body;
        }
        Var local = Var.synthetic(names.fresh(baseName(s) + "Kept"), pop.type());
        locals.put(push, local);
        reads.put(s, local);
      }
    }
    if (!open.isEmpty()) {
      return body;
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Push p) {
        out.add(new Stmt.Declare(locals.get(p), p.value(), ""));
      } else if (s instanceof Stmt.Declare d && reads.containsKey(s)) {
        out.add(new Stmt.Declare(d.var(), new Expr.Read(reads.get(s)), d.source()));
      } else if (s instanceof Stmt.Assign a && reads.containsKey(s)) {
        out.add(new Stmt.Assign(a.var(), null, new Expr.Read(reads.get(s)), a.source()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static String baseName(Stmt s) {
    return s instanceof Stmt.Declare d ? d.var().name() : ((Stmt.Assign) s).var().name();
  }

  /** The pop a top-level statement reads its value from ({@code x = tape.pop()}), or null. */
  private static Expr.Pop popOf(Stmt s) {
    if (s instanceof Stmt.Declare d && d.init() instanceof Expr.Pop p) {
      return p;
    }
    if (s instanceof Stmt.Assign a && a.compound() == null && a.value() instanceof Expr.Pop p) {
      return p;
    }
    return null;
  }

  /**
   * Whether the body's own tape operations are all top-level pushes and pops: none nested in a
   * branch or a loop, no ranges, no reservation. A callee's split sweeps are a balanced block.
   */
  private static boolean onlyTopLevelPushesAndPops(List<Stmt> body) {
    boolean[] other = {false};
    for (Stmt top : body) {
      boolean topLevelTapeOp = top instanceof Stmt.Push || popOf(top) != null;
      Walk.statements(List.of(top), s -> {
        boolean self = s == top && topLevelTapeOp;
        if (!self && (s instanceof Stmt.Push || s instanceof Stmt.PushRange || s instanceof Stmt.PopRange
            || s instanceof Stmt.Reserve)) {
          other[0] = true;
        }
        for (Expr e : Walk.allExpressions(s)) {
          Walk.nodes(e, node -> {
            boolean thePop = self && node == popOf(top);
            if (!thePop && node instanceof Expr.Pop) {
              other[0] = true;
            }
          });
        }
      });
    }
    return !other[0];
  }
}
