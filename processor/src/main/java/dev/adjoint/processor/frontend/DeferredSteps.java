package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the step of a post-increment after the statement it is in, where that changes nothing:
 * {@code s += v[i++]} is read as {@code int iWas = i; i += 1; s += v[iWas];}, and since the rest
 * of the statement neither reads nor assigns {@code i}, it becomes {@code s += v[i]; i += 1;}, as
 * one would write it by hand. Besides reading better, a counter stepped by a constant after its
 * use is what the reverse sweep steps back instead of recording the old value.
 */
final class DeferredSteps {
  private DeferredSteps() {}

  /**
   * Rewrites, in place, the statements {@code out[from..]} that one statement of the user's
   * method became (its side effects, then the statement itself).
   */
  static void apply(List<Stmt> out, int from) {
    for (int p = out.size() - 3; p >= from; p--) {
      if (!(out.get(p) instanceof Stmt.Declare old && old.init() instanceof Expr.Read read
          && out.get(p + 1) instanceof Stmt.Assign step && step.var() == read.var()
          && (step.compound() == BinaryOp.ADD || step.compound() == BinaryOp.SUB)
          && step.value() instanceof Expr.Constant)) {
        continue;
      }
      Var counter = step.var();
      List<Stmt> rest = out.subList(p + 2, out.size());
      if (!leavesAlone(rest, counter)) {
        continue;
      }
      List<Stmt> rewritten = new ArrayList<>();
      for (Stmt s : rest) {
        rewritten.add(Substitution.apply(s, old.var(), new Expr.Read(counter)));
      }
      rewritten.add(step);
      out.subList(p, out.size()).clear();
      out.addAll(rewritten);
    }
  }

  /** Whether {@code statements} neither read nor assign {@code v}, and do not leave the method. */
  private static boolean leavesAlone(List<Stmt> statements, Var v) {
    boolean[] touched = {false};
    Walk.statements(statements, s -> {
      if (s instanceof Stmt.Return || s instanceof Stmt.Throw || s instanceof Stmt.Loop
          || (s instanceof Stmt.Assign a && a.var() == v) || (s instanceof Stmt.Declare d && d.var() == v)) {
        touched[0] = true;
      }
      for (Expr e : Walk.expressions(s)) {
        Walk.nodes(e, node -> touched[0] |= node instanceof Expr.Read r && r.var() == v);
      }
    });
    return !touched[0];
  }
}
