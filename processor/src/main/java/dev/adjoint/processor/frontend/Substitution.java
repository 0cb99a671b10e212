package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.List;

/** Replaces the reads of one variable by an expression, in the statements the front end makes. */
final class Substitution {
  private final Var from;
  private final Expr to;

  private Substitution(Var from, Expr to) {
    this.from = from;
    this.to = to;
  }

  /** {@code statements} with every read of {@code from} reading {@code to} instead. */
  static List<Stmt> apply(List<Stmt> statements, Var from, Expr to) {
    return new Substitution(from, to).statements(statements);
  }

  static Stmt apply(Stmt statement, Var from, Expr to) {
    return new Substitution(from, to).statement(statement);
  }

  private List<Stmt> statements(List<Stmt> statements) {
    return statements.stream().map(this::statement).toList();
  }

  private Stmt statement(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(d.var(), d.init() == null ? null : expr(d.init()), d.source());
    } else if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.var(), a.compound(), expr(a.value()), a.source());
    } else if (s instanceof Stmt.ArrayStore a) {
      return new Stmt.ArrayStore(expr(a.array()), expr(a.index()), a.compound(), expr(a.value()), a.source());
    } else if (s instanceof Stmt.If i) {
      return new Stmt.If(expr(i.condition()), statements(i.then()), statements(i.otherwise()), i.source());
    } else if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.id(), expr(l.condition()), statements(l.body()), statements(l.update()), l.testFirst(),
          l.source());
    } else if (s instanceof Stmt.Invoke i) {
      return new Stmt.Invoke((Expr.Call) expr(i.call()), i.source());
    } else if (s instanceof Stmt.Return r) {
      return new Stmt.Return(expr(r.value()), r.source());
    } else if (s instanceof Stmt.Throw t) {
      return new Stmt.Throw(t.exception(), t.message().stream()
          .map(part -> part instanceof Expr e ? (Object) expr(e) : part).toList(), t.source());
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      return s;
    }
    throw new IllegalArgumentException("not a statement the front end makes: " + s);
  }

  private List<Expr> exprs(List<Expr> exprs) {
    return exprs.stream().map(this::expr).toList();
  }

  private Expr expr(Expr e) {
    if (e instanceof Expr.Read r) {
      return r.var() == from ? to : r;
    } else if (e instanceof Expr.Constant || e instanceof Expr.StaticField || e instanceof Expr.Field) {
      return e;
    } else if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), expr(u.operand()));
    } else if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), expr(b.left()), expr(b.right()), b.type());
    } else if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), expr(c.operand()));
    } else if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(expr(c.condition()), expr(c.ifTrue()), expr(c.ifFalse()), c.type());
    } else if (e instanceof Expr.MathCall m) {
      return m.withArgs(exprs(m.args()));
    } else if (e instanceof Expr.PrimalCall p) {
      return new Expr.PrimalCall(p.owner(), p.name(), exprs(p.args()), p.type(), p.zeroDerivative(), p.origin());
    } else if (e instanceof Expr.Call c) {
      return new Expr.Call(c.callee(), exprs(c.args()), c.origin(), c.argOrigins());
    } else if (e instanceof Expr.ArrayRead a) {
      return new Expr.ArrayRead(expr(a.array()), expr(a.index()), a.type());
    } else if (e instanceof Expr.Length l) {
      return new Expr.Length(expr(l.array()));
    } else if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(n.type(), exprs(n.dims()));
    } else if (e instanceof Expr.ArrayLiteral l) {
      return new Expr.ArrayLiteral(l.type(), exprs(l.elements()));
    }
    throw new IllegalArgumentException("not an expression the front end makes: " + e);
  }
}
