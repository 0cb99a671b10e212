package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of reverse mode over a function: walks its statements in program order, emitting each
 * one's forward sweep (the primal, plus what its reverse needs kept, through a {@link TapeFrame})
 * and collecting its reverse step; the reverse sweep is those steps last to first. Each
 * statement's reverse reads back what its frame kept, then runs the statement's adjoint ({@link
 * StatementAdjoint}) under the primal statement as a comment, then puts back the value the
 * statement overwrote, so that every adjoint sees the values its primal saw.
 */
final class ReverseSweep {
  /** What the reverse sweep does for one statement, emitted when the sweep reaches it. */
  @FunctionalInterface
  interface ReverseStep {
    void emit(List<Stmt> reverse);
  }

  private final Sweep sweep;
  private final Function f;
  private final Analysis analysis;
  private final Adjoints adjoints;
  private final FreshNames names;
  /** Whether loops of sums may be reversed iteration by iteration. */
  private final boolean fuse;
  private final SplitCalls splitCalls;
  private final LoopReversal loops;
  private Var value;
  /** The contents of parameters {@code mVjpInOut} writes in place, put back at its end. */
  private final List<Stmt.PushRange> restoredInPlace = new ArrayList<>();

  ReverseSweep(Sweep sweep, boolean fuse) {
    this.sweep = sweep;
    this.f = sweep.f;
    this.analysis = sweep.analysis;
    this.adjoints = sweep.adjoints;
    this.names = sweep.names;
    this.fuse = fuse;
    this.splitCalls = new SplitCalls(sweep);
    this.loops = new LoopReversal(sweep, this);
  }

  /** Whether a loop of sums was reversed in the forward sweep, as asked. */
  boolean reversedInForwardSweep() {
    return loops.reversedInForwardSweep();
  }

  VjpFunction run() {
    List<Stmt> forward = new ArrayList<>();
    forward.add(new Stmt.Comment("Forward sweep: the primal, keeping what the reverse sweep reads."));
    List<Stmt> parameters = new ArrayList<>();
    arrayParameters(parameters);
    forward.addAll(parameters);
    List<ReverseStep> steps = forwardBlock(f.body(), forward, false);
    List<Stmt> reverse = new ArrayList<>();
    emitReverse(steps, reverse);
    if (sweep.on(Optimization.ELEMENT_SUMS)) {
      forward = new ArrayList<>(ElementSums.apply(forward, adjoints.arrays(), names));
      reverse = new ArrayList<>(ElementSums.apply(reverse, adjoints.arrays(), names));
    }
    if (sweep.on(Optimization.ZERO_ADJOINTS)) {
      // The adjoints declared for blocks start at zero where their declarations go, below.
      boolean fused = loops.reversedInForwardSweep();
      forward = new ArrayList<>(ZeroAdjoints.apply(forward, adjoints.scalars(),
          fused ? adjoints.hoistedZeros() : Set.of()));
      reverse = new ArrayList<>(ZeroAdjoints.apply(reverse, adjoints.scalars(),
          fused ? Set.of() : adjoints.hoistedZeros()));
    }
    List<Stmt> body = new ArrayList<>();
    if (sweep.tapeIfUsed() != null && (!fuse || usesTape(forward) || usesTape(reverse))) {
      // (Iterations reversed in the forward sweep may keep all they keep in locals.)
      body.add(new Stmt.Declare(sweep.tape(), null, ""));
    }
    if (loops.reversedInForwardSweep()) {
      // Iterations reversed in the forward sweep use the adjoints declared for blocks.
      forward.addAll(1 + parameters.size(), adjoints.hoistedDeclarations());
    }
    body.addAll(forward);
    int reverseFrom = body.size();
    body.add(new Stmt.Comment("Reverse sweep: adjoints, last statement first."));
    if (!loops.reversedInForwardSweep()) {
      body.addAll(adjoints.hoistedDeclarations());
    }
    body.addAll(reverse);
    addOutputs(body);
    for (int i = restoredInPlace.size() - 1; i >= 0; i--) {
      Stmt.PushRange push = restoredInPlace.get(i);
      body.add(new Stmt.PopRange(push.stack(), push.array(), push.from(), push.count(), push.site()));
    }
    // The run that reverses iterations in the forward sweep makes mVjp only: see ReverseMode.
    VjpFunction.Split split = (sweep.inOut && !splitsInOut()) || fuse || f.returnType() != Primitive.DOUBLE ? null
        : SplitHalves.of(sweep, forward, parameters, body.subList(reverseFrom, body.size()));
    if (split != null && split.joint() && sweep.inOut) {
      split = SplitHalves.jointInOut(sweep, restoredInPlace);
    }
    return new VjpFunction(f, sweep.seed, sweep.adjointParam, body, value, sweep.inOut, split);
  }

  /**
   * Whether this {@code mVjpInOut} comes with split halves, {@code mForwardInOut} and {@code
   * mReverseInOut}: when it works on every array it writes in place, so that its forward half
   * leaves them written as the primal does. Callers decide the same from the parameters ({@link
   * Callee#hasSplitInOut}).
   */
  private boolean splitsInOut() {
    List<Callee.Param> params = f.params().stream()
        .map(p -> new Callee.Param(p.name(), p.type(), p.isActiveInput(), analysis.writtenArrays().contains(p)))
        .toList();
    return sweep.on(Optimization.SPLIT_IN_OUT) && sweep.on(Optimization.IN_OUT_IN_PLACE)
        && Callee.hasSplitInOut(params);
  }

  /**
   * Whether the call statement {@code invoke} runs in split mode: the callee has split in-out
   * sweeps, and no argument reads an array the call writes (the reverse half gets its arguments
   * evaluated while the arrays hold what the call wrote, not what it read). An inactive call,
   * whose reverse only puts the arrays back, keeps its snapshots.
   */
  private boolean splitInOut(Stmt.Invoke invoke, boolean active) {
    if (!active || !invoke.call().callee().splitInOut() || !sweep.on(Optimization.SPLIT_IN_OUT)
        || !sweep.on(Optimization.IN_OUT_IN_PLACE)) {
      return false;
    }
    Set<Var> written = new HashSet<>();
    for (Expr a : Analysis.arraysWrittenByCall(invoke)) {
      // An array the method allocated is known by fewer names at the call than in the method.
      Set<Var> names = freshArrays().namesAt(invoke, Exprs.rootVar(a));
      written.addAll(names != null ? names : analysis.aliasesOf(Exprs.rootVar(a)));
    }
    List<Callee.Param> params = invoke.call().callee().params();
    for (int i = 0; i < params.size(); i++) {
      Expr arg = invoke.call().args().get(i);
      Set<Var> reads = new HashSet<>(Derivatives.allVars(arg));
      if (params.get(i).written()) {
        // The array itself is what the call writes; only where it is must stay put.
        reads.remove(Exprs.rootVar(arg));
      }
      if (reads.stream().anyMatch(written::contains)) {
        return false;
      }
    }
    return true;
  }

  private dev.adjoint.processor.analysis.FreshArrays freshArrays;

  private dev.adjoint.processor.analysis.FreshArrays freshArrays() {
    if (freshArrays == null) {
      freshArrays = dev.adjoint.processor.analysis.FreshArrays.of(f.body());
    }
    return freshArrays;
  }

  /** Whether {@code statements} push, pop, or hand the tape to a callee's split sweeps. */
  private boolean usesTape(List<Stmt> statements) {
    Var tape = sweep.tapeIfUsed();
    boolean[] uses = {Walk.mentionedVars(statements).contains(tape)};
    Walk.statements(statements, s -> {
      uses[0] |= s instanceof Stmt.AdjointCall a && tape.equals(a.tape());
      for (Expr e : Walk.allExpressions(s)) {
        Walk.nodes(e, node -> uses[0] |= node instanceof Expr.ForwardCall f && tape.equals(f.tape()));
      }
    });
    return uses[0];
  }

  private void addOutputs(List<Stmt> body) {
    for (Var p : f.activeParams()) {
      if (!p.type().isArray() && adjoints.isDeclared(p)) {
        body.add(new Stmt.AccumulateOutput(sweep.adjointParam, p.name(), new Expr.Read(adjoints.of(p))));
      } else if (inPlace(p) && p.isActiveInput()) {
        // The caller's adjoint array was the adjoint all along.
        continue;
      } else if (p.type().isArray() && analysis.writtenArrays().contains(p) && analysis.mayCarryDerivative(p)) {
        body.add(new Stmt.AllocateOutput(sweep.adjointParam, p.name(), new Expr.Read(p)));
        Expr caller = new Expr.OutputField(sweep.adjointParam, p.name(), p.type().derivative());
        body.add(sweep.inOut ? new Stmt.CopyInto(new Expr.Read(adjoints.of(p)), caller)
            : new Stmt.AddScaled(caller, Exprs.ONE, new Expr.Read(adjoints.of(p))));
      }
      // Otherwise an array parameter's adjoint is the caller's array itself, added to in place.
    }
  }

  /**
   * Array parameters: a private copy of each one the method writes into, so the caller's
   * array is never changed, and the caller's adjoint array (allocated if absent) as the
   * adjoint of each active one.
   *
   * <p>{@code mVjpInOut}, which only generated reverse sweeps call, works on a written {@code
   * double[]} and its adjoint in place instead (optimisation {@code inOutInPlace}): the contents
   * go on the tape at its entry and come back at its end, and the caller's adjoint array, which
   * holds the adjoint of the final contents, becomes that of the initial ones. So a loop calling
   * such a method allocates nothing per call.
   */
  private void arrayParameters(List<Stmt> forward) {
    Set<Var> written = analysis.writtenArrays();
    requireDistinctArrays(written, forward);
    for (Var p : f.params()) {
      if (!p.type().isArray()) {
        continue;
      }
      if (inPlace(p)) {
        Stmt.PushRange push = new Stmt.PushRange(sweep.tape(), new Expr.Read(p), Exprs.zeroOf(Primitive.INT),
            new Expr.Length(new Expr.Read(p)), sweep.site(p.name() + " contents"));
        forward.add(push);
        restoredInPlace.add(push);
      } else if (written.contains(p)) {
        forward.add(new Stmt.Assign(p, null, new Expr.CopyOf(new Expr.Read(p), (ArrayType) p.type()), ""));
      }
      if (!analysis.mayCarryDerivative(p)) {
        continue;
      }
      Var bar = adjoints.of(p);
      if (sweep.inOut && p.isActiveInput() && written.contains(p)) {
        // In: the adjoint of the final contents, which the caller hands over.
        forward.add(new Stmt.AllocateOutput(sweep.adjointParam, p.name(), new Expr.Read(p)));
        Expr callers = new Expr.OutputField(sweep.adjointParam, p.name(), p.type().derivative());
        forward.add(new Stmt.Declare(bar, inPlace(p) ? callers : new Expr.CopyOf(callers, ((ArrayType) p.type()).derivative()), ""));
        adjoints.declaredInForwardSweep(p);
        continue;
      }
      if (p.isActiveInput() && !written.contains(p)) {
        // Only added to: the caller's adjoint array itself can be the adjoint.
        forward.add(new Stmt.AllocateOutput(sweep.adjointParam, p.name(), new Expr.Read(p)));
        forward.add(new Stmt.Declare(bar, new Expr.OutputField(sweep.adjointParam, p.name(), p.type().derivative()), ""));
      } else {
        // Overwritten elements get their adjoint reset, which must not reach what the caller
        // accumulated: a local adjoint, added to the caller's at the end.
        forward.add(new Stmt.Declare(bar, new Expr.ZerosLike(new Expr.Read(p), ((ArrayType) p.type()).derivative()), ""));
      }
      adjoints.declaredInForwardSweep(p);
    }
  }

  /** Whether {@code mVjpInOut} works on written array parameter {@code p} in place. */
  private boolean inPlace(Var p) {
    return sweep.inOut && sweep.on(Optimization.IN_OUT_IN_PLACE) && p.type() instanceof ArrayType a
        && a.dims() == 1 && a.element() == Primitive.DOUBLE && analysis.writtenArrays().contains(p);
  }

  /**
   * The derivative code treats array parameters as distinct storage, and copies the ones the
   * method writes into: two arguments sharing elements, one of them written, would give wrong
   * numbers, so the generated code refuses them at run time.
   */
  private void requireDistinctArrays(Set<Var> written, List<Stmt> forward) {
    List<Var> arrays = f.params().stream().filter(p -> p.type().isArray()).toList();
    String method = f.displayName();
    for (int i = 0; i < arrays.size(); i++) {
      for (int j = i + 1; j < arrays.size(); j++) {
        Var a = arrays.get(i);
        Var b = arrays.get(j);
        if ((written.contains(a) || written.contains(b))
            && ((ArrayType) a.type()).element() == ((ArrayType) b.type()).element()) {
          // The written one first: the message suggests copying the other.
          boolean swap = !written.contains(a);
          forward.add(new Stmt.RequireDistinct(method, swap ? b : a, swap ? a : b));
        }
      }
    }
  }

  static void emitReverse(List<ReverseStep> steps, List<Stmt> reverse) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      steps.get(i).emit(reverse);
    }
  }

  /** Emits the forward sweep of {@code block}; returns its reverse steps in program order. */
  List<ReverseStep> forwardBlock(List<Stmt> block, List<Stmt> forward, boolean nested) {
    List<ReverseStep> steps = new ArrayList<>();
    Stmt previous = null;
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l) {
        loops.loop(l, previous, forward, steps, nested, fuse);
      } else {
        forwardStep(s, forward, steps, nested);
      }
      previous = s;
    }
    return steps;
  }

  private void forwardStep(Stmt s, List<Stmt> forward, List<ReverseStep> steps, boolean nested) {
    boolean active = analysis.isActive(s);
    if (s instanceof Stmt.Return r && r.value().type().isArray()) {
      value = Var.synthetic(names.fresh("value"), r.value().type());
      forward.add(new Stmt.Declare(value, r.value(), r.source()));
      if (active) {
        steps.add(rev -> emit(rev, r.source(), List.of(
            new Stmt.AddScaled(adjoints.arrayOf(r.value(), index -> index), Exprs.ONE, new Expr.Read(sweep.seed)))));
      }
    } else if (s instanceof Stmt.Return r) {
      value = Var.synthetic(names.fresh("value"), Primitive.DOUBLE);
      TapeFrame frame = splitAndFrame(s, r.value(), active, nested);
      int mark = forward.size();
      ForwardKeep keep = keep(r.value(), s, "value", active, nested, frame, forward);
      forward.add(new Stmt.Declare(value, keep.rewrite(r.value()), r.source()));
      splitCalls.rewriteForward(s, keep, forward, mark);
      frame.end(forward);
      steps.add(rev -> {
        List<Stmt> block = new ArrayList<>(frame.readBack());
        if (active) {
          block.addAll(adjoint(s, r.value(), new Expr.Read(value), null, keep.kept()));
        }
        emit(rev, r.source(), block);
      });
    } else if (s instanceof Stmt.Declare d && d.var().type().isArray()) {
      forward.add(d);
      if (analysis.mayCarryDerivative(d.var())) {
        forward.add(new Stmt.Declare(adjoints.of(d.var()), adjointArray(d.var(), d.init()), ""));
        adjoints.declaredInForwardSweep(d.var());
        if (d.init() instanceof Expr.ArrayLiteral literal && active) {
          steps.add(rev -> emit(rev, d.source(), literalAdjoint(s, new Expr.Read(adjoints.of(d.var())), literal)));
        }
        if (d.init() instanceof Expr.Call call && active) {
          steps.add(rev -> emit(rev, d.source(), arrayResultAdjoint(s, call, d.var(), new Expr.Read(adjoints.of(d.var())))));
        }
      }
    } else if (s instanceof Stmt.ArrayStore store) {
      arrayStore(store, active, nested, forward, steps);
    } else if (s instanceof Stmt.Declare d) {
      if (d.init() == null) {
        // Java has assigned it before any read; a value of its own lets any later overwrite be
        // recorded without javac finding it unassigned.
        forward.add(new Stmt.Declare(d.var(), Exprs.zeroOf(d.var().type()), d.source()));
        return;
      }
      TapeFrame frame = splitAndFrame(s, d.init(), active, nested);
      List<Stmt> restores = snapshots(s, frame, forward);
      int mark = forward.size();
      ForwardKeep keep = keep(d.init(), s, d.var().name(), active, nested, frame, forward);
      forward.add(new Stmt.Declare(d.var(), keep.rewrite(d.init()), d.source()));
      splitCalls.rewriteForward(s, keep, forward, mark);
      frame.end(forward);
      Expr root = d.init();
      steps.add(rev -> {
        List<Stmt> block = new ArrayList<>(frame.readBack());
        block.addAll(restores);
        if (active) {
          block.addAll(adjoint(s, root, new Expr.Read(d.var()), d.var(), keep.kept()));
        }
        emit(rev, d.source(), block);
      });
    } else if (s instanceof Stmt.Assign a) {
      assign(a, active, nested, forward, steps);
    } else if (s instanceof Stmt.Invoke invoke && splitInOut(invoke, active)) {
      // The callee's mForwardInOut writes the arrays and keeps what its mReverseInOut needs,
      // which puts them back: nothing of the caller's goes on the tape.
      Var tape = sweep.tape();
      forward.add(new Stmt.ForwardInvoke(new Expr.ForwardCall(invoke.call(), tape), invoke.source()));
      steps.add(rev -> emit(rev, invoke.source(),
          new StatementAdjoint(invoke.call(), null, analysis.variedBefore(s), Map.of(), adjoints, names)
              .splitting(invoke.call(), tape).generate(null, Exprs.ZERO, false)));
    } else if (s instanceof Stmt.Invoke invoke) {
      TapeFrame frame = sweep.frame(nested, false);
      List<Stmt> restores = snapshots(s, frame, forward);
      forward.add(invoke);
      frame.end(forward);
      steps.add(rev -> {
        List<Stmt> block = new ArrayList<>(frame.readBack());
        block.addAll(restores);
        if (active) {
          var adjoint = new StatementAdjoint(invoke.call(), null, analysis.variedBefore(s), Map.of(), adjoints, names);
          block.addAll(adjoint.generate(null, Exprs.ZERO, false));
        }
        emit(rev, invoke.source(), block);
      });
    } else if (s instanceof Stmt.Throw) {
      // If it throws, there is no reverse sweep; if not, it did nothing.
      forward.add(s);
    } else if (s instanceof Stmt.If i) {
      branch(i, forward, steps, nested);
    } else {
      throw new IllegalStateException("not lowered: " + s);
    }
  }

  /**
   * Chooses the call of a statement (whose right-hand side is {@code root}) to split, and makes
   * its frame: with a split call, the call's {@code mForward} pushes while the statement runs,
   * so the statement's own values wait until its end.
   */
  private TapeFrame splitAndFrame(Stmt s, Expr root, boolean active, boolean nested) {
    Expr.Call split = splitCalls.choose(s, root, active, nested);
    return sweep.frame(nested, split != null);
  }

  /** Whether the reverse sweep has anything to do for these statements. */
  boolean needsReverse(List<Stmt> block) {
    boolean[] needed = {false};
    Walk.statements(block, s -> needed[0] |= analysis.isActive(s) || sweep.recordsOldValue(s)
        || analysis.undoesOldValue(s) || !Analysis.arraysWrittenByCall(s).isEmpty() || zeroesAdjoint(s)
        || (s instanceof Stmt.Loop l && analysis.restoresCounter(l)));
    return needed[0];
  }

  /** Whether an inactive statement overwrites something whose adjoint it must then zero. */
  private boolean zeroesAdjoint(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return a.var().type().isDouble() && analysis.mayCarryDerivative(a.var());
    }
    return s instanceof Stmt.ArrayStore store && analysis.mayCarryDerivative(store.root());
  }

  /**
   * Before a call that writes into arrays, a copy of each: the reverse sweep puts it back, so
   * that the callee's adjoint and the statements before see the contents they saw. In loops a
   * {@code double[]}'s copy goes on the tape's own storage (optimisation {@code tapeSnapshots}),
   * so that a loop calling such a method allocates nothing per iteration.
   */
  private List<Stmt> snapshots(Stmt s, TapeFrame frame, List<Stmt> forward) {
    List<Stmt> restores = new ArrayList<>();
    for (Expr array : Analysis.arraysWrittenByCall(s)) {
      ArrayType type = (ArrayType) array.type();
      if (type.element() != Primitive.DOUBLE && type.element() != Primitive.INT) {
        continue;
      }
      if (type.dims() == 1 && type.element() == Primitive.DOUBLE && sweep.on(Optimization.TAPE_SNAPSHOTS)
          && frame.keepContents(array, forward)) {
        continue;
      }
      Var copy = frame.keep(Exprs.rootVar(array).name() + "Before", new Expr.CopyOf(array, type), forward);
      restores.add(new Stmt.CopyInto(new Expr.Read(copy), array));
    }
    return restores;
  }

  /** The adjoint array beside a primal array that {@code init} creates or aliases. */
  private Expr adjointArray(Var array, Expr init) {
    if (init instanceof Expr.NewArray n) {
      return new Expr.NewArray(new ArrayType(Primitive.DOUBLE, n.type().dims()), n.dims());
    }
    if (init instanceof Expr.Read || init instanceof Expr.ArrayRead) {
      return adjoints.arrayOf(init, index -> index);
    }
    if (init instanceof Expr.Constant c) {
      return c;
    }
    return new Expr.ZerosLike(new Expr.Read(array), new ArrayType(Primitive.DOUBLE, ((ArrayType) array.type()).dims()));
  }

  /**
   * {@code double[] p = f(...)}: the callee's VJP, seeded with {@code p}'s adjoint array. A VJP
   * rule that takes the result reads it from {@code p} where {@code p} surely still holds it (it
   * is declared once, at the top level, and neither reassigned nor written into), and calls
   * {@code f} again otherwise.
   */
  private List<Stmt> arrayResultAdjoint(Stmt s, Expr.Call call, Var array, Expr seed) {
    boolean unchanged = f.body().contains(s) && s instanceof Stmt.Declare
        && !analysis.writtenArrays().contains(array) && !reassigned(array);
    var adjoint = new StatementAdjoint(call, unchanged ? new Expr.Read(array) : null, analysis.variedBefore(s), Map.of(),
        adjoints, names);
    return adjoint.generate(null, seed, false);
  }

  /** Whether the function assigns {@code v} anywhere. */
  private boolean reassigned(Var v) {
    boolean[] found = {false};
    Walk.statements(f.body(), st -> found[0] |= st instanceof Stmt.Assign a && a.var().equals(v));
    return found[0];
  }

  /** Adjoint code for {@code {u, v, 1}}: each element's share of the new array's adjoint. */
  private List<Stmt> literalAdjoint(Stmt s, Expr adjointArray, Expr.ArrayLiteral literal) {
    List<Stmt> out = new ArrayList<>();
    Sink sink = Sink.top(adjoints);
    literalElements(s, adjointArray, literal, sink);
    for (var entry : sink.pending().entrySet()) {
      adjoints.accumulate((Var) entry.getKey(), adjoints.sum(entry.getValue()), out);
    }
    out.addAll(0, sink.out);
    return out;
  }

  private void literalElements(Stmt s, Expr adjointArray, Expr.ArrayLiteral literal, Sink sink) {
    for (int i = 0; i < literal.elements().size(); i++) {
      Expr element = literal.elements().get(i);
      Expr adjointElement = new Expr.ArrayRead(adjointArray, Expr.Constant.ofInt(i), literal.type().component());
      if (element instanceof Expr.ArrayLiteral row) {
        literalElements(s, adjointElement, row, sink);
      } else if (Derivatives.isVaried(element, analysis.variedBefore(s))) {
        var adjoint = new StatementAdjoint(element, null, analysis.variedBefore(s), Map.of(), adjoints, names);
        sink.out.addAll(adjoint.generate(null, adjointElement, false));
      }
    }
  }

  private void branch(Stmt.If i, List<Stmt> forward, List<ReverseStep> steps, boolean nested) {
    if (!needsReverse(List.of(i))) {
      forward.add(i);
      return;
    }
    // Which way it went: kept after the branch's own values, so read back before them.
    Var taken = Var.synthetic(names.fresh("branch"), Primitive.BOOLEAN);
    List<Stmt> then = new ArrayList<>();
    List<Stmt> otherwise = new ArrayList<>();
    List<ReverseStep> thenSteps = forwardBlock(i.then(), then, true);
    List<ReverseStep> otherwiseSteps = forwardBlock(i.otherwise(), otherwise, true);
    TapeFrame frame = sweep.frame(nested, false);
    forward.add(new Stmt.Declare(taken, i.condition(), ""));
    forward.add(new Stmt.If(new Expr.Read(taken), then, otherwise, i.source()));
    frame.keepLocal(taken, forward);
    frame.end(forward);
    steps.add(rev -> {
      adjoints.enterBlock();
      List<Stmt> thenReverse = new ArrayList<>();
      List<Stmt> otherwiseReverse = new ArrayList<>();
      emitReverse(thenSteps, thenReverse);
      emitReverse(otherwiseSteps, otherwiseReverse);
      adjoints.exitBlock();
      List<Stmt> decision = frame.readBack();
      if (thenReverse.isEmpty() && otherwiseReverse.isEmpty()) {
        rev.addAll(decision);
        return;
      }
      if (!i.source().isEmpty()) {
        rev.add(new Stmt.Comment(i.source()));
      }
      rev.addAll(decision);
      rev.add(new Stmt.If(new Expr.Read(taken), thenReverse, otherwiseReverse, ""));
    });
  }

  /** {@code a = ...} for an array variable: the reference changes, and its adjoint's with it. */
  private void assignArray(Stmt.Assign a, boolean nested, List<Stmt> forward, List<ReverseStep> steps) {
    boolean hasAdjoint = analysis.mayCarryDerivative(a.var());
    Var bar = hasAdjoint ? adjoints.of(a.var()) : null;
    TapeFrame frame = sweep.frame(nested, false);
    List<Stmt> restores = new ArrayList<>();
    // u = f(u) or u = {u[1], u[0]}: the reverse of the call or literal needs the old array and its
    // own adjoint (the new one is the seed) even where no earlier statement reads the old array.
    boolean[] readsItself = {false};
    Walk.nodes(a.value(), n -> readsItself[0] |= n instanceof Expr.Read r && r.var() == a.var());
    if (sweep.recordsOldValue(a) || (hasAdjoint && readsItself[0] && analysis.isActive(a))) {
      for (Var v : hasAdjoint ? List.of(a.var(), bar) : List.of(a.var())) {
        Var old = frame.keep(v.name() + "Old", new Expr.Read(v), forward);
        restores.add(new Stmt.Assign(v, null, new Expr.Read(old), ""));
      }
    }
    forward.add(a);
    if (hasAdjoint) {
      forward.add(new Stmt.Assign(bar, null, adjointArray(a.var(), a.value()), ""));
    }
    frame.end(forward);
    steps.add(rev -> {
      List<Stmt> block = new ArrayList<>(frame.readBack());
      // Only where the analysis counted the adjoint's reads (the indices of the elements).
      boolean literal = hasAdjoint && a.value() instanceof Expr.ArrayLiteral && analysis.isActive(a);
      boolean call = hasAdjoint && a.value() instanceof Expr.Call && analysis.isActive(a);
      Expr seed = hasAdjoint ? new Expr.Read(bar) : null;
      if ((literal || call) && !restores.isEmpty()) {
        // u = f(u) or u = {u[1], u[0]}: the seed is the adjoint of the new array, but the
        // arguments are the old one, and their adjoints go to its adjoint: both put back first.
        Var result = Var.synthetic(names.fresh(bar.name() + "Result"), bar.type());
        block.add(new Stmt.Declare(result, seed, ""));
        block.addAll(restores);
        seed = new Expr.Read(result);
      }
      if (literal) {
        block.addAll(literalAdjoint(a, seed, (Expr.ArrayLiteral) a.value()));
      }
      if (call) {
        block.addAll(arrayResultAdjoint(a, (Expr.Call) a.value(), a.var(), seed));
      }
      if (!((literal || call) && !restores.isEmpty())) {
        block.addAll(restores);
      }
      emit(rev, a.source(), block);
    });
  }

  /** {@code a[i] = v} or {@code a[i] op= v}. */
  private void arrayStore(Stmt.ArrayStore store, boolean active, boolean nested, List<Stmt> forward,
      List<ReverseStep> steps) {
    Expr root = store.rhs();
    TapeFrame frame = splitAndFrame(store, root, active, nested);
    Var saved = sweep.recordsOldValue(store) && !loops.recordedByRange(store)
        ? frame.keep(store.root().name() + "Old", store.element(), forward) : null;
    int mark = forward.size();
    ForwardKeep keep = keep(root, store, store.root().name(), active, nested, frame, forward);
    forward.add(new Stmt.ArrayStore(store.array(), store.index(), store.compound(), keep.rewrite(store.value()),
        store.source()));
    splitCalls.rewriteForward(store, keep, forward, mark);
    frame.end(forward);
    steps.add(rev -> {
      Stmt restore = saved == null ? null
          : new Stmt.ArrayStore(store.array(), store.index(), null, new Expr.Read(saved), "");
      boolean readsOld = Derivatives.valueReads(root, analysis.variedBefore(store)).stream()
          .anyMatch(v -> analysis.aliasesOf(store.root()).contains(v));
      List<Stmt> block = new ArrayList<>(frame.readBack());
      if (restore != null && readsOld) {
        block.add(restore);
      }
      Expr.ArrayRead elementBar = new Expr.ArrayRead(adjoints.arrayOf(store.array(), index -> index),
          store.index(), Primitive.DOUBLE);
      if (active) {
        Map<Expr, Var> kept = keep.kept();
        if (store.compound() == BinaryOp.ADD || store.compound() == BinaryOp.SUB) {
          // a[i] += v: a[i]'s adjoint passes straight through; v gets it too.
          Expr seedExpr = store.compound() == BinaryOp.SUB ? Exprs.neg(elementBar) : elementBar;
          var adjoint = new StatementAdjoint(store.value(), null, analysis.variedBefore(store), kept, adjoints, names)
              .splitting(splitCalls.of(store), sweep.tapeIfUsed());
          block.addAll(adjoint.generate(null, seedExpr, false));
        } else {
          Var incoming = Var.synthetic(names.fresh(store.root().name() + "BarElement"), Primitive.DOUBLE);
          block.add(new Stmt.Declare(incoming, elementBar, ""));
          block.add(new Stmt.ArrayStore(elementBar.array(), elementBar.index(), null, Exprs.ZERO, ""));
          Expr newValue = readsOld && restore != null ? null : store.element();
          var adjoint = new StatementAdjoint(root, newValue, analysis.variedBefore(store), kept, adjoints, names)
              .splitting(splitCalls.of(store), sweep.tapeIfUsed());
          block.addAll(adjoint.generate(null, new Expr.Read(incoming), false));
        }
      } else if (zeroesAdjoint(store)) {
        // A constant overwrites an element whose adjoint may have been added to since.
        block.add(new Stmt.ArrayStore(elementBar.array(), elementBar.index(), null, Exprs.ZERO, ""));
      }
      if (restore != null && !readsOld) {
        block.add(restore);
      }
      emit(rev, store.source(), block);
    });
  }

  private void assign(Stmt.Assign a, boolean active, boolean nested, List<Stmt> forward, List<ReverseStep> steps) {
    if (a.var().type().isArray()) {
      assignArray(a, nested, forward, steps);
      return;
    }
    Expr root = a.rhs();
    TapeFrame frame = splitAndFrame(a, root, active, nested);
    Expr saved = null;
    if (analysis.undoesOldValue(a)) {
      // k += c is undone by k -= c: integer arithmetic is exact.
      BinaryOp inverse = a.compound() == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
      saved = new Expr.Binary(inverse, new Expr.Read(a.var()), a.value(), a.var().type());
    } else if (sweep.recordsOldValue(a)) {
      saved = new Expr.Read(frame.keep(a.var().name() + "Old", new Expr.Read(a.var()), forward));
    }
    List<Stmt> restores = snapshots(a, frame, forward);
    // Analyse the whole right-hand side: for x *= e, the product needs e kept.
    int mark = forward.size();
    ForwardKeep keep = keep(root, a, a.var().name(), active, nested, frame, forward);
    forward.add(new Stmt.Assign(a.var(), a.compound(), keep.rewrite(a.value()), a.source()));
    splitCalls.rewriteForward(a, keep, forward, mark);
    frame.end(forward);
    Expr restoreFrom = saved;
    steps.add(rev -> {
      Stmt restore = restoreFrom == null ? null : new Stmt.Assign(a.var(), null, restoreFrom, "");
      // The adjoint reads the old value of a variable that the statement reads and writes.
      boolean readsOldTarget = Derivatives.valueReads(root, analysis.variedBefore(a)).contains(a.var());
      List<Stmt> block = new ArrayList<>(frame.readBack());
      block.addAll(restores);
      if (restore != null && readsOldTarget) {
        block.add(restore);
      }
      if (active) {
        Expr newValue = readsOldTarget && restore != null ? null : new Expr.Read(a.var());
        block.addAll(adjoint(a, root, newValue, a.var(), keep.kept()));
      } else if (zeroesAdjoint(a) && (adjoints.inBlock() || adjoints.isDeclared(a.var()))) {
        // A constant overwrites a value that may carry a derivative elsewhere (another branch,
        // another iteration): what was added to the adjoint since belongs to the constant.
        adjoints.set(a.var(), Exprs.ZERO, block);
      }
      if (restore != null && !readsOldTarget) {
        block.add(restore);
      }
      emit(rev, a.source(), block);
    });
  }

  /**
   * What the forward sweep keeps of an active statement's intermediate values (see {@link
   * ForwardKeep}): in a loop or branch, where the next pass would overwrite a local, only costly
   * Math results, through the statement's frame.
   */
  private ForwardKeep keep(Expr e, Stmt s, String base, boolean active, boolean nested, TapeFrame frame,
      List<Stmt> forward) {
    if (!active || !sweep.on(Optimization.KEEP_MATH)) {
      return ForwardKeep.of(e, Set.of(), names, base);
    }
    ForwardKeep keep = nested ? ForwardKeep.inLoop(e, analysis.variedBefore(s), names, base)
        : ForwardKeep.of(e, analysis.variedBefore(s), names, base);
    keep.declare(forward);
    keep.kept().values().forEach(v -> frame.keepLocal(v, forward));
    return keep;
  }

  private List<Stmt> adjoint(Stmt s, Expr root, Expr rootValue, Var target, Map<Expr, Var> kept) {
    // At the top level, an adjoint nobody has added to yet is zero; so is that of an int a call
    // returns while writing into arrays.
    boolean zeroSeed = target != null && (!target.type().carriesDerivative()
        || (!adjoints.inBlock() && !adjoints.isDeclared(target)));
    if (zeroSeed && Analysis.arraysWrittenByCall(s).isEmpty() && splitCalls.of(s) == null) {
      return List.of();
    }
    if (zeroSeed) {
      // The call still hands back the adjoints of the arrays it wrote into; a split call's
      // mReverse runs all the same, to pop what its mForward pushed.
      return new StatementAdjoint(root, null, analysis.variedBefore(s), kept, adjoints, names)
          .splitting(splitCalls.of(s), sweep.tapeIfUsed())
          .generate(null, Exprs.ZERO, false);
    }
    Expr rootSeed;
    if (target == null) {
      rootSeed = new Expr.Read(sweep.seed);
    } else {
      adjoints.ensureDeclared(target);
      rootSeed = new Expr.Read(adjoints.of(target));
    }
    Set<Var> varied = analysis.variedBefore(s);
    if (s == f.body().get(f.body().size() - 1) && !loops.seededSums().isEmpty()) {
      // Their adjoint, the seed, was set before their loop.
      varied = new HashSet<>(varied);
      varied.removeAll(loops.seededSums());
    }
    var statement = new StatementAdjoint(root, rootValue, varied, kept, adjoints, names)
        .splitting(splitCalls.of(s), sweep.tapeIfUsed());
    // Inside a loop the target's adjoint must start from zero for the previous iteration's value.
    boolean resetTarget = target != null && (adjoints.inBlock() || analysis.variedBefore(s).contains(target));
    return statement.generate(target, rootSeed, resetTarget);
  }

  private static void emit(List<Stmt> reverse, String source, List<Stmt> block) {
    if (block.isEmpty()) {
      return;
    }
    if (!source.isEmpty()) {
      reverse.add(new Stmt.Comment(source));
    }
    reverse.addAll(block);
  }
}
