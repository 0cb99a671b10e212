package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which parts of an expression carry a derivative, and which variables' values its adjoint
 * reads. Shared by the analyses and the reverse transformation so that both agree.
 */
public final class Derivatives {
  private Derivatives() {}

  /** Whether {@code e} depends differentiably on some variable in {@code varied}. */
  public static boolean isVaried(Expr e, Set<Var> varied) {
    if (!e.type().carriesDerivative() && !writesArrays(e)) {
      return false;
    }
    if (e instanceof Expr.Read r) {
      return varied.contains(r.var());
    }
    boolean[] any = {false};
    forEachCarrier(e, child -> any[0] |= isVaried(child, varied));
    return any[0];
  }

  /**
   * Calls {@code action} on each direct child of {@code e} that a derivative flows through: the
   * operands of arithmetic, the branches (not the condition) of {@code ?:}, the arguments of
   * differentiable Math functions and the active arguments of differentiable calls.
   */
  public static void forEachCarrier(Expr e, Consumer<Expr> action) {
    if (e instanceof Expr.Unary u) {
      if (u.op() != UnaryOp.NOT) {
        action.accept(u.operand());
      }
    } else if (e instanceof Expr.Binary b) {
      if (b.op().isArithmetic()) {
        action.accept(b.left());
        action.accept(b.right());
      }
    } else if (e instanceof Expr.Cast c) {
      if (c.type() == Primitive.DOUBLE) {
        action.accept(c.operand());
      }
    } else if (e instanceof Expr.Conditional c) {
      action.accept(c.ifTrue());
      action.accept(c.ifFalse());
    } else if (e instanceof Expr.MathCall m) {
      m.args().forEach(action);
    } else if (e instanceof Expr.ArrayRead a) {
      action.accept(a.array());
    } else if (e instanceof Expr.ArrayLiteral l) {
      l.elements().forEach(action);
    } else if (e instanceof Expr.Call c) {
      for (int i = 0; i < c.args().size(); i++) {
        if (c.callee().params().get(i).active()) {
          action.accept(c.args().get(i));
        }
      }
    }
  }

  /** Every double variable {@code e} reads through a path a derivative flows along. */
  public static Set<Var> carrierVars(Expr e) {
    Set<Var> vars = new LinkedHashSet<>();
    collectCarrierVars(e, vars);
    return vars;
  }

  private static void collectCarrierVars(Expr e, Set<Var> vars) {
    if (e instanceof Expr.Read r) {
      if (r.var().type().carriesDerivative()) {
        vars.add(r.var());
      }
    } else if (e.type().carriesDerivative() || writesArrays(e)) {
      forEachCarrier(e, child -> collectCarrierVars(child, vars));
    }
  }

  /**
   * A call that writes into arrays it is given: its derivative flows through them, whatever it
   * returns (an iteration count, say).
   */
  private static boolean writesArrays(Expr e) {
    return e instanceof Expr.Call c && c.callee().writesArrays();
  }

  /** Every variable {@code e} reads, anywhere. */
  public static Set<Var> allVars(Expr e) {
    Set<Var> vars = new LinkedHashSet<>();
    collectAllVars(e, vars);
    return vars;
  }

  private static void collectAllVars(Expr e, Set<Var> vars) {
    for (Expr child : children(e)) {
      collectAllVars(child, vars);
    }
    if (e instanceof Expr.Read r) {
      vars.add(r.var());
    }
  }

  public static List<Expr> children(Expr e) {
    return dev.adjoint.processor.ir.Walk.children(e);
  }

  /**
   * The variables whose values the adjoint of {@code e} reads, given what is varied where it is
   * evaluated: mirrors what the reverse transformation evaluates. Nothing for a part that is not
   * varied (no adjoint flows there); sums, differences, signs and branches pass an adjoint
   * through without reading values; a product reads one factor only where the other is varied.
   */
  public static Set<Var> valueReads(Expr e, Set<Var> varied) {
    Set<Var> vars = new LinkedHashSet<>();
    collectValueReads(e, varied, vars);
    return vars;
  }

  private static void collectValueReads(Expr e, Set<Var> varied, Set<Var> vars) {
    if (!isVaried(e, varied)) {
      return;
    }
    if (e instanceof Expr.Read) {
      return;
    }
    if (e instanceof Expr.Unary u) {
      collectValueReads(u.operand(), varied, vars);
    } else if (e instanceof Expr.Cast c) {
      collectValueReads(c.operand(), varied, vars);
    } else if (e instanceof Expr.Binary b) {
      boolean left = isVaried(b.left(), varied);
      boolean right = isVaried(b.right(), varied);
      switch (b.op()) {
        case MUL -> {
          if (left) {
            vars.addAll(allVars(b.right()));
          }
          if (right) {
            vars.addAll(allVars(b.left()));
          }
        }
        case DIV -> {
          vars.addAll(allVars(b.right()));
          if (right) {
            vars.addAll(allVars(b.left()));
          }
        }
        case REM -> {
          if (right) {
            vars.addAll(allVars(b));
          }
        }
        default -> { }
      }
      collectValueReads(b.left(), varied, vars);
      collectValueReads(b.right(), varied, vars);
    } else if (e instanceof Expr.Conditional c) {
      vars.addAll(allVars(c.condition()));
      collectValueReads(c.ifTrue(), varied, vars);
      collectValueReads(c.ifFalse(), varied, vars);
    } else if (e instanceof Expr.ArrayRead a) {
      // The element's value is not needed, but where it is: the indices.
      vars.addAll(allVars(a.index()));
      collectIndexReads(a.array(), vars);
    } else if (e instanceof Expr.ArrayLiteral l) {
      l.elements().forEach(element -> collectValueReads(element, varied, vars));
    } else {
      // Math functions and calls: their partials read the arguments (or the result, recomputed
      // from them); the arguments' own adjoints are propagated further.
      vars.addAll(allVars(e));
      children(e).forEach(child -> collectValueReads(child, varied, vars));
    }
  }

  private static void collectIndexReads(Expr array, Set<Var> vars) {
    if (array instanceof Expr.ArrayRead row) {
      vars.addAll(allVars(row.index()));
      collectIndexReads(row.array(), vars);
    }
  }

  /** Whether the adjoint of {@code e} reads the value {@code e} itself evaluates to. */
  public static boolean usesOwnValue(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM;
    }
    if (e instanceof Expr.MathCall m) {
      return DerivativeTable.of(m).usesResult();
    }
    return false;
  }
}
