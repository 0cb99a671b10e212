package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.*;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Sub-programs: a set of methods with every method they call, in the batch's order. */
final class Units {
  private Units() {}

  /** The program's methods called in {@code m}'s body. */
  static Set<String> callees(Program p, Method m) {
    Set<String> out = new LinkedHashSet<>();
    visit(m.body, e -> {
      if (e instanceof Call c && p.method(c.fn) != null) {
        out.add(c.fn);
      }
    });
    return out;
  }

  /** The methods of {@code p} reachable from {@code roots}, in {@code p}'s order. */
  static Program closure(Program p, Collection<String> roots) {
    Set<String> keep = new LinkedHashSet<>();
    Deque<String> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      String name = work.pop();
      if (keep.add(name)) {
        work.addAll(callees(p, p.method(name)));
      }
    }
    List<Method> out = new ArrayList<>();
    for (Method m : p.methods) {
      if (keep.contains(m.name)) {
        out.add(m);
      }
    }
    return new Program(p.pkg, p.className, out, p.fields);
  }

  interface ExprVisitor {
    void visit(Expr e);
  }

  /** Every expression under {@code s}, parents before children. */
  static void visit(Stmt s, ExprVisitor v) {
    for (Expr e : allExprs(s)) {
      visitExpr(e, v);
    }
    for (Stmt c : children(s)) {
      visit(c, v);
    }
  }

  private static void visitExpr(Expr e, ExprVisitor v) {
    v.visit(e);
    for (Expr k : e.kids()) {
      visitExpr(k, v);
    }
  }

  /** All expressions of a statement itself (not of nested statements), for visiting. */
  static List<Expr> allExprs(Stmt s) {
    List<Expr> out = new ArrayList<>(s.exprs());
    if (s instanceof For f) {
      out.addAll(f.init.exprs());
      out.add(f.update);
    } else if (s instanceof While w) {
      out.add(w.cond);
    } else if (s instanceof DoWhile d) {
      out.add(d.cond);
    } else if (s instanceof ForEach f) {
      out.add(f.array);
    } else if (s instanceof Switch sw) {
      out.add(sw.selector);
    }
    return out;
  }

  /** Nested statements: blocks' statements, an if's else-if. */
  static List<Stmt> children(Stmt s) {
    List<Stmt> out = new ArrayList<>();
    if (s instanceof Block b) {
      out.addAll(b.stmts);
      return out;
    }
    out.addAll(s.blocks());
    if (s instanceof If i && i.els instanceof If elseIf) {
      out.add(elseIf);
    }
    return out;
  }
}
