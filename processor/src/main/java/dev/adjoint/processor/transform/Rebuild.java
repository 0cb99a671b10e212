package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import java.util.function.UnaryOperator;

/** Copies an expression node with its children replaced. */
final class Rebuild {
  private Rebuild() {}

  static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), f.apply(u.operand()));
    } else if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), f.apply(b.left()), f.apply(b.right()), b.type());
    } else if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), f.apply(c.operand()));
    } else if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(f.apply(c.condition()), f.apply(c.ifTrue()), f.apply(c.ifFalse()), c.type());
    } else if (e instanceof Expr.MathCall m) {
      return m.withArgs(m.args().stream().map(f).toList());
    } else if (e instanceof Expr.PrimalCall p) {
      return new Expr.PrimalCall(p.owner(), p.name(), p.args().stream().map(f).toList(), p.type(),
          p.zeroDerivative(), p.origin());
    } else if (e instanceof Expr.Call c) {
      return new Expr.Call(c.callee(), c.args().stream().map(f).toList(), c.origin(), c.argOrigins());
    } else if (e instanceof Expr.ForwardCall c) {
      return new Expr.ForwardCall((Expr.Call) mapChildren(c.call(), f), c.tape());
    } else if (e instanceof Expr.GradientCall g) {
      return new Expr.GradientCall(g.callee(), g.args().stream().map(f).toList());
    } else if (e instanceof Expr.Component c) {
      return new Expr.Component(f.apply(c.record()), c.name(), c.type());
    } else if (e instanceof Expr.ArrayRead a) {
      return new Expr.ArrayRead(f.apply(a.array()), f.apply(a.index()), a.type());
    } else if (e instanceof Expr.Length l) {
      return new Expr.Length(f.apply(l.array()));
    } else if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(n.type(), n.dims().stream().map(f).toList());
    } else if (e instanceof Expr.ArrayLiteral l) {
      return new Expr.ArrayLiteral(l.type(), l.elements().stream().map(f).toList());
    } else if (e instanceof Expr.CopyOf c) {
      return new Expr.CopyOf(f.apply(c.array()), c.type());
    }
    return e;
  }
}
