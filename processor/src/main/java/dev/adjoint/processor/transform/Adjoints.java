package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoint variable of each primal variable ({@code x} -> {@code xBar}), declared where it
 * first receives a contribution so that the reverse sweep reads as straight code.
 */
final class Adjoints {
  private final FreshNames names;
  private final Map<Var, Var> adjoints = new HashMap<>();
  private final Set<Var> declared = new HashSet<>();

  /** Whether sums of contributions combine like terms ({@link LikeTerms}). */
  private final boolean likeTerms;

  Adjoints(FreshNames names, boolean likeTerms) {
    this.names = names;
    this.likeTerms = likeTerms;
  }

  /** One statement's contributions to one adjoint, summed. */
  Expr sum(List<Expr> contributions) {
    return likeTerms ? LikeTerms.sum(contributions) : dev.adjoint.processor.ir.Exprs.sum(contributions);
  }

  /** Declarations that code inside blocks needed, for the top of the reverse sweep. */
  private final List<Stmt> hoisted = new java.util.ArrayList<>();
  private int depth;

  /** Generating code inside a branch or a loop, where an adjoint cannot be declared in place. */
  void enterBlock() {
    depth++;
  }

  void exitBlock() {
    depth--;
  }

  boolean inBlock() {
    return depth > 0;
  }

  List<Stmt> hoistedDeclarations() {
    return hoisted;
  }

  /** Inside a block, declares {@code xBar = 0} at the top of the reverse sweep if not yet declared. */
  void ensureDeclared(Var primal) {
    Var bar = of(primal);
    if (depth > 0 && declared.add(bar)) {
      hoisted.add(new Stmt.Declare(bar, dev.adjoint.processor.ir.Exprs.ZERO, ""));
    }
  }

  Var of(Var primal) {
    return adjoints.computeIfAbsent(primal, v -> Var.synthetic(names.fresh(v.name() + "Bar"),
        v.type().isArray() ? v.type().derivative() : Primitive.DOUBLE));
  }

  /** Every scalar adjoint variable made so far. */
  Set<Var> scalars() {
    Set<Var> out = new HashSet<>();
    adjoints.values().stream().filter(v -> !v.type().isArray()).forEach(out::add);
    return out;
  }

  /** The adjoints that {@link #hoistedDeclarations} declare, each as zero. */
  Set<Var> hoistedZeros() {
    Set<Var> out = new HashSet<>();
    for (Stmt s : hoisted) {
      if (s instanceof Stmt.Declare d && d.init() != null && dev.adjoint.processor.ir.Exprs.isZero(d.init())) {
        out.add(d.var());
      }
    }
    return out;
  }

  /** Every adjoint variable of an array made so far. */
  Set<Var> arrays() {
    Set<Var> out = new HashSet<>();
    adjoints.values().stream().filter(v -> v.type().isArray()).forEach(out::add);
    return out;
  }

  /** An adjoint array, declared by the forward sweep beside its primal array. */
  void declaredInForwardSweep(Var primal) {
    declared.add(of(primal));
  }

  /** The adjoint of an array expression: {@code aBar} for {@code a}, {@code mBar[i]} for {@code m[i]}. */
  Expr arrayOf(Expr array, java.util.function.UnaryOperator<Expr> index) {
    if (array instanceof Expr.Read r) {
      return new Expr.Read(of(r.var()));
    }
    Expr.ArrayRead row = (Expr.ArrayRead) array;
    return new Expr.ArrayRead(arrayOf(row.array(), index), index.apply(row.index()), row.type());
  }

  boolean isDeclared(Var primal) {
    return declared.contains(of(primal));
  }

  /** {@code double xBar = c;} the first time, {@code xBar += c;} after. */
  void accumulate(Var primal, Expr contribution, List<Stmt> out) {
    ensureDeclared(primal);
    Var bar = of(primal);
    if (declared.add(bar)) {
      out.add(new Stmt.Declare(bar, contribution, ""));
    } else {
      out.add(new Stmt.Assign(bar, BinaryOp.ADD, contribution, ""));
    }
  }

  /** {@code xBar += c;}, for code inside a branch whose enclosing code declared {@code xBar}. */
  void add(Var primal, Expr contribution, List<Stmt> out) {
    ensureDeclared(primal);
    out.add(new Stmt.Assign(of(primal), BinaryOp.ADD, contribution, ""));
  }

  /** Declares {@code xBar = 0} ahead of code that only adds to it (inside a branch). */
  void declareZero(Var primal, List<Stmt> out) {
    ensureDeclared(primal);
    Var bar = of(primal);
    if (declared.add(bar)) {
      out.add(new Stmt.Declare(bar, dev.adjoint.processor.ir.Exprs.ZERO, ""));
    }
  }

  void set(Var primal, Expr value, List<Stmt> out) {
    ensureDeclared(primal);
    out.add(new Stmt.Assign(of(primal), null, value, ""));
  }
}
