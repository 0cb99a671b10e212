package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the declarations of variables declared in branches and loop bodies to the top of the
 * function, with a zero value, leaving an assignment where the declaration was. The reverse
 * sweep mirrors each block in a block of its own, so it can only see variables of the method's
 * top level; and a loop-body variable is then one variable overwritten by each iteration, which
 * is what the to-be-recorded analysis reasons about.
 */
final class HoistDeclarations {
  private HoistDeclarations() {}

  static Function apply(Function f) {
    List<Stmt> hoisted = new ArrayList<>();
    List<Stmt> body = new ArrayList<>();
    for (Stmt s : f.body()) {
      body.add(nestedOnly(s, hoisted));
    }
    List<Stmt> all = new ArrayList<>(hoisted);
    all.addAll(body);
    return f.withBody(all);
  }

  /** Top-level statements keep their declarations; those inside them are hoisted. */
  private static Stmt nestedOnly(Stmt s, List<Stmt> hoisted) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), hoist(i.then(), hoisted), hoist(i.otherwise(), hoisted), i.source());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.id(), l.condition(), hoist(l.body(), hoisted), hoist(l.update(), hoisted),
          l.testFirst(), l.source());
    }
    return s;
  }

  private static List<Stmt> hoist(List<Stmt> block, List<Stmt> hoisted) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Declare d) {
        hoisted.add(new Stmt.Declare(d.var(), Exprs.zeroOf(d.var().type()), ""));
        if (d.init() != null) {
          out.add(new Stmt.Assign(d.var(), null, d.init(), d.source()));
        }
      } else {
        out.add(nestedOnly(s, hoisted));
      }
    }
    return out;
  }
}
