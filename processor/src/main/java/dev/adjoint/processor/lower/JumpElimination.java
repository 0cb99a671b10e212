package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces break, continue and early return with flags, the classic way: a jump sets its flag,
 * the statements after it run only while no flag is set, and loops stop when one is. What is
 * left is nested ifs and loops and one return at the end, which the reverse transformation
 * mirrors block for block (a jump would need the reverse sweep to know where it came from).
 */
final class JumpElimination {
  private final Set<String> names = new HashSet<>();
  private final Map<String, Var> broken = new HashMap<>();
  private final Map<String, Var> continued = new HashMap<>();
  private Var returned;
  private Var result;

  private JumpElimination(Function f) {
    f.params().forEach(p -> names.add(p.name()));
    Walk.statements(f.body(), s -> {
      if (s instanceof Stmt.Declare d) {
        names.add(d.var().name());
      }
    });
  }

  static Function apply(Function f) {
    JumpElimination run = new JumpElimination(f);
    List<Stmt> body = f.body();
    boolean earlyReturn = hasEarlyReturn(body);
    List<Stmt> out = new ArrayList<>();
    if (earlyReturn) {
      run.returned = Var.synthetic(run.fresh("returned"), Primitive.BOOLEAN);
      run.result = Var.synthetic(run.fresh("result"), f.returnType());
      out.add(new Stmt.Declare(run.returned, new Expr.Constant(Primitive.BOOLEAN, "false"), ""));
      out.add(new Stmt.Declare(run.result, new Expr.Constant(f.returnType(),
          f.returnType().isArray() ? "null" : "0.0"), ""));
    }
    out.addAll(run.block(body));
    if (earlyReturn) {
      out.add(new Stmt.Return(new Expr.Read(run.result), ""));
    }
    return f.withBody(out);
  }

  private static boolean hasEarlyReturn(List<Stmt> body) {
    boolean[] early = {false};
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      if (s instanceof Stmt.Return) {
        early[0] |= i != body.size() - 1;
      } else {
        Walk.statements(List.of(s), inner -> early[0] |= inner instanceof Stmt.Return);
      }
    }
    return early[0];
  }

  private String fresh(String base) {
    String name = base;
    for (int i = 2; names.contains(name); i++) {
      name = base + i;
    }
    names.add(name);
    return name;
  }

  /** A block with every jump replaced; statements after a possible jump run under a guard. */
  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Stmt s = statements.get(i);
      out.addAll(statement(s));
      Set<Var> exits = exits(s);
      if (!exits.isEmpty() && i + 1 < statements.size()) {
        List<Stmt> rest = block(statements.subList(i + 1, statements.size()));
        if (!rest.isEmpty()) {
          out.add(new Stmt.If(noneSet(exits), rest, List.of(), ""));
        }
        break;
      }
    }
    return out;
  }

  private List<Stmt> statement(Stmt s) {
    if (s instanceof Stmt.Return r && returned != null) {
      return List.of(new Stmt.Assign(result, null, r.value(), r.source()),
          new Stmt.Assign(returned, null, new Expr.Constant(Primitive.BOOLEAN, "true"), ""));
    }
    if (s instanceof Stmt.Break b) {
      return List.of(new Stmt.Assign(flag(broken, b.loopId(), "Broken"), null, TRUE, b.source()));
    }
    if (s instanceof Stmt.Continue c) {
      return List.of(new Stmt.Assign(flag(continued, c.loopId(), "Continued"), null, TRUE, c.source()));
    }
    if (s instanceof Stmt.If i) {
      return List.of(new Stmt.If(i.condition(), block(i.then()), block(i.otherwise()), i.source()));
    }
    if (s instanceof Stmt.Loop l) {
      return loop(l);
    }
    return List.of(s);
  }

  private static final Expr TRUE = new Expr.Constant(Primitive.BOOLEAN, "true");
  private static final Expr FALSE = new Expr.Constant(Primitive.BOOLEAN, "false");

  private List<Stmt> loop(Stmt.Loop l) {
    Set<Var> bodyExits = new LinkedHashSet<>();
    l.body().forEach(s -> bodyExits.addAll(exits(s)));
    Var cont = continued.get(l.id());
    Var brk = broken.get(l.id());
    List<Stmt> body = new ArrayList<>();
    if (cont != null) {
      body.add(new Stmt.Assign(cont, null, FALSE, ""));
    }
    body.addAll(block(l.body()));
    Set<Var> stopping = new LinkedHashSet<>(bodyExits);
    stopping.remove(cont);
    List<Stmt> update = l.update().isEmpty() || stopping.isEmpty()
        ? l.update() : List.of(new Stmt.If(noneSet(stopping), l.update(), List.of(), ""));
    Expr condition = stopping.isEmpty()
        ? l.condition() : new Expr.Binary(BinaryOp.AND, noneSet(stopping), l.condition(), Primitive.BOOLEAN);
    List<Stmt> out = new ArrayList<>();
    if (brk != null) {
      out.add(new Stmt.Declare(brk, FALSE, ""));
    }
    if (cont != null) {
      out.add(new Stmt.Declare(cont, FALSE, ""));
    }
    out.add(new Stmt.Loop(l.id(), condition, body, update, l.testFirst(), l.source()));
    return out;
  }

  private Var flag(Map<String, Var> flags, String loopId, String suffix) {
    return flags.computeIfAbsent(loopId, id -> Var.synthetic(fresh(id + suffix), Primitive.BOOLEAN));
  }

  /** The flags a statement may leave set when control leaves it. */
  private Set<Var> exits(Stmt s) {
    Set<Var> exits = new LinkedHashSet<>();
    if (s instanceof Stmt.Return && returned != null) {
      exits.add(returned);
    } else if (s instanceof Stmt.Break b) {
      exits.add(flag(broken, b.loopId(), "Broken"));
    } else if (s instanceof Stmt.Continue c) {
      exits.add(flag(continued, c.loopId(), "Continued"));
    } else if (s instanceof Stmt.If i) {
      i.then().forEach(inner -> exits.addAll(exits(inner)));
      i.otherwise().forEach(inner -> exits.addAll(exits(inner)));
    } else if (s instanceof Stmt.Loop l) {
      l.body().forEach(inner -> exits.addAll(exits(inner)));
      exits.remove(broken.get(l.id()));
      exits.remove(continued.get(l.id()));
    }
    return exits;
  }

  private static Expr noneSet(Set<Var> flags) {
    Expr condition = null;
    for (Var flag : flags) {
      Expr notSet = new Expr.Unary(UnaryOp.NOT, new Expr.Read(flag));
      condition = condition == null ? notSet : new Expr.Binary(BinaryOp.AND, condition, notSet, Primitive.BOOLEAN);
    }
    return condition;
  }
}
