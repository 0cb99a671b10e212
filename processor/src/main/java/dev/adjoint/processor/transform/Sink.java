package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one statement's adjoint code goes. At the statement's top level, contributions to the
 * same variable are collected and summed into one update; inside a branch of {@code ?:} they
 * are added where they arise, and the variables they touch are declared before the branch.
 */
final class Sink {
  final List<Stmt> out = new ArrayList<>();
  private final Sink parent;
  /** Contributions by where they go: a variable's adjoint, or an element of an adjoint array. */
  private final Map<Object, List<Expr>> pending;
  private final Set<Var> touched = new LinkedHashSet<>();
  private final Map<Expr, Var> gradients = new HashMap<>();
  private final Map<Expr, Expr> values = new java.util.IdentityHashMap<>();
  private final Map<Expr, Var> shared = new HashMap<>();
  private final Adjoints adjoints;

  private Sink(Sink parent, Adjoints adjoints, boolean collect) {
    this.parent = parent;
    this.adjoints = adjoints;
    this.pending = collect ? new LinkedHashMap<>() : null;
  }

  static Sink top(Adjoints adjoints) {
    return new Sink(null, adjoints, true);
  }

  Sink branch() {
    return new Sink(this, adjoints, false);
  }

  void add(Var v, Expr contribution) {
    if (pending != null) {
      pending.computeIfAbsent(v, k -> new ArrayList<>()).add(contribution);
    } else {
      // Declared before the branch by the enclosing statement (see branches), never in it.
      touched.add(v);
      adjoints.add(v, contribution, out);
    }
  }

  /** Adds to an element of an adjoint array, {@code element} being e.g. {@code aBar[i]}. */
  void addElement(Expr.ArrayRead element, Expr contribution) {
    if (pending != null) {
      pending.computeIfAbsent(element, k -> new ArrayList<>()).add(contribution);
    } else {
      out.add(new Stmt.ArrayStore(element.array(), element.index(), dev.adjoint.processor.ir.BinaryOp.ADD,
          contribution, ""));
    }
  }

  /** Takes the collected contributions to {@code v} out of the pending sums. */
  List<Expr> takePending(Var v) {
    List<Expr> taken = pending == null ? null : pending.remove(v);
    return taken == null ? List.of() : taken;
  }

  Map<Object, List<Expr>> pending() {
    return pending;
  }

  /** The gradient record already computed for a call in this branch or an enclosing one. */
  Var gradientOf(Expr call) {
    for (Sink s = this; s != null; s = s.parent) {
      Var v = s.gradients.get(call);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  void rememberGradient(Expr call, Var record) {
    gradients.put(call, record);
  }

  /**
   * The primal value of a node of the statement (this very node: compared by identity) as this
   * branch or an enclosing one already computed it, or null.
   */
  Expr valueOf(Expr node) {
    for (Sink s = this; s != null; s = s.parent) {
      Expr v = s.values.get(node);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  void rememberValue(Expr node, Expr value) {
    values.put(node, value);
  }

  /** The local this branch or an enclosing one already bound {@code adjoint} to, or null. */
  Var sharedAs(Expr adjoint) {
    for (Sink s = this; s != null; s = s.parent) {
      Var v = s.shared.get(adjoint);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  void rememberShared(Expr adjoint, Var local) {
    shared.put(adjoint, local);
  }

  /** Emits {@code if (condition) { ifTrue } else { ifFalse }}, declaring what they add to. */
  void branches(Expr condition, Sink ifTrue, Sink ifFalse) {
    if (ifTrue.out.isEmpty() && ifFalse.out.isEmpty()) {
      return;
    }
    Set<Var> both = new LinkedHashSet<>(ifTrue.touched);
    both.addAll(ifFalse.touched);
    for (Var v : both) {
      if (pending != null) {
        adjoints.declareZero(v, out);
      } else {
        touched.add(v);
      }
    }
    if (ifTrue.out.isEmpty()) {
      out.add(new Stmt.If(dev.adjoint.processor.ir.Exprs.not(condition), ifFalse.out, List.of(), ""));
    } else {
      out.add(new Stmt.If(condition, ifTrue.out, ifFalse.out, ""));
    }
  }
}
