package dev.adjoint.processor.ir;

import java.util.List;
import java.util.function.Consumer;

/** Visits statements and the statements nested in them, in program order. */
public final class Walk {
  private Walk() {}

  public static void statements(List<Stmt> statements, Consumer<Stmt> action) {
    for (Stmt s : statements) {
      action.accept(s);
      if (s instanceof Stmt.If i) {
        statements(i.then(), action);
        statements(i.otherwise(), action);
      } else if (s instanceof Stmt.Loop l) {
        statements(l.body(), action);
        statements(l.update(), action);
      }
    }
  }

  /** The expressions a statement evaluates directly (not those of nested statements). */
  public static List<Expr> expressions(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init() == null ? List.of() : List.of(d.init());
    } else if (s instanceof Stmt.Assign a) {
      return List.of(a.value());
    } else if (s instanceof Stmt.Return r) {
      return List.of(r.value());
    } else if (s instanceof Stmt.ArrayStore a) {
      return List.of(a.array(), a.index(), a.value());
    } else if (s instanceof Stmt.Invoke i) {
      return List.of(i.call());
    } else if (s instanceof Stmt.If i) {
      return List.of(i.condition());
    } else if (s instanceof Stmt.Loop l) {
      return List.of(l.condition());
    }
    return List.of();
  }

  /** Whether a function body has any statement other than declarations, assignments and a final return. */
  public static boolean isStraightLine(List<Stmt> body) {
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      boolean finalReturn = s instanceof Stmt.Return && i == body.size() - 1;
      if (!(s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.ArrayStore
          || s instanceof Stmt.Throw || s instanceof Stmt.Invoke || finalReturn)) {
        return false;
      }
    }
    return true;
  }
}
