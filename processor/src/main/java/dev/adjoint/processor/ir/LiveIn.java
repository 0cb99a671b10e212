package dev.adjoint.processor.ir;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The variables a block may read before it has certainly assigned them: the values that must
 * flow into it. Conservative in one direction only: a variable it may read first is always
 * included; one it always assigns first (a loop counter the block sets at the top of each
 * iteration) is not.
 */
public final class LiveIn {
  private LiveIn() {}

  public static Set<Var> of(List<Stmt> block) {
    Set<Var> exposed = new LinkedHashSet<>();
    scan(block, new HashSet<>(), exposed);
    return exposed;
  }

  /** Scans in program order, growing {@code assigned} by what the block certainly assigns. */
  private static void scan(List<Stmt> block, Set<Var> assigned, Set<Var> exposed) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a) {
        reads(a.value(), assigned, exposed);
        if (a.compound() != null && !assigned.contains(a.var())) {
          exposed.add(a.var());
        }
        assigned.add(a.var());
      } else if (s instanceof Stmt.Declare d) {
        if (d.init() != null) {
          reads(d.init(), assigned, exposed);
        }
        assigned.add(d.var());
      } else if (s instanceof Stmt.If i) {
        reads(i.condition(), assigned, exposed);
        Set<Var> then = new HashSet<>(assigned);
        scan(i.then(), then, exposed);
        Set<Var> otherwise = new HashSet<>(assigned);
        scan(i.otherwise(), otherwise, exposed);
        then.retainAll(otherwise);
        assigned.addAll(then);
      } else if (s instanceof Stmt.Loop l) {
        // The body may run no times, so nothing it assigns counts after the loop.
        reads(l.condition(), assigned, exposed);
        Set<Var> inBody = new HashSet<>(assigned);
        scan(l.body(), inBody, exposed);
        // A continue reaches the update without the rest of the body.
        Set<Var> inUpdate = jumps(l.body()) ? new HashSet<>(assigned) : inBody;
        scan(l.update(), inUpdate, exposed);
        reads(l.condition(), inUpdate, exposed);
      } else if (s instanceof Stmt.Repeat r) {
        reads(r.times(), assigned, exposed);
        Set<Var> inBody = new HashSet<>(assigned);
        inBody.add(r.counter());
        scan(r.body(), inBody, exposed);
      } else {
        // Any other statement: everything it mentions counts as read, and nothing as assigned.
        for (Var v : Walk.mentionedVars(List.of(s))) {
          if (!assigned.contains(v)) {
            exposed.add(v);
          }
        }
      }
    }
  }

  private static void reads(Expr e, Set<Var> assigned, Set<Var> exposed) {
    Walk.nodes(e, node -> {
      Var v = node instanceof Expr.Read r ? r.var()
          : node instanceof Expr.Field f ? f.object()
          : node instanceof Expr.Pop p ? p.stack()
          : null;
      if (v != null && !assigned.contains(v)) {
        exposed.add(v);
      }
    });
  }

  private static boolean jumps(List<Stmt> body) {
    boolean[] found = {false};
    Walk.statements(body, s -> found[0] |= s instanceof Stmt.Continue || s instanceof Stmt.Break);
    return found[0];
  }
}
