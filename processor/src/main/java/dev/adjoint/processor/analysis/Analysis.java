package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reverse transformation needs to know about a straight-line function, per statement:
 *
 * <ul>
 *   <li><b>activity</b>: the variables that depend differentiably on an active parameter before
 *       the statement ("varied"), and whether the statement both is varied and influences the
 *       result ("active"); inactive statements get no adjoint code;
 *   <li><b>to-be-recorded</b>: whether the statement overwrites a value that the reverse sweep of
 *       this or an earlier active statement reads, so the forward sweep must keep it.
 * </ul>
 */
public final class Analysis {
  private final Map<Stmt, Set<Var>> variedBefore = new IdentityHashMap<>();
  private final Set<Stmt> active = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Stmt> recordsOldValue = Collections.newSetFromMap(new IdentityHashMap<>());

  private Analysis() {}

  /** Analyses {@code f}; throws a ProblemException where a derivative would silently be lost. */
  public static Analysis of(Function f) {
    Analysis a = new Analysis();
    a.activity(f);
    ActivityChecks.check(f.body(), a);
    a.toBeRecorded(f);
    return a;
  }

  public Set<Var> variedBefore(Stmt s) {
    return variedBefore.getOrDefault(s, Set.of());
  }

  public boolean isActive(Stmt s) {
    return active.contains(s);
  }

  public boolean recordsOldValue(Stmt s) {
    return recordsOldValue.contains(s);
  }

  /** The target and right-hand side of an assignment-like statement, or null. */
  static Var target(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.var();
    }
    return s instanceof Stmt.Assign a ? a.var() : null;
  }

  static Expr rhs(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init();
    }
    if (s instanceof Stmt.Assign a) {
      return a.rhs();
    }
    return s instanceof Stmt.Return r ? r.value() : null;
  }

  private void activity(Function f) {
    List<Stmt> body = f.body();
    Set<Var> varied = new HashSet<>(f.activeParams());
    for (Stmt s : body) {
      variedBefore.put(s, Set.copyOf(varied));
      Var target = target(s);
      if (target != null) {
        Expr rhs = rhs(s);
        if (rhs != null && Derivatives.isVaried(rhs, varied)) {
          varied.add(target);
        } else {
          varied.remove(target);
        }
      }
    }
    Set<Var> useful = new HashSet<>();
    for (int i = body.size() - 1; i >= 0; i--) {
      Stmt s = body.get(i);
      Expr rhs = rhs(s);
      Var target = target(s);
      boolean feedsResult = s instanceof Stmt.Return || (target != null && useful.contains(target));
      if (target != null) {
        useful.remove(target);
      }
      if (feedsResult && rhs != null && Derivatives.isVaried(rhs, variedBefore(s))) {
        active.add(s);
        useful.addAll(Derivatives.carrierVars(rhs));
      }
    }
  }

  private void toBeRecorded(Function f) {
    Set<Var> readByReverse = new HashSet<>();
    Set<Var> assigned = new HashSet<>(f.params());
    for (Stmt s : f.body()) {
      Var target = target(s);
      Expr rhs = rhs(s);
      if (active.contains(s)) {
        readByReverse.addAll(Derivatives.valueReads(rhs));
      }
      if (s instanceof Stmt.Assign && assigned.contains(target) && readByReverse.contains(target)) {
        recordsOldValue.add(s);
      }
      if (target != null) {
        // Reads before this point were of values this statement does not destroy: each older
        // definition kept its own predecessor.
        readByReverse.remove(target);
      }
      if (active.contains(s) && target != null && Derivatives.usesOwnValue(rhs)) {
        // The adjoint reads the new value through the target: later overwrites must keep it.
        readByReverse.add(target);
      }
      if (target != null && rhs != null) {
        assigned.add(target);
      }
    }
  }
}
