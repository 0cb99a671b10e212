package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Array variables that may point into the same storage ({@code double[] row = m[i]}, {@code
 * b = a}), grouped: a write through one is a write to all, so activity and recording treat each
 * group as one variable.
 */
final class Aliases {
  private final Map<Var, Set<Var>> classes = new HashMap<>();

  static Aliases of(Function f) {
    Aliases aliases = new Aliases();
    Walk.statements(f.body(), s -> {
      Var target = null;
      Expr init = null;
      if (s instanceof Stmt.Declare d) {
        target = d.var();
        init = d.init();
      } else if (s instanceof Stmt.Assign a && a.compound() == null) {
        target = a.var();
        init = a.value();
      }
      if (target != null && target.type().isArray() && init != null && isArrayVariable(init)) {
        aliases.union(target, dev.adjoint.processor.ir.Exprs.rootVar(init));
      }
    });
    return aliases;
  }

  private static boolean isArrayVariable(Expr e) {
    return e instanceof Expr.Read || (e instanceof Expr.ArrayRead a && isArrayVariable(a.array()));
  }

  Set<Var> of(Var v) {
    Set<Var> group = classes.get(v);
    return group == null ? Set.of(v) : group;
  }

  private void union(Var a, Var b) {
    Set<Var> merged = new LinkedHashSet<>(of(a));
    merged.addAll(of(b));
    for (Var v : merged) {
      classes.put(v, merged);
    }
  }
}
