package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which intermediate values of one active statement the forward sweep stores for the
 * reverse sweep, instead of the reverse sweep computing them again: the results of Math
 * functions whose partials, or whose parent's partials, read them. Cheap arithmetic is
 * recomputed, and nothing is hoisted out of a branch of {@code ?:}, which runs only if taken.
 */
final class ForwardKeep {
  private final Set<Var> varied;
  private final FreshNames names;
  private final String base;
  private final Map<Expr, Var> kept = new LinkedHashMap<>();
  private boolean costlyOnly;

  private ForwardKeep(Set<Var> varied, FreshNames names, String base) {
    this.varied = varied;
    this.names = names;
    this.base = base;
  }

  /**
   * What to keep of a statement in a loop, where kept values go on the tape: only the results
   * of Math functions that cost more to compute again than a push and a pop.
   */
  static ForwardKeep inLoop(Expr rhs, Set<Var> varied, FreshNames names, String base) {
    ForwardKeep keep = new ForwardKeep(varied, names, base);
    keep.costlyOnly = true;
    keep.visit(rhs, false, true);
    return keep;
  }

  /** What to keep of {@code rhs}, whose assigned value is named after {@code base}. */
  static ForwardKeep of(Expr rhs, Set<Var> varied, FreshNames names, String base) {
    ForwardKeep keep = new ForwardKeep(varied, names, base);
    keep.visit(rhs, false, true);
    return keep;
  }

  Map<Expr, Var> kept() {
    return kept;
  }

  /**
   * Declarations of the kept values, in evaluation order. Each reads the values kept before it;
   * one that also occurs later (in a branch of {@code ?:} inside it, say, which nothing is
   * hoisted out of) is computed there again rather than read before it is declared.
   */
  void declare(List<Stmt> out) {
    Map<Expr, Var> declared = new LinkedHashMap<>();
    for (var entry : kept.entrySet()) {
      Expr computed = Rebuild.mapChildren(entry.getKey(), child -> rewrite(child, declared));
      out.add(new Stmt.Declare(entry.getValue(), computed, ""));
      declared.put(entry.getKey(), entry.getValue());
    }
  }

  /** {@code e} with kept subexpressions read from where they were stored. */
  Expr rewrite(Expr e) {
    return rewrite(e, kept);
  }

  private static Expr rewrite(Expr e, Map<Expr, Var> stored) {
    Var at = stored.get(e);
    if (at != null) {
      return new Expr.Read(at);
    }
    return Rebuild.mapChildren(e, child -> rewrite(child, stored));
  }

  private void visit(Expr e, boolean valueNeeded, boolean isRoot) {
    boolean isVaried = Derivatives.isVaried(e, varied);
    if (e instanceof Expr.Conditional c) {
      return;
    }
    if (e instanceof Expr.Binary b && b.op().isArithmetic()) {
      boolean leftVaried = Derivatives.isVaried(b.left(), varied);
      boolean rightVaried = Derivatives.isVaried(b.right(), varied);
      // a * b: each operand's partial is the other operand. a / b and a % b: both partials
      // read b, and b's partial reads the quotient, hence a.
      boolean leftNeeded = switch (b.op()) {
        case MUL, DIV, REM -> rightVaried;
        default -> false;
      };
      boolean rightNeeded = switch (b.op()) {
        case MUL -> leftVaried;
        case DIV, REM -> leftVaried || rightVaried;
        default -> false;
      };
      visit(b.left(), valueNeeded || leftNeeded, false);
      visit(b.right(), valueNeeded || rightNeeded, false);
    } else if (e instanceof Expr.Unary u) {
      visit(u.operand(), valueNeeded, false);
    } else if (e instanceof Expr.Cast c) {
      visit(c.operand(), valueNeeded, false);
    } else if (e instanceof Expr.MathCall m) {
      DerivativeTable.Rule rule = DerivativeTable.of(m);
      for (Expr arg : m.args()) {
        visit(arg, valueNeeded || (isVaried && rule.usesArgs()), false);
      }
      if (!isRoot && (valueNeeded || (isVaried && rule.usesResult())) && !kept.containsKey(e)
          && !(costlyOnly && rule.cheap())) {
        kept.put(e, Var.synthetic(names.fresh(base + FreshNames.capitalize(m.name())), Primitive.DOUBLE));
      }
    } else if (e instanceof Expr.Call c) {
      for (Expr arg : c.args()) {
        visit(arg, valueNeeded || isVaried, false);
      }
    }
  }
}
