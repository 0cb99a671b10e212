package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loops of a loop's body whose rewrite of an array is cheaper to run again than to keep: GMM's
 * {@code for (id...) xcentered[id] = x[ix * d + id] - means[ik * d + id]} in the loop over
 * components, which otherwise keeps the array's old contents at each component and puts them
 * back after its reverse. Instead, the reverse of each iteration of the enclosing loop starts by
 * running the rewrite again, which gives the array the values that iteration's statements read.
 *
 * <p>That needs: the inner loop's body only stores {@code a[c] = e} with its counter {@code c}, so
 * running it again does nothing else; {@code e}, the loop's start and bound read only variables
 * that keep one value or that the reverse sweep sets afresh (recomputed counters), and no array
 * the function writes, so they evaluate as they did; the stores are the only writes into {@code a} in the function, so its
 * contents at any later point of the iteration are the rewrite's; and nothing outside the
 * enclosing loop, nor in its body before the rewrite, mentions {@code a}, so no reverse step reads
 * the older contents that are no longer put back.
 */
final class RecomputedRewrites {
  /** What the reverse of each iteration runs first, and the stores it makes no longer recorded. */
  record Found(List<Stmt> prologue, Set<Stmt> stores) {
    static final Found NONE = new Found(List.of(), Set.of());
  }

  private RecomputedRewrites() {}

  /**
   * @param enclosingCounters the recomputed counters of the loops around {@code outer}, which the
   *     reverse sweep sets as they were
   */
  static Found in(Stmt.Loop outer, Sweep sweep, java.util.Collection<Var> enclosingCounters) {
    Set<Var> assignedInOuter = assigned(outer);
    Var outerCounter = sweep.analysis.recomputedCounter(outer);
    List<Stmt> prologue = new ArrayList<>();
    Set<Stmt> stores = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<Stmt> body = outer.body();
    for (int i = 1; i < body.size(); i++) {
      if (!(body.get(i) instanceof Stmt.Loop inner) || !(body.get(i - 1) instanceof Stmt.Assign init)) {
        continue;
      }
      Var counter = sweep.analysis.recomputedCounter(inner);
      if (counter == null || init.var() != counter || init.compound() != null || inner.update().size() != 1
          || !(inner.update().get(0) instanceof Stmt.Assign)) {
        continue;
      }
      // Set afresh in the reverse sweep; any other variable must keep one value throughout, as
      // nothing records its old value for this reader.
      Set<Var> allowed = new HashSet<>(enclosingCounters);
      allowed.add(counter);
      if (outerCounter != null) {
        allowed.add(outerCounter);
      }
      boolean ok = evaluatesAlike(init.value(), assignedInOuter, allowed, sweep)
          && evaluatesAlike(inner.condition(), assignedInOuter, allowed, sweep);
      List<Stmt.ArrayStore> innerStores = new ArrayList<>();
      for (Stmt s : inner.body()) {
        ok &= s instanceof Stmt.ArrayStore store && store.compound() == null
            && store.array() instanceof Expr.Read a && store.index().equals(new Expr.Read(counter))
            && a.var().type() instanceof ArrayType t && t.dims() == 1 && t.element() == Primitive.DOUBLE
            && sweep.analysis.aliasesOf(a.var()).size() == 1 && sweep.recordsOldValue(store)
            && evaluatesAlike(store.value(), assignedInOuter, allowed, sweep)
            && !Derivatives.allVars(store.value()).contains(a.var());
        if (ok) {
          innerStores.add((Stmt.ArrayStore) s);
        }
      }
      if (!ok || innerStores.isEmpty()) {
        continue;
      }
      List<Stmt> before = body.subList(0, i - 1);
      for (Stmt.ArrayStore store : innerStores) {
        ok &= onlyWrittenBy(store.root(), inner, sweep) && mentionedOnlyIn(store.root(), outer, before, sweep);
      }
      if (ok) {
        prologue.add(init);
        prologue.add(inner);
        stores.addAll(innerStores);
      }
    }
    return prologue.isEmpty() ? Found.NONE : new Found(prologue, stores);
  }

  /**
   * Whether {@code e} evaluates in the reverse of an iteration as it did in the forward: it reads
   * no variable the loop's body assigns (except {@code allowed}, set afresh), no array the function
   * writes into, and calls nothing but Math functions.
   */
  private static boolean evaluatesAlike(Expr e, Set<Var> assignedInOuter, Set<Var> allowed, Sweep sweep) {
    for (Var v : Derivatives.allVars(e)) {
      if (!allowed.contains(v) && (assignedInOuter.contains(v) || !sweep.analysis.isInvariant(v))) {
        return false;
      }
    }
    boolean[] ok = {true};
    Walk.nodes(e, node -> {
      if (node instanceof Expr.Call || node instanceof Expr.ForwardCall || node instanceof Expr.Pop) {
        ok[0] = false;
      } else if (node instanceof Expr.ArrayRead read) {
        Expr base = dev.adjoint.processor.ir.Exprs.base(read);
        // A table (a static final array) is constant; a variable's array must not be written.
        ok[0] &= base instanceof Expr.StaticField || base instanceof Expr.Read r && sweep.analysis.aliasesOf(r.var())
            .stream().noneMatch(sweep.analysis.writtenArrays()::contains);
      }
    });
    return ok[0];
  }

  /** Every variable a statement of {@code loop}'s body or update assigns or declares. */
  private static Set<Var> assigned(Stmt.Loop loop) {
    Set<Var> assigned = new HashSet<>();
    List<Stmt> all = new ArrayList<>(loop.body());
    all.addAll(loop.update());
    Walk.statements(all, s -> {
      Var target = s instanceof Stmt.Assign a ? a.var() : s instanceof Stmt.Declare d ? d.var() : null;
      if (target != null) {
        assigned.add(target);
      }
    });
    return assigned;
  }

  /** Whether the stores of {@code inner} are the only writes into {@code array} in the function. */
  private static boolean onlyWrittenBy(Var array, Stmt.Loop inner, Sweep sweep) {
    Set<Stmt> own = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    own.addAll(inner.body());
    boolean[] ok = {true};
    Walk.statements(sweep.f.body(), s -> {
      if (s instanceof Stmt.ArrayStore store && store.root() == array && !own.contains(s)) {
        ok[0] = false;
      }
      if (s instanceof Stmt.Assign a && a.var() == array) {
        ok[0] = false;
      }
      for (Expr written : Analysis.arraysWrittenByCall(s)) {
        ok[0] &= dev.adjoint.processor.ir.Exprs.rootVar(written) != array;
      }
    });
    return ok[0];
  }

  /**
   * Whether {@code array} is mentioned only by its declaration (a new array, not a parameter) and
   * inside {@code outer}, but not in {@code before}, the statements of its body ahead of the rewrite.
   */
  private static boolean mentionedOnlyIn(Var array, Stmt.Loop outer, List<Stmt> before, Sweep sweep) {
    if (array.role() == Var.Role.PARAMETER || Walk.mentionedVars(before).contains(array)
        || Walk.mentionedVars(outer.update()).contains(array)
        || Derivatives.allVars(outer.condition()).contains(array)) {
      return false;
    }
    boolean[] ok = {true};
    mentionsOutside(sweep.f.body(), outer, array, ok);
    return ok[0];
  }

  private static void mentionsOutside(List<Stmt> block, Stmt.Loop outer, Var array, boolean[] ok) {
    for (Stmt s : block) {
      if (s == outer) {
        continue;
      }
      if (s instanceof Stmt.Declare d && d.var() == array) {
        ok[0] &= d.init() instanceof Expr.NewArray;
        continue;
      }
      if (s instanceof Stmt.If i) {
        ok[0] &= !Derivatives.allVars(i.condition()).contains(array);
        mentionsOutside(i.then(), outer, array, ok);
        mentionsOutside(i.otherwise(), outer, array, ok);
      } else if (s instanceof Stmt.Loop l) {
        ok[0] &= !Derivatives.allVars(l.condition()).contains(array);
        mentionsOutside(l.body(), outer, array, ok);
        mentionsOutside(l.update(), outer, array, ok);
      } else {
        ok[0] &= !Walk.mentionedVars(List.of(s)).contains(array);
      }
    }
  }
}
