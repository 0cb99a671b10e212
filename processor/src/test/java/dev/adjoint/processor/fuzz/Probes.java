package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Assign;
import dev.adjoint.processor.fuzz.Ast.Block;
import dev.adjoint.processor.fuzz.Ast.Call;
import dev.adjoint.processor.fuzz.Ast.Decl;
import dev.adjoint.processor.fuzz.Ast.DoWhile;
import dev.adjoint.processor.fuzz.Ast.Expr;
import dev.adjoint.processor.fuzz.Ast.ExprStmt;
import dev.adjoint.processor.fuzz.Ast.For;
import dev.adjoint.processor.fuzz.Ast.ForEach;
import dev.adjoint.processor.fuzz.Ast.If;
import dev.adjoint.processor.fuzz.Ast.Method;
import dev.adjoint.processor.fuzz.Ast.Name;
import dev.adjoint.processor.fuzz.Ast.Program;
import dev.adjoint.processor.fuzz.Ast.Return;
import dev.adjoint.processor.fuzz.Ast.Step;
import dev.adjoint.processor.fuzz.Ast.Stmt;
import dev.adjoint.processor.fuzz.Ast.Switch;
import dev.adjoint.processor.fuzz.Ast.Ty;
import dev.adjoint.processor.fuzz.Ast.While;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adds to a program, beside each method {@code m}, a copy {@code mProbe} (not differentiated:
 * nothing annotated calls it) that hands every double it assigns, declares or returns to {@link
 * Magnitudes} and calls the probes of the methods it calls. The harness runs the probe at each
 * point to learn how large the method's values get there.
 */
final class Probes {
  static final String SUFFIX = "Probe";
  private static final String TRACK = Magnitudes.class.getName() + ".t";

  private Probes() {}

  static Program instrument(Program p) {
    Set<String> names = p.methods.stream().map(m -> m.name).collect(Collectors.toSet());
    Program out = p.copy();
    for (Method m : p.methods) {
      Method probe = new Method(m.name + SUFFIX, false, m.returns, m.params, m.body.copy());
      probe.comment = "the magnitudes of " + m.name + "'s values, for the oracles";
      probe.varargs = m.varargs;
      probe.instance = m.instance; // it reads the fields the method reads
      new Probes.Copy(names).block(probe.body);
      out.methods.add(probe);
    }
    return out;
  }

  private static final class Copy {
    private final Set<String> methods;

    Copy(Set<String> methods) {
      this.methods = methods;
    }

    void block(Block b) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : b.stmts) {
        out.add(statement(s));
        if (s instanceof Decl d && (d.ty == Ty.DOUBLE || d.ty == Ty.DARR || d.ty == Ty.DARR2)) {
          for (int i = 0; i < d.names.size(); i++) {
            if (d.inits.get(i) != null) {
              out.add(new ExprStmt(track(new Name(d.ty, d.names.get(i)))));
            }
          }
        }
      }
      b.stmts.clear();
      b.stmts.addAll(out);
    }

    private Stmt statement(Stmt s) {
      if (s instanceof Block b) {
        block(b);
      } else if (s instanceof Decl d) {
        d.inits.replaceAll(e -> e == null ? null : calls(e));
      } else if (s instanceof ExprStmt e) {
        e.e = calls(e.e);
        if ((e.e instanceof Assign || e.e instanceof Step) && e.e.ty == Ty.DOUBLE) {
          // The value an assignment leaves, read without evaluating its target twice.
          e.e = track(e.e);
        }
      } else if (s instanceof If i) {
        i.cond = calls(i.cond);
        block(i.then);
        if (i.els != null) {
          statement(i.els);
        }
      } else if (s instanceof For f) {
        f.init.inits.replaceAll(e -> e == null ? null : calls(e));
        f.cond = calls(f.cond);
        f.update = calls(f.update);
        block(f.body);
      } else if (s instanceof ForEach f) {
        f.array = calls(f.array);
        block(f.body);
      } else if (s instanceof While w) {
        w.cond = calls(w.cond);
        block(w.body);
      } else if (s instanceof DoWhile w) {
        w.cond = calls(w.cond);
        block(w.body);
      } else if (s instanceof Switch w) {
        w.selector = calls(w.selector);
        w.cases.forEach(c -> block(c.body));
      } else if (s instanceof Return r && r.e != null) {
        r.e = calls(r.e);
        if (r.e.ty == Ty.DOUBLE) {
          r.e = track(r.e);
        }
      }
      return s;
    }

    /** {@code e} with the calls of the program's methods made to their probes. */
    private Expr calls(Expr e) {
      List<Expr> kids = e.kids();
      for (int i = 0; i < kids.size(); i++) {
        e.setKid(i, calls(kids.get(i)));
      }
      if (e instanceof Call c && methods.contains(c.fn)) {
        return new Call(c.ty, c.fn + SUFFIX, c.args, c.onThis);
      }
      return e;
    }

    private static Expr track(Expr e) {
      return new Call(e.ty == Ty.DOUBLE ? Ty.DOUBLE : e.ty, TRACK, List.of(e));
    }
  }
}
