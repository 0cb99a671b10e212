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
        rewritten.add(substitute(s, old.var(), counter));
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

  private static Stmt substitute(Stmt s, Var from, Var to) {
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(d.var(), d.init() == null ? null : substitute(d.init(), from, to), d.source());
    } else if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.var(), a.compound(), substitute(a.value(), from, to), a.source());
    } else if (s instanceof Stmt.ArrayStore a) {
      return new Stmt.ArrayStore(substitute(a.array(), from, to), substitute(a.index(), from, to), a.compound(),
          substitute(a.value(), from, to), a.source());
    } else if (s instanceof Stmt.If i) {
      return new Stmt.If(substitute(i.condition(), from, to), substitute(i.then(), from, to),
          substitute(i.otherwise(), from, to), i.source());
    } else if (s instanceof Stmt.Invoke i) {
      return new Stmt.Invoke((Expr.Call) substitute(i.call(), from, to), i.source());
    }
    throw new IllegalArgumentException("not a statement the front end makes here: " + s);
  }

  private static List<Stmt> substitute(List<Stmt> statements, Var from, Var to) {
    return statements.stream().map(s -> substitute(s, from, to)).toList();
  }

  private static List<Expr> substituteAll(List<Expr> exprs, Var from, Var to) {
    return exprs.stream().map(e -> substitute(e, from, to)).toList();
  }

  /** {@code e} with every read of {@code from} reading {@code to}. */
  static Expr substitute(Expr e, Var from, Var to) {
    if (e instanceof Expr.Read r) {
      return r.var() == from ? new Expr.Read(to) : r;
    } else if (e instanceof Expr.Constant || e instanceof Expr.StaticField) {
      return e;
    } else if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), substitute(u.operand(), from, to));
    } else if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), substitute(b.left(), from, to), substitute(b.right(), from, to), b.type());
    } else if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), substitute(c.operand(), from, to));
    } else if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(substitute(c.condition(), from, to), substitute(c.ifTrue(), from, to),
          substitute(c.ifFalse(), from, to), c.type());
    } else if (e instanceof Expr.MathCall m) {
      return new Expr.MathCall(m.owner(), m.name(), substituteAll(m.args(), from, to), m.type());
    } else if (e instanceof Expr.PrimalCall p) {
      return new Expr.PrimalCall(p.owner(), p.name(), substituteAll(p.args(), from, to), p.type(),
          p.zeroDerivative(), p.origin());
    } else if (e instanceof Expr.Call c) {
      return new Expr.Call(c.callee(), substituteAll(c.args(), from, to), c.origin(), c.argOrigins());
    } else if (e instanceof Expr.ArrayRead a) {
      return new Expr.ArrayRead(substitute(a.array(), from, to), substitute(a.index(), from, to), a.type());
    } else if (e instanceof Expr.Length l) {
      return new Expr.Length(substitute(l.array(), from, to));
    } else if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(n.type(), substituteAll(n.dims(), from, to));
    } else if (e instanceof Expr.ArrayLiteral l) {
      return new Expr.ArrayLiteral(l.type(), substituteAll(l.elements(), from, to));
    }
    throw new IllegalArgumentException("not an expression the front end makes: " + e);
  }
}
