package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which variables may refer to an array the method allocated, at each call statement: flow by
 * flow, where {@link Aliases} is for the whole method. An array made by {@code new double[n]} is
 * referred to only by the variables assigned from it since (a {@code clone()} is read as one), so
 * at {@code step(s, next)} after {@code next = copy} and {@code copy = new double[n]}, {@code s}
 * is not {@code next}'s array even though {@code s = next} follows in the loop. Branches and loops
 * are merged conservatively: a variable assigned anywhere in one may refer to any array after it,
 * and no array allocated before a loop is known inside it if the loop re-points its variable.
 */
public final class FreshArrays {
  /** At each call statement: for each variable referring to an allocated array, every variable that may refer to it. */
  private final Map<Stmt, Map<Var, Set<Var>>> atCalls = new IdentityHashMap<>();

  private FreshArrays() {}

  public static FreshArrays of(List<Stmt> body) {
    FreshArrays fresh = new FreshArrays();
    fresh.block(body, new HashMap<>());
    return fresh;
  }

  /**
   * The variables that may refer to the array {@code v} refers to when {@code call} runs ({@code
   * v} among them), if that is an array the method allocated on every path there; null if not
   * known.
   */
  public Set<Var> namesAt(Stmt call, Var v) {
    Map<Var, Set<Var>> state = atCalls.get(call);
    return state == null ? null : state.get(v);
  }

  private void block(List<Stmt> statements, Map<Var, Set<Var>> state) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Invoke) {
        atCalls.put(s, copy(state));
      }
      if (s instanceof Stmt.If i) {
        block(i.then(), copy(state));
        block(i.otherwise(), copy(state));
        forgetAssignedIn(s, state);
      } else if (s instanceof Stmt.Loop l) {
        // What any iteration sees on entry: nothing of a variable the loop re-points.
        forgetAssignedIn(s, state);
        block(l.body(), copy(state));
        // A continue may skip the rest of the body: the update sees only the entry's facts.
        block(l.update(), copy(state));
      } else if (s instanceof Stmt.Assign a && a.var().type().isArray()) {
        assign(a.var(), a.compound() == null ? a.value() : null, state);
      } else if (s instanceof Stmt.Declare d && d.var().type().isArray()) {
        assign(d.var(), d.init(), state);
      } else if (s instanceof Stmt.Invoke || s instanceof Stmt.ArrayStore) {
        // Neither re-points a variable: a call writes into arrays, a store into elements.
        continue;
      } else if (!(s instanceof Stmt.Return || s instanceof Stmt.Throw || s instanceof Stmt.Break
          || s instanceof Stmt.Continue || s instanceof Stmt.Assign || s instanceof Stmt.Declare)) {
        // A statement of a kind this analysis does not know: nothing is known after it.
        state.clear();
      }
    }
  }

  /** {@code v = value}: {@code v} re-pointed to a new array, to another variable's, or to one not known. */
  private static void assign(Var v, Expr value, Map<Var, Set<Var>> state) {
    Set<Var> joined = null;
    if (value instanceof Expr.NewArray alloc && alloc.type().dims() == 1) {
      joined = new HashSet<>(Set.of(v));
    } else if (value instanceof Expr.Read r && state.containsKey(r.var())) {
      joined = new HashSet<>(state.get(r.var()));
      joined.add(v);
    }
    state.remove(v);
    state.values().forEach(names -> names.remove(v));
    if (joined == null) {
      if (value != null) {
        // It may refer to whatever array a variable the value mentions may refer to.
        Set<Var> mentioned = new HashSet<>();
        Walk.nodes(value, n -> {
          if (n instanceof Expr.Read r) {
            mentioned.add(r.var());
          }
        });
        state.values().stream().filter(names -> names.stream().anyMatch(mentioned::contains))
            .forEach(names -> names.add(v));
      }
      return;
    }
    for (Var other : joined) {
      if (other != v && state.containsKey(other)) {
        state.get(other).add(v);
      }
    }
    state.put(v, joined);
  }

  /** After {@code s}: each array variable it assigns may refer to any array, and is known to refer to none. */
  private static void forgetAssignedIn(Stmt s, Map<Var, Set<Var>> state) {
    Set<Var> assigned = assignedArrays(s);
    assigned.forEach(state::remove);
    state.values().forEach(names -> names.addAll(assigned));
  }

  /** The array variables {@code s} (at any depth) assigns or declares. */
  static Set<Var> assignedArrays(Stmt s) {
    Set<Var> assigned = new HashSet<>();
    Walk.statements(List.of(s), inner -> {
      if (inner instanceof Stmt.Assign a && a.var().type().isArray()) {
        assigned.add(a.var());
      } else if (inner instanceof Stmt.Declare d && d.var().type().isArray()) {
        assigned.add(d.var());
      }
    });
    return assigned;
  }

  private static Map<Var, Set<Var>> copy(Map<Var, Set<Var>> state) {
    Map<Var, Set<Var>> out = new HashMap<>();
    state.forEach((v, names) -> out.put(v, new HashSet<>(names)));
    return out;
  }
}
