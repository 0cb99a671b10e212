package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Calls made in split mode, one per statement at most: the forward sweep calls the callee's
 * {@code mForward}, which leaves what its reverse sweep needs on the tape, and the reverse sweep
 * its {@code mReverse}; the callee's primal then runs once, not twice as with {@code mVjp}. Only
 * calls whose adjoint the reverse sweep surely computes, exactly once: varied, and reached from
 * the statement's root through arithmetic and Math functions alone (not under {@code ?:}, a cast
 * or a condition). A second split call in one statement would push in between the first's values
 * and its caller's: the others use {@code mVjp}. Only in loops and branches, where a call runs many
 * times, and for calls that are part of a recursion (the front end makes each of those a statement
 * of its own): elsewhere the primal run once more for a call in straight-line code costs less than
 * a tape.
 */
final class SplitCalls {
  private final Sweep sweep;
  private final Map<Stmt, Expr.Call> chosen = new IdentityHashMap<>();

  SplitCalls(Sweep sweep) {
    this.sweep = sweep;
  }

  /** Chooses the call of {@code s} (whose whole right-hand side is {@code root}) to split, if any. */
  Expr.Call choose(Stmt s, Expr root, boolean active, boolean nested) {
    if (!active || root.type() != Primitive.DOUBLE || !sweep.on(Optimization.SPLIT_CALLS)) {
      return null;
    }
    List<Expr.Call> found = new ArrayList<>();
    candidates(root, sweep.analysis.variedBefore(s), found);
    for (Expr.Call c : found) {
      // In straight-line code, only a call that is part of a recursion: there, running the callee
      // again would cost each level of the recursion all the levels below it.
      if (occurrences(root, c) == 1 && (nested || c.callee().recursive())) {
        chosen.put(s, c);
        sweep.tape();
        return c;
      }
    }
    return null;
  }

  /** The call of {@code s} made in split mode, or null. */
  Expr.Call of(Stmt s) {
    return chosen.get(s);
  }

  private static void candidates(Expr e, Set<Var> varied, List<Expr.Call> found) {
    if (!Derivatives.isVaried(e, varied)) {
      return;
    }
    if (e instanceof Expr.Call c) {
      if (c.callee().split() && !c.callee().writesArrays() && c.type() == Primitive.DOUBLE) {
        found.add(c);
      }
    } else if (e instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB
        || b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      candidates(b.left(), varied, found);
      candidates(b.right(), varied, found);
    } else if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      candidates(u.operand(), varied, found);
    } else if (e instanceof Expr.MathCall m) {
      m.args().forEach(arg -> candidates(arg, varied, found));
    }
  }

  private static int occurrences(Expr e, Expr what) {
    int n = e.equals(what) ? 1 : 0;
    for (Expr child : Derivatives.children(e)) {
      n += occurrences(child, what);
    }
    return n;
  }

  /**
   * The forward sweep's statements from {@code from} on, with the split call of {@code s} (as
   * {@code keep} rewrote it) made through {@code mForward}: it occurs once among them.
   */
  void rewriteForward(Stmt s, ForwardKeep keep, List<Stmt> forward, int from) {
    Expr.Call split = chosen.get(s);
    if (split == null) {
      return;
    }
    Expr call = keep.rewrite(split);
    boolean[] done = {false};
    @SuppressWarnings("unchecked")
    UnaryOperator<Expr>[] replace = new UnaryOperator[1];
    replace[0] = e -> {
      if (!done[0] && e.equals(call)) {
        done[0] = true;
        return new Expr.ForwardCall((Expr.Call) e, sweep.tape());
      }
      return Rebuild.mapChildren(e, replace[0]);
    };
    for (int i = from; i < forward.size(); i++) {
      Stmt t = forward.get(i);
      if (t instanceof Stmt.Declare d && d.init() != null) {
        forward.set(i, new Stmt.Declare(d.var(), replace[0].apply(d.init()), d.source()));
      } else if (t instanceof Stmt.Assign a) {
        forward.set(i, new Stmt.Assign(a.var(), a.compound(), replace[0].apply(a.value()), a.source()));
      } else if (t instanceof Stmt.ArrayStore a) {
        forward.set(i, new Stmt.ArrayStore(a.array(), a.index(), a.compound(), replace[0].apply(a.value()),
            a.source()));
      }
    }
    if (!done[0]) {
      throw new IllegalStateException("split call not in the forward sweep: " + split);
    }
  }
}
