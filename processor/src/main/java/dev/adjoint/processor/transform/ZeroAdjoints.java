package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code xBar += e} where {@code xBar} surely holds zero becomes {@code xBar = e} (optimisation
 * {@code zeroAdjoints}): the adjoint of a local that each iteration assigns afresh is reset to zero
 * at the end of the iteration's reverse and added to first thing in the next, and {@code 0.0 + e}
 * is an addition the JIT may not drop ({@code 0.0 + -0.0} is {@code 0.0}). Only scalar adjoints
 * are rewritten: primal sums keep Java's arithmetic to the bit.
 *
 * <p>"Surely zero" is a forward data-flow fact: set by {@code xBar = 0.0} (or its declaration),
 * cleared by any other assignment, met over both arms of a branch, and over a loop's entry and
 * the end of its body until nothing changes. A loop that jumps out of or within its body keeps no
 * fact.
 */
final class ZeroAdjoints {
  private final Set<Var> adjoints;

  private ZeroAdjoints(Set<Var> adjoints) {
    this.adjoints = adjoints;
  }

  /**
   * Rewrites {@code block}, where the adjoints in {@code zeroAtStart} hold zero on entry.
   *
   * @param adjoints the scalar adjoint variables, the only ones rewritten
   */
  static List<Stmt> apply(List<Stmt> block, Set<Var> adjoints, Set<Var> zeroAtStart) {
    ZeroAdjoints pass = new ZeroAdjoints(adjoints);
    Set<Var> zero = new HashSet<>(zeroAtStart);
    zero.retainAll(adjoints);
    return pass.block(block, zero, true);
  }

  /** Walks {@code in} from the facts {@code zero} (updated to those at its end); rewrites if asked. */
  private List<Stmt> block(List<Stmt> in, Set<Var> zero, boolean rewrite) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : in) {
      out.add(statement(s, zero, rewrite));
    }
    return out;
  }

  private Stmt statement(Stmt s, Set<Var> zero, boolean rewrite) {
    if (s instanceof Stmt.Declare d) {
      set(d.var(), d.init() != null && Exprs.isZero(d.init()), zero);
      return s;
    }
    if (s instanceof Stmt.Assign a) {
      if (a.compound() == null) {
        set(a.var(), Exprs.isZero(a.value()), zero);
        return s;
      }
      boolean wasZero = zero.remove(a.var());
      if (wasZero && rewrite && (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)) {
        Expr value = a.compound() == BinaryOp.ADD ? a.value() : Exprs.neg(a.value());
        return new Stmt.Assign(a.var(), null, value, a.source());
      }
      return s;
    }
    if (s instanceof Stmt.If i) {
      Set<Var> otherwise = new HashSet<>(zero);
      List<Stmt> then = block(i.then(), zero, rewrite);
      List<Stmt> elses = block(i.otherwise(), otherwise, rewrite);
      zero.retainAll(otherwise);
      return new Stmt.If(i.condition(), then, elses, i.source());
    }
    if (s instanceof Stmt.Loop l) {
      Set<Var> atHead = loopHead(zero, jumps(l.body()) || jumps(l.update()), head -> {
        block(l.body(), head, false);
        block(l.update(), head, false);
      });
      Set<Var> inBody = new HashSet<>(atHead);
      List<Stmt> body = block(l.body(), inBody, rewrite);
      List<Stmt> update = block(l.update(), inBody, rewrite);
      // A while loop leaves from its head; a do-while from the end of its body, after its update.
      zero.retainAll(l.testFirst() ? atHead : inBody);
      return new Stmt.Loop(l.id(), l.condition(), body, update, l.testFirst(), l.source());
    }
    if (s instanceof Stmt.Repeat r) {
      Set<Var> atHead = loopHead(zero, jumps(r.body()), head -> block(r.body(), head, false));
      List<Stmt> body = block(r.body(), new HashSet<>(atHead), rewrite);
      zero.retainAll(atHead);
      return new Stmt.Repeat(r.counter(), r.times(), body);
    }
    if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      zero.clear();
    }
    return s;
  }

  private void set(Var v, boolean isZero, Set<Var> zero) {
    if (isZero && adjoints.contains(v)) {
      zero.add(v);
    } else {
      zero.remove(v);
    }
  }

  /** The facts at a loop's head: those at its entry that every pass through the body keeps. */
  private static Set<Var> loopHead(Set<Var> entry, boolean jumps, java.util.function.Consumer<Set<Var>> body) {
    if (jumps) {
      return new HashSet<>();
    }
    Set<Var> head = new HashSet<>(entry);
    while (true) {
      Set<Var> end = new HashSet<>(head);
      body.accept(end);
      Set<Var> next = new HashSet<>(head);
      next.retainAll(end);
      if (next.equals(head)) {
        return head;
      }
      head = next;
    }
  }

  private static boolean jumps(List<Stmt> block) {
    boolean[] found = {false};
    Walk.statements(block, s -> found[0] |= s instanceof Stmt.Break || s instanceof Stmt.Continue);
    return found[0];
  }
}
