package dev.adjoint.processor.transform;

import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.DerivativeRule;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoint of one statement {@code target = rhs}: walks {@code rhs} from the root down,
 * handing each operand its share of the adjoint, and adds what reaches a variable to that
 * variable's adjoint. Primal values are taken from what the forward sweep kept where it kept
 * them, and recomputed otherwise (cheap arithmetic, or inside a branch of {@code ?:}).
 */
final class StatementAdjoint {
  private final Expr root;
  private final Expr rootValue;
  private final Set<Var> varied;
  private final Map<Expr, Var> kept;
  private final Adjoints adjoints;
  private final FreshNames names;
  private Expr.Call split;
  private Var tape;

  /**
   * @param rootValue where the statement's new value can be read in the reverse sweep, or null
   *     if it must be recomputed
   * @param kept subexpressions whose values the forward sweep stored, and where
   */
  StatementAdjoint(Expr root, Expr rootValue, Set<Var> varied, Map<Expr, Var> kept, Adjoints adjoints,
      FreshNames names) {
    this.root = root;
    this.rootValue = rootValue;
    this.varied = varied;
    this.kept = kept;
    this.adjoints = adjoints;
    this.names = names;
  }

  /**
   * The call of this statement that the forward sweep made with {@code mForward}: its adjoint
   * is {@code mReverse}, whatever the callee's parameters.
   */
  StatementAdjoint splitting(Expr.Call call, Var tape) {
    this.split = call;
    this.tape = tape;
    return this;
  }

  /**
   * Adjoint code for a statement that assigns {@code target} (null for the return statement)
   * whose adjoint is {@code seed}.
   *
   * @param resetTarget whether earlier statements may add to the target's adjoint, which must
   *     then start again from zero for the value the target held before this statement
   */
  List<Stmt> generate(Var target, Expr seed, boolean resetTarget) {
    boolean selfReferential = target != null && Derivatives.carrierVars(root).contains(target);
    Sink sink = Sink.top(adjoints);
    if (selfReferential && containsConditional(root)) {
      // Contributions to the target arise inside branches: take its adjoint out first.
      Var incoming = Var.synthetic(names.fresh(adjoints.of(target).name() + "In"), Primitive.DOUBLE);
      sink.out.add(new Stmt.Declare(incoming, seed, ""));
      adjoints.set(target, dev.adjoint.processor.ir.Exprs.ZERO, sink.out);
      propagate(root, new Expr.Read(incoming), sink);
      flush(sink, null);
      return sink.out;
    }
    propagate(root, seed, sink);
    List<Expr> toTarget = target == null ? List.of() : sink.takePending(target);
    flush(sink, target);
    if (selfReferential) {
      Expr updated = adjoints.sum(toTarget);
      if (!updated.equals(seed)) {
        adjoints.set(target, updated, sink.out);
      }
    } else if (resetTarget) {
      adjoints.set(target, dev.adjoint.processor.ir.Exprs.ZERO, sink.out);
    }
    return sink.out;
  }

  private void flush(Sink sink, Var skip) {
    for (var entry : sink.pending().entrySet()) {
      Expr sum = adjoints.sum(entry.getValue());
      if (entry.getKey() instanceof Expr.ArrayRead element) {
        sink.out.add(new Stmt.ArrayStore(element.array(), element.index(), BinaryOp.ADD, sum, ""));
      } else if (entry.getKey() != skip) {
        adjoints.accumulate((Var) entry.getKey(), sum, sink.out);
      }
    }
  }

  private static boolean containsConditional(Expr e) {
    if (e instanceof Expr.Conditional) {
      return true;
    }
    return Derivatives.children(e).stream().anyMatch(StatementAdjoint::containsConditional);
  }

  private boolean isVaried(Expr e) {
    return Derivatives.isVaried(e, varied);
  }

  /**
   * Binds a non-trivial adjoint to a local so that using it twice computes it once; an equal
   * adjoint bound before is read again (the terms {@code c_k * x * ... * x} of a polynomial all
   * need {@code seed * x}, {@code seed * x * x}, ...).
   */
  private Expr share(Expr adjoint, Sink sink) {
    if (FreshNames.isAtomic(adjoint)) {
      return adjoint;
    }
    Var t = sink.sharedAs(adjoint);
    if (t == null) {
      t = Var.synthetic(names.fresh("tempBar"), Primitive.DOUBLE);
      sink.out.add(new Stmt.Declare(t, adjoint, ""));
      sink.rememberShared(adjoint, t);
    }
    return new Expr.Read(t);
  }

  private void propagate(Expr e, Expr adjoint, Sink sink) {
    if (!isVaried(e)) {
      return;
    }
    if (e instanceof Expr.Read r) {
      sink.add(r.var(), adjoint);
    } else if (e instanceof Expr.Unary u) {
      propagate(u.operand(), u.op() == UnaryOp.NEG ? neg(adjoint) : adjoint, sink);
    } else if (e instanceof Expr.Cast c) {
      propagate(c.operand(), adjoint, sink);
    } else if (e instanceof Expr.Binary b) {
      binary(b, adjoint, sink);
    } else if (e instanceof Expr.Conditional c) {
      Expr a = share(adjoint, sink);
      Sink ifTrue = sink.branch();
      Sink ifFalse = sink.branch();
      propagate(c.ifTrue(), a, ifTrue);
      propagate(c.ifFalse(), a, ifFalse);
      sink.branches(value(c.condition(), sink), ifTrue, ifFalse);
    } else if (e instanceof Expr.MathCall m) {
      mathCall(m, adjoint, sink);
    } else if (e instanceof Expr.Call c) {
      call(c, adjoint, sink);
    } else if (e instanceof Expr.ArrayRead a) {
      Expr adjointArray = adjoints.arrayOf(a.array(), index -> value(index, sink));
      sink.addElement(new Expr.ArrayRead(adjointArray, value(a.index(), sink), Primitive.DOUBLE), adjoint);
    } else {
      throw new IllegalStateException("no adjoint for " + e);
    }
  }

  private void binary(Expr.Binary b, Expr adjoint, Sink sink) {
    boolean left = isVaried(b.left());
    boolean right = isVaried(b.right());
    Expr a = left && right ? share(adjoint, sink) : adjoint;
    switch (b.op()) {
      case ADD -> {
        propagate(b.left(), a, sink);
        propagate(b.right(), a, sink);
      }
      case SUB -> {
        propagate(b.left(), a, sink);
        propagate(b.right(), neg(a), sink);
      }
      case MUL -> {
        if (left) {
          propagate(b.left(), mul(a, value(b.right(), sink)), sink);
        }
        if (right) {
          propagate(b.right(), mul(a, value(b.left(), sink)), sink);
        }
      }
      case DIV -> {
        // d(l/r) = dl / r - (l/r) dr / r: one division shared by both operands.
        Expr quotient = div(adjoint, value(b.right(), sink));
        Expr q = left && right ? share(quotient, sink) : quotient;
        if (left) {
          propagate(b.left(), q, sink);
        }
        if (right) {
          propagate(b.right(), neg(mul(q, value(b, sink))), sink);
        }
      }
      case REM -> {
        // l % r = l - r * trunc(l / r), and trunc(l / r) = (l - l % r) / r.
        if (left) {
          propagate(b.left(), a, sink);
        }
        if (right) {
          Expr truncated = div(sub(value(b.left(), sink), value(b, sink)), value(b.right(), sink));
          propagate(b.right(), neg(mul(a, truncated)), sink);
        }
      }
      default -> throw new IllegalStateException("not arithmetic: " + b.op());
    }
  }

  private void mathCall(Expr.MathCall m, Expr adjoint, Sink sink) {
    DerivativeTable.Rule rule = DerivativeTable.of(m);
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < m.args().size(); i++) {
      if (isVaried(m.args().get(i))) {
        active.add(i);
      }
    }
    Expr a = active.size() > 1 ? share(adjoint, sink) : adjoint;
    List<Expr> args = m.args().stream().map(arg -> value(arg, sink)).toList();
    var site = new DerivativeTable.Site(m.owner(), args, rule.usesResult() ? value(m, sink) : null);
    for (int i : active) {
      propagate(m.args().get(i), mul(a, rule.partial(i, site)), sink);
    }
  }

  /**
   * A callee with array parameters: its {@code mVjp} (or, if it writes into arrays, {@code
   * mVjpInOut}, which replaces the written ones' adjoints) takes the caller's adjoint arrays and
   * the seed; scalar partials come back in the adjoint object's fields.
   */
  private void callThroughAdjoint(Expr.Call c, Expr adjoint, Sink sink, Var tape) {
    if (c.callee().rule() != null) {
      ruleVjp(c, adjoint, sink);
      return;
    }
    Var target = Var.synthetic(names.fresh(c.callee().name() + "Adjoint"), c.callee().adjointClass());
    java.util.Map<String, Expr> arrays = new java.util.LinkedHashMap<>();
    List<Callee.Param> params = c.callee().params();
    for (int i = 0; i < params.size(); i++) {
      Expr arg = c.args().get(i);
      // A written array's adjoint flows in and out even where the array did not vary before.
      boolean written = params.get(i).written() && adjoints.isDeclared(dev.adjoint.processor.ir.Exprs.rootVar(arg));
      if (params.get(i).active() && params.get(i).type().isArray() && (isVaried(arg) || written)) {
        arrays.put(params.get(i).name(), adjoints.arrayOf(arg, index -> value(index, sink)));
      }
    }
    List<Expr> args = c.args().stream().map(arg -> value(arg, sink)).toList();
    sink.out.add(new Stmt.AdjointCall(new Expr.Call(c.callee(), args, c.origin(), c.argOrigins()), adjoint, target,
        arrays, tape));
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).active() && !params.get(i).type().isArray()) {
        propagate(c.args().get(i), new Expr.Field(target, params.get(i).name(), Primitive.DOUBLE), sink);
      }
    }
  }

  /**
   * {@code Rules.fVjp(args, [result,] seed, adjoints)}: the user's VJP rule adds into the
   * adjoint arrays of the arguments, zeros for an argument that does not vary (the rule adds into
   * every array it is given). The result, if the rule takes it, is read where the forward sweep
   * left it or computed again.
   */
  private void ruleVjp(Expr.Call c, Expr adjoint, Sink sink) {
    DerivativeRule rule = c.callee().rule();
    List<Expr> all = new ArrayList<>();
    c.args().forEach(arg -> all.add(value(arg, sink)));
    if (rule.takesResult()) {
      all.add(value(c, sink));
    }
    all.add(adjoint);
    for (int i = 0; i < c.args().size(); i++) {
      if (rule.active(i)) {
        Expr arg = c.args().get(i);
        all.add(isVaried(arg) ? adjoints.arrayOf(arg, index -> value(index, sink))
            : new Expr.ZerosLike(all.get(i), (dev.adjoint.processor.ir.ArrayType) rule.params().get(i)));
      }
    }
    List<Callee.Param> params = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      params.add(new Callee.Param("a" + k, all.get(k).type(), false, false));
    }
    Callee invoked = new Callee(rule.ruleOwner(), rule.rule(), params, Primitive.DOUBLE, false, false, false, false,
        rule);
    sink.out.add(new Stmt.Invoke(new Expr.Call(invoked, all, c.origin(),
        java.util.Collections.nCopies(all.size(), c.origin())), ""));
  }

  private void call(Expr.Call c, Expr adjoint, Sink sink) {
    if (c.equals(split)) {
      callThroughAdjoint(c, adjoint, sink, tape);
      return;
    }
    // With arrays, the callee adds straight into the caller's adjoint arrays: no gradient array
    // is allocated per call.
    // (A callee with record parameters too: its gradient method takes the records, its mVjp the
    // components the caller holds.)
    if (c.callee().writesArrays() || c.callee().returnsArray() || c.callee().takesRecords()
        || c.callee().params().stream().anyMatch(p -> p.active() && p.type().isArray())) {
      callThroughAdjoint(c, adjoint, sink, null);
      return;
    }
    Var gradient = gradient(c, sink);
    List<Callee.Param> params = c.callee().params();
    long activeArgs = java.util.stream.IntStream.range(0, params.size())
        .filter(i -> params.get(i).active() && isVaried(c.args().get(i)))
        .count();
    Expr a = activeArgs > 1 ? share(adjoint, sink) : adjoint;
    for (int i = 0; i < params.size(); i++) {
      Callee.Param param = params.get(i);
      if (!param.active() || !isVaried(c.args().get(i))) {
        continue;
      }
      // Only scalar parameters here: calls with arrays go through callThroughAdjoint.
      Expr partial = new Expr.Component(new Expr.Read(gradient), param.name(), param.type());
      propagate(c.args().get(i), mul(a, partial), sink);
    }
  }

  /** The callee's gradient record at this call's arguments, computed once per branch. */
  private Var gradient(Expr.Call c, Sink sink) {
    Var existing = sink.gradientOf(c);
    if (existing != null) {
      return existing;
    }
    List<Expr> args = c.args().stream().map(arg -> value(arg, sink)).toList();
    Var record = Var.synthetic(names.fresh(c.callee().name() + "Gradient"), c.callee().gradientRecord());
    sink.out.add(new Stmt.Declare(record, new Expr.GradientCall(c.callee(), args), ""));
    sink.rememberGradient(c, record);
    return record;
  }

  /** The primal value of {@code e} at this point of the reverse sweep. */
  private Expr value(Expr e, Sink sink) {
    return value(e, sink, true);
  }

  /**
   * The primal value of {@code e}, computed once per branch of the adjoint code: the adjoint of
   * {@code a1 * a2 * ... * an} reads every prefix product, and each would otherwise be written
   * out again from the start, n² operations in all. A value larger than {@link #INLINE_NODES}
   * goes into a local where first needed, so the next prefix is that local times one factor.
   * Only where the primal surely computed it ({@code mayDeclare}): not inside a branch of
   * {@code ?:} or the right of {@code &&}, which may not run (and an array index there may be
   * out of bounds).
   */
  private Expr value(Expr e, Sink sink, boolean mayDeclare) {
    if (e instanceof Expr.Read || e instanceof Expr.Constant || e instanceof Expr.StaticField) {
      return e;
    }
    Var stored = kept.get(e);
    if (stored != null) {
      return new Expr.Read(stored);
    }
    if (e == root && rootValue != null) {
      return rootValue;
    }
    if (e instanceof Expr.Call c) {
      Var gradient = sink.gradientOf(c);
      if (gradient != null) {
        return new Expr.Component(new Expr.Read(gradient), "value", Primitive.DOUBLE);
      }
    }
    Expr known = sink.valueOf(e);
    if (known != null) {
      return known;
    }
    Expr computed;
    if (e instanceof Expr.Conditional c) {
      computed = new Expr.Conditional(value(c.condition(), sink, mayDeclare), value(c.ifTrue(), sink, false),
          value(c.ifFalse(), sink, false), c.type());
    } else if (e instanceof Expr.Binary b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
      computed = new Expr.Binary(b.op(), value(b.left(), sink, mayDeclare), value(b.right(), sink, false), b.type());
    } else {
      computed = Rebuild.mapChildren(e, child -> value(child, sink, mayDeclare));
    }
    if (mayDeclare && computed.type() instanceof Primitive type && !(e instanceof Expr.Call)
        && nodes(computed, INLINE_NODES + 1) > INLINE_NODES) {
      Var local = Var.synthetic(names.fresh("primal"), type);
      sink.out.add(new Stmt.Declare(local, computed, ""));
      computed = new Expr.Read(local);
    }
    sink.rememberValue(e, computed);
    return computed;
  }

  /** Values up to this many nodes are written where they are used, as the primal wrote them. */
  private static final int INLINE_NODES = 8;

  /** The number of nodes of {@code e}, counted up to {@code limit}. */
  private static int nodes(Expr e, int limit) {
    int count = 1;
    for (Expr child : dev.adjoint.processor.ir.Walk.children(e)) {
      if (count >= limit) {
        break;
      }
      count += nodes(child, limit - count);
    }
    return count;
  }

}
