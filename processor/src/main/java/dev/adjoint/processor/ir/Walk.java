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
      } else if (s instanceof Stmt.Repeat r) {
        statements(r.body(), action);
      }
    }
  }

  /** Every expression a statement evaluates itself, for every kind of statement a transformation makes. */
  public static List<Expr> allExpressions(Stmt s) {
    List<Expr> out = new java.util.ArrayList<>();
    if (s instanceof Stmt.ArrayStore a) {
      out.add(a.element());
      out.add(a.value());
    } else if (s instanceof Stmt.Repeat r) {
      out.add(r.times());
    } else if (s instanceof Stmt.Push p) {
      out.add(p.value());
    } else if (s instanceof Stmt.PushRange p) {
      out.addAll(List.of(p.array(), p.from(), p.count()));
    } else if (s instanceof Stmt.PopRange p) {
      out.addAll(List.of(p.array(), p.from(), p.count()));
    } else if (s instanceof Stmt.Reserve r) {
      out.addAll(List.of(r.doubles(), r.ints()));
    } else if (s instanceof Stmt.CopyInto c) {
      out.add(c.from());
      out.add(c.to());
    } else if (s instanceof Stmt.AdjointCall a) {
      out.add(a.call());
      out.add(a.seed());
      out.addAll(a.arrayAdjoints().values());
    } else if (s instanceof Stmt.TangentAdjointCall t) {
      out.addAll(allExpressions(t.call()));
      out.addAll(t.argTangents());
      out.add(t.seedTangent());
      out.addAll(t.arrayAdjointTangents().values());
    } else if (s instanceof Stmt.AllocateOutput o) {
      out.add(o.shapeOf());
    } else if (s instanceof Stmt.AddScaled a) {
      out.add(a.target());
      out.add(a.scale());
      out.add(a.from());
    } else if (s instanceof Stmt.AccumulateOutput o) {
      out.add(o.value());
    } else if (s instanceof Stmt.SetField f) {
      out.add(f.value());
    } else if (s instanceof Stmt.RequireDistinct r) {
      out.add(new Expr.Read(r.a()));
      out.add(new Expr.Read(r.b()));
    } else if (s instanceof Stmt.Throw t) {
      t.message().stream().filter(Expr.class::isInstance).map(Expr.class::cast).forEach(out::add);
    } else {
      out.addAll(expressions(s));
    }
    return out;
  }

  /** The variables that {@code statements} declare, at any depth. */
  public static java.util.Set<Var> declaredVars(List<Stmt> statements) {
    java.util.Set<Var> vars = new java.util.HashSet<>();
    statements(statements, s -> {
      if (s instanceof Stmt.Declare d) {
        vars.add(d.var());
      }
    });
    return vars;
  }

  /** The variables that {@code statements} read, write or declare, at any depth. */
  public static java.util.Set<Var> mentionedVars(List<Stmt> statements) {
    java.util.Set<Var> vars = new java.util.LinkedHashSet<>();
    statements(statements, s -> {
      if (s instanceof Stmt.Declare d) {
        vars.add(d.var());
      } else if (s instanceof Stmt.Assign a) {
        vars.add(a.var());
      } else if (s instanceof Stmt.Repeat r) {
        vars.add(r.counter());
      } else if (s instanceof Stmt.AdjointCall a) {
        vars.add(a.adjoint());
      } else if (s instanceof Stmt.TangentAdjointCall t) {
        vars.add(t.call().adjoint());
        vars.add(t.adjointTangent());
        if (t.call().tape() != null) {
          vars.add(t.call().tape());
        }
      } else if (s instanceof Stmt.Push p) {
        vars.add(p.stack());
      } else if (s instanceof Stmt.PushRange p) {
        vars.add(p.stack());
      } else if (s instanceof Stmt.PopRange p) {
        vars.add(p.stack());
      } else if (s instanceof Stmt.Reserve r) {
        vars.add(r.stack());
      } else if (s instanceof Stmt.SetField f) {
        vars.add(f.object());
      } else if (s instanceof Stmt.CallChunk c) {
        vars.add(c.locals());
      }
      allExpressions(s).forEach(e -> nodes(e, node -> {
        if (node instanceof Expr.Read r) {
          vars.add(r.var());
        } else if (node instanceof Expr.Field f) {
          vars.add(f.object());
        } else if (node instanceof Expr.Pop p) {
          vars.add(p.stack());
        }
      }));
    });
    return vars;
  }

  /** {@code e} and every expression inside it. */
  public static void nodes(Expr e, Consumer<Expr> action) {
    action.accept(e);
    for (Expr child : children(e)) {
      nodes(child, action);
    }
  }

  /** The direct subexpressions of {@code e}. */
  public static List<Expr> children(Expr e) {
    if (e instanceof Expr.Unary u) {
      return List.of(u.operand());
    } else if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    } else if (e instanceof Expr.Cast c) {
      return List.of(c.operand());
    } else if (e instanceof Expr.Conditional c) {
      return List.of(c.condition(), c.ifTrue(), c.ifFalse());
    } else if (e instanceof Expr.MathCall m) {
      return m.args();
    } else if (e instanceof Expr.PrimalCall p) {
      return p.args();
    } else if (e instanceof Expr.Call c) {
      return c.args();
    } else if (e instanceof Expr.ForwardCall f) {
      return f.call().args();
    } else if (e instanceof Expr.GradientCall g) {
      return g.args();
    } else if (e instanceof Expr.Component c) {
      return List.of(c.record());
    } else if (e instanceof Expr.ArrayRead a) {
      return List.of(a.array(), a.index());
    } else if (e instanceof Expr.Length l) {
      return List.of(l.array());
    } else if (e instanceof Expr.NewArray n) {
      return n.dims();
    } else if (e instanceof Expr.ArrayLiteral l) {
      return l.elements();
    } else if (e instanceof Expr.CopyOf c) {
      return List.of(c.array());
    } else if (e instanceof Expr.ZerosLike z) {
      return List.of(z.array());
    }
    return List.of();
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
    } else if (s instanceof Stmt.ForwardInvoke i) {
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
