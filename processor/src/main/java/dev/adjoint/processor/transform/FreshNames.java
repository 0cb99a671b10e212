package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import java.util.HashSet;
import java.util.Set;

/** Names for generated variables that never collide with the user's. */
final class FreshNames {
  private final Set<String> used = new HashSet<>();

  FreshNames(Function f) {
    f.params().forEach(p -> used.add(p.name()));
    for (Stmt s : f.body()) {
      if (s instanceof Stmt.Declare d) {
        used.add(d.var().name());
        if (d.init() != null) {
          Derivatives.allVars(d.init()).forEach(v -> used.add(v.name()));
        }
      }
    }
    // Simple names the generated code refers to must stay unshadowed.
    used.add(f.owner().simpleNames().get(0));
    used.add("Math");
    used.add("StrictMath");
  }

  /** Names fresh among {@code used}, the names of a generated method for {@code f}. */
  FreshNames(java.util.Collection<String> used, Function f) {
    this.used.addAll(used);
    this.used.add(f.owner().simpleNames().get(0));
    this.used.add("Math");
    this.used.add("StrictMath");
  }

  String fresh(String base) {
    String candidate = base;
    for (int i = 2; used.contains(candidate); i++) {
      candidate = base + i;
    }
    used.add(candidate);
    return candidate;
  }

  static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static boolean isAtomic(Expr e) {
    return e instanceof Expr.Read || e instanceof Expr.Constant || e instanceof Expr.StaticField
        || (e instanceof Expr.Unary u && isAtomic(u.operand()));
  }
}
