package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.analysis.IndependentIterations;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LiveIn;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.StackType;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.ir.Walk;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Entry point of reverse mode: a function to its vector-Jacobian product.
 *
 * <p>The forward sweep is the primal, plus the intermediate values the reverse sweep reads
 * ({@link ForwardKeep}) and, before a statement overwrites a value the reverse sweep will need,
 * a copy of it. The reverse sweep visits the statements last to first: the adjoint of each
 * active statement ({@link StatementAdjoint}) under the primal statement as a comment, then the
 * overwritten value put back, so that every statement's adjoint sees the values its primal saw.
 */
public final class ReverseMode {
  private ReverseMode() {}

  public static VjpFunction transform(Function f, Analysis analysis) {
    VjpFunction plain = new ReverseMode.Run(f, analysis, false, false).run();
    if (!hasLoopOfSums(f, analysis)) {
      return plain;
    }
    ReverseMode.Run fusing = new ReverseMode.Run(f, analysis, false, true);
    VjpFunction fused = fusing.run();
    // mVjp reverses sums' iterations in its forward sweep; mForward and mReverse, which a caller
    // runs apart, keep the plain sweeps. The two runs name the shared parameters alike.
    if (!fusing.reversedInForwardSweep || !fused.seed().name().equals(plain.seed().name())
        || !fused.adjointParam().equals(plain.adjointParam())
        || (plain.value() != null && !fused.value().name().equals(plain.value().name()))) {
      return plain;
    }
    return new VjpFunction(f, fused.seed(), fused.adjointParam(), fused.body(), fused.value(), false, plain.split());
  }

  private static boolean hasLoopOfSums(Function f, Analysis analysis) {
    for (int i = 0; i < f.body().size(); i++) {
      if (f.body().get(i) instanceof Stmt.Loop && IndependentIterations.sums(f, analysis, i, Exprs.ONE) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The variant for callers: the adjoints of the array parameters {@code f} writes into are
   * replaced (in: of their final contents; out: of the contents passed in), as a caller that
   * passes its own array needs; or null if {@code f} writes into no active array parameter.
   */
  public static VjpFunction transformInOut(Function f, Analysis analysis) {
    Run run = new ReverseMode.Run(f, analysis, true, false);
    return run.writesActiveArrayParameter() ? run.run() : null;
  }

  /** What the reverse sweep does for one statement, emitted when the sweep reaches it. */
  @FunctionalInterface
  private interface ReverseStep {
    void emit(List<Stmt> reverse);
  }

  private static final class Run {
    private final Function f;
    private final Analysis analysis;
    private final FreshNames names;
    private final Adjoints adjoints;
    private final Var seed;
    private final String adjointParam;
    private Var tape;
    private Var value;
    private final java.util.Set<Var> writtenParameters = new java.util.HashSet<>();

    private final boolean inOut;
    /** Whether loops of sums may be reversed iteration by iteration ({@link #reverseEachIteration}). */
    private final boolean fuse;

    Run(Function f, Analysis analysis, boolean inOut, boolean fuse) {
      this.f = f;
      this.analysis = analysis;
      this.inOut = inOut;
      this.fuse = fuse;
      this.names = new FreshNames(f);
      this.adjoints = new Adjoints(names);
      // For a function returning an array, the seed is the adjoint of that array.
      this.seed = Var.synthetic(names.fresh("seed"), f.returnType().isArray() ? f.returnType() : Primitive.DOUBLE);
      this.adjointParam = names.fresh("adjoint");
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
      List<Stmt> body = new ArrayList<>();
      if (tape != null) {
        body.add(new Stmt.Declare(tape, null, ""));
      }
      if (reversedInForwardSweep) {
        // Iterations reversed in the forward sweep use the adjoints declared for blocks.
        forward.addAll(1 + parameters.size(), adjoints.hoistedDeclarations());
      }
      body.addAll(forward);
      int reverseFrom = body.size();
      body.add(new Stmt.Comment("Reverse sweep: adjoints, last statement first."));
      if (!reversedInForwardSweep) {
        body.addAll(adjoints.hoistedDeclarations());
      }
      body.addAll(reverse);
      addOutputs(body);
      // The run that reverses iterations in the forward sweep makes mVjp only: see transform.
      VjpFunction.Split split = inOut || fuse || f.returnType() != Primitive.DOUBLE ? null
          : split(forward, parameters, body.subList(reverseFrom, body.size()));
      return new VjpFunction(f, seed, adjointParam, body, value, inOut, split);
    }

    /**
     * The product cut between its sweeps. The caller's adjoint arrays are set up at the start of
     * the reverse half (the forward half has no adjoint object); the private copies of written
     * array parameters stay in the forward half.
     */
    private VjpFunction.Split split(List<Stmt> forward, List<Stmt> parameters, List<Stmt> reverse) {
      List<Stmt> forwardHalf = new ArrayList<>();
      List<Stmt> reverseHalf = new ArrayList<>();
      java.util.Set<Stmt> setUp = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      parameters.stream().filter(s -> !(s instanceof Stmt.Assign)).forEach(setUp::add);
      for (Stmt s : forward) {
        (setUp.contains(s) ? reverseHalf : forwardHalf).add(s);
      }
      reverseHalf.addAll(reverse);
      // What the reverse sweep can see of the forward sweep's: its top-level variables (those
      // declared in blocks are out of scope there) and the parameters, as reassigned.
      java.util.Set<Var> defined = new java.util.LinkedHashSet<>();
      forwardHalf.stream().filter(Stmt.Declare.class::isInstance).map(s -> ((Stmt.Declare) s).var())
          .forEach(defined::add);
      Walk.statements(forwardHalf, s -> {
        if (s instanceof Stmt.Assign a && a.var().role() == Var.Role.PARAMETER) {
          defined.add(a.var());
        }
      });
      // Only what the reverse half may read before assigning it travels on the tape; a loop
      // counter it sets afresh at each iteration is declared there instead.
      java.util.Set<Var> readFirst = LiveIn.of(reverseHalf);
      java.util.Set<Var> mentioned = Walk.mentionedVars(reverseHalf);
      List<Var> carried = defined.stream().filter(readFirst::contains).toList();
      List<Stmt> fresh = defined.stream()
          .filter(v -> mentioned.contains(v) && !readFirst.contains(v) && v.role() != Var.Role.PARAMETER)
          .<Stmt>map(v -> new Stmt.Declare(v, Exprs.zeroOf(v.type()), ""))
          .toList();
      reverseHalf.addAll(0, fresh);
      Var splitTape = tape != null ? tape : Var.synthetic(names.fresh("tape"), StackType.INSTANCE);
      java.util.Set<Var> setUpVars = Walk.mentionedVars(List.copyOf(setUp));
      boolean forwardNeedsAdjoints = Walk.mentionedVars(forwardHalf).stream()
          .anyMatch(v -> setUpVars.contains(v) && !v.equals(seed) && !f.params().contains(v));
      if (forwardNeedsAdjoints) {
        // An array aliasing a parameter's row gets its adjoint from the caller's adjoint array,
        // which mForward has not got: the two halves are then the primal and the whole mVjp.
        return VjpFunction.Split.joint(splitTape);
      }
      return new VjpFunction.Split(splitTape, forwardHalf, carried, reverseHalf, false);
    }

    private void addOutputs(List<Stmt> body) {
      for (Var p : f.activeParams()) {
        if (!p.type().isArray() && adjoints.isDeclared(p)) {
          body.add(new Stmt.AccumulateOutput(p.name(), new Expr.Read(adjoints.of(p))));
        } else if (p.type().isArray() && writtenParameters.contains(p) && analysis.mayCarryDerivative(p)) {
          body.add(new Stmt.AllocateOutput(p.name(), new Expr.Read(p)));
          Expr caller = new Expr.OutputField(adjointParam, p.name(), p.type());
          body.add(inOut ? new Stmt.CopyInto(new Expr.Read(adjoints.of(p)), caller)
              : new Stmt.AddScaled(caller, Exprs.ONE, new Expr.Read(adjoints.of(p))));
        }
        // Otherwise an array parameter's adjoint is the caller's array itself, added to in place.
      }
    }

    /**
     * Array parameters: a private copy of each one the method writes into, so the caller's
     * array is never changed, and the caller's adjoint array (allocated if absent) as the
     * adjoint of each active one.
     */
    private void arrayParameters(List<Stmt> forward) {
      java.util.Set<Var> written = writtenParameters;
      written.addAll(analysis.writtenArrays());
      for (Var p : f.params()) {
        if (!p.type().isArray()) {
          continue;
        }
        if (written.contains(p)) {
          forward.add(new Stmt.Assign(p, null, new Expr.CopyOf(new Expr.Read(p), (ArrayType) p.type()), ""));
        }
        if (!analysis.mayCarryDerivative(p)) {
          continue;
        }
        Var bar = adjoints.of(p);
        if (inOut && p.isActiveInput() && written.contains(p)) {
          // In: the adjoint of the final contents, which the caller hands over.
          forward.add(new Stmt.AllocateOutput(p.name(), new Expr.Read(p)));
          forward.add(new Stmt.Declare(bar, new Expr.CopyOf(new Expr.OutputField(adjointParam, p.name(), p.type()),
              (ArrayType) p.type()), ""));
          adjoints.declaredInForwardSweep(p);
          continue;
        }
        if (p.isActiveInput() && !written.contains(p)) {
          // Only added to: the caller's adjoint array itself can be the adjoint.
          forward.add(new Stmt.AllocateOutput(p.name(), new Expr.Read(p)));
          forward.add(new Stmt.Declare(bar, new Expr.OutputField(adjointParam, p.name(), p.type()), ""));
        } else {
          // Overwritten elements get their adjoint reset, which must not reach what the caller
          // accumulated: a local adjoint, added to the caller's at the end.
          forward.add(new Stmt.Declare(bar, new Expr.ZerosLike(new Expr.Read(p), (ArrayType) p.type()), ""));
        }
        adjoints.declaredInForwardSweep(p);
      }
    }

    boolean writesActiveArrayParameter() {
      java.util.Set<Var> written = analysis.writtenArrays();
      return f.activeParams().stream().anyMatch(p -> p.type().isArray() && written.contains(p));
    }

    /**
     * Before a call that writes into arrays, a copy of each: the reverse sweep puts it back, so
     * that the callee's adjoint and the statements before see the contents they saw.
     */
    private List<Stmt> snapshots(Stmt s, List<Stmt> forward, boolean nested) {
      List<Stmt> restores = new ArrayList<>();
      for (Expr array : Analysis.arraysWrittenByCall(s)) {
        ArrayType type = (ArrayType) array.type();
        if (type.element() != Primitive.DOUBLE && type.element() != Primitive.INT) {
          continue;
        }
        Expr copy = new Expr.CopyOf(array, type);
        if (nested) {
          forward.add(new Stmt.Push(tape(), copy));
          restores.add(0, new Stmt.CopyInto(new Expr.Pop(tape(), type), array));
        } else {
          Var local = Var.synthetic(names.fresh(Exprs.rootVar(array).name() + "Before"), type);
          forward.add(new Stmt.Declare(local, copy, ""));
          restores.add(new Stmt.CopyInto(new Expr.Read(local), array));
        }
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

    /** {@code double[] p = f(...)}: the callee's VJP, seeded with {@code p}'s adjoint array. */
    private List<Stmt> arrayResultAdjoint(Stmt s, Expr.Call call, Var array) {
      var adjoint = new StatementAdjoint(call, null, analysis.variedBefore(s), Map.of(), adjoints, names);
      return adjoint.generate(null, new Expr.Read(adjoints.of(array)), false);
    }

    /** Adjoint code for {@code {u, v, 1}}: each element's share of the new array's adjoint. */
    private List<Stmt> literalAdjoint(Stmt s, Var array, Expr.ArrayLiteral literal) {
      List<Stmt> out = new ArrayList<>();
      Sink sink = Sink.top(adjoints);
      literalElements(s, new Expr.Read(adjoints.of(array)), literal, sink);
      for (var entry : sink.pending().entrySet()) {
        adjoints.accumulate((Var) entry.getKey(), Exprs.sum(entry.getValue()), out);
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

    private static void emitReverse(List<ReverseStep> steps, List<Stmt> reverse) {
      for (int i = steps.size() - 1; i >= 0; i--) {
        steps.get(i).emit(reverse);
      }
    }

    private Var tape() {
      if (tape == null) {
        tape = Var.synthetic(names.fresh("tape"), StackType.INSTANCE);
      }
      return tape;
    }

    /** Emits the forward sweep of {@code block}; returns its reverse steps in program order. */
    private List<ReverseStep> forwardBlock(List<Stmt> block, List<Stmt> forward, boolean nested) {
      List<ReverseStep> steps = new ArrayList<>();
      Stmt previous = null;
      for (Stmt s : block) {
        if (s instanceof Stmt.Loop l) {
          loop(l, previous, forward, steps, nested);
        } else {
          forwardStep(s, forward, steps, nested);
        }
        previous = s;
      }
      return steps;
    }

    /** Counters of the counted loops around the code being transformed: recomputed, so known. */
    private final java.util.Deque<Var> enclosingCounters = new java.util.ArrayDeque<>();

    /** Whether the reverse sweep can evaluate {@code e} inside the loop and get its forward value. */
    private boolean recomputable(Expr e) {
      for (Var v : Derivatives.allVars(e)) {
        if (!analysis.isInvariant(v) && !enclosingCounters.contains(v)) {
          return false;
        }
      }
      return !(e instanceof Expr.Call) && Derivatives.children(e).stream().noneMatch(c -> c instanceof Expr.Call);
    }

    /** A counted loop's start value, if {@code previous} sets it to something recomputable. */
    private Expr recomputableStart(Var counter, Stmt previous) {
      Expr init = null;
      if (previous instanceof Stmt.Assign a && a.var() == counter && a.compound() == null) {
        init = a.value();
      } else if (previous instanceof Stmt.Declare d && d.var() == counter) {
        init = d.init();
      }
      return init != null && recomputable(init) ? init : null;
    }

    /** {@code counter < bound} (or {@code <=}) with a recomputable bound: the trip count, from the start. */
    private Expr recomputableCount(Stmt.Loop l, Var counter, Expr start) {
      int stride = Analysis.countedLoopStride(l);
      if (start == null || stride <= 0 || !l.testFirst() || !(l.condition() instanceof Expr.Binary c)
          || !(c.left() instanceof Expr.Read r) || r.var() != counter || !recomputable(c.right())
          || (c.op() != BinaryOp.LT && c.op() != BinaryOp.LE)) {
        return null;
      }
      Expr span = Exprs.sub(c.right(), start);
      if (c.op() == BinaryOp.LE) {
        span = Exprs.add(span, Expr.Constant.ofInt(1));
      }
      if (stride != 1) {
        span = Exprs.div(Exprs.add(span, Expr.Constant.ofInt(stride - 1)), Expr.Constant.ofInt(stride));
      }
      return new Expr.PrimalCall(new dev.adjoint.processor.ir.TypeRef("java.lang", List.of("Math")), "max",
          List.of(Expr.Constant.ofInt(0), span), Primitive.INT, true, dev.adjoint.processor.ir.Origin.NONE);
    }

    private void forwardStep(Stmt s, List<Stmt> forward, List<ReverseStep> steps, boolean nested) {
      boolean active = analysis.isActive(s);
      if (s instanceof Stmt.Return r && r.value().type().isArray()) {
        value = Var.synthetic(names.fresh("value"), r.value().type());
        forward.add(new Stmt.Declare(value, r.value(), r.source()));
        if (active) {
          steps.add(rev -> emit(rev, r.source(), List.of(
              new Stmt.AddScaled(adjoints.arrayOf(r.value(), index -> index), Exprs.ONE, new Expr.Read(seed)))));
        }
      } else if (s instanceof Stmt.Return r) {
        value = Var.synthetic(names.fresh("value"), Primitive.DOUBLE);
        int mark = forward.size();
        ForwardKeep keep = keep(r.value(), s, "value", active, nested, forward);
        forward.add(new Stmt.Declare(value, keep.rewrite(r.value()), r.source()));
        forwardCalls(s, keep, forward, mark);
        if (active) {
          steps.add(rev -> emit(rev, r.source(), adjoint(s, r.value(), new Expr.Read(value), null, keep.kept())));
        }
      } else if (s instanceof Stmt.Declare d && d.var().type().isArray()) {
        forward.add(d);
        if (analysis.mayCarryDerivative(d.var())) {
          forward.add(new Stmt.Declare(adjoints.of(d.var()), adjointArray(d.var(), d.init()), ""));
          adjoints.declaredInForwardSweep(d.var());
          if (d.init() instanceof Expr.ArrayLiteral literal) {
            steps.add(rev -> emit(rev, d.source(), literalAdjoint(s, d.var(), literal)));
          }
          if (d.init() instanceof Expr.Call call && active) {
            steps.add(rev -> emit(rev, d.source(), arrayResultAdjoint(s, call, d.var())));
          }
        }
      } else if (s instanceof Stmt.ArrayStore store) {
        arrayStore(store, active, nested, forward, steps);
      } else if (s instanceof Stmt.Declare d) {
        if (d.init() == null) {
          forward.add(d);
          return;
        }
        List<Stmt> restores = snapshots(s, forward, nested);
        int mark = forward.size();
        ForwardKeep keep = keep(d.init(), s, d.var().name(), active, nested, forward);
        forward.add(new Stmt.Declare(d.var(), keep.rewrite(d.init()), d.source()));
        forwardCalls(s, keep, forward, mark);
        if (active || !restores.isEmpty()) {
          Expr root = d.init();
          steps.add(rev -> {
            List<Stmt> block = new ArrayList<>(popKept(keep, nested && active));
            block.addAll(restores);
            if (active) {
              block.addAll(adjoint(s, root, new Expr.Read(d.var()), d.var(), keep.kept()));
            }
            emit(rev, d.source(), block);
          });
        }
      } else if (s instanceof Stmt.Assign a) {
        assign(a, active, nested, forward, steps);
      } else if (s instanceof Stmt.Invoke invoke) {
        List<Stmt> restores = snapshots(s, forward, nested);
        forward.add(invoke);
        steps.add(rev -> {
          List<Stmt> block = new ArrayList<>(restores);
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

    /** Whether the reverse sweep has anything to do for these statements. */
    private boolean needsReverse(List<Stmt> block) {
      boolean[] needed = {false};
      Walk.statements(block, s -> needed[0] |= analysis.isActive(s) || analysis.recordsOldValue(s)
          || analysis.undoesOldValue(s) || !Analysis.arraysWrittenByCall(s).isEmpty() || zeroesAdjoint(s));
      return needed[0];
    }

    /** Whether an inactive statement overwrites something whose adjoint it must then zero. */
    private boolean zeroesAdjoint(Stmt s) {
      if (s instanceof Stmt.Assign a) {
        return a.var().type().isDouble() && analysis.mayCarryDerivative(a.var());
      }
      return s instanceof Stmt.ArrayStore store && analysis.mayCarryDerivative(store.root());
    }

    private void branch(Stmt.If i, List<Stmt> forward, List<ReverseStep> steps, boolean nested) {
      if (!needsReverse(List.of(i))) {
        forward.add(i);
        return;
      }
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      List<ReverseStep> thenSteps = forwardBlock(i.then(), then, true);
      List<ReverseStep> otherwiseSteps = forwardBlock(i.otherwise(), otherwise, true);
      Expr decision;
      if (nested) {
        // Pushed after the branch, so that the reverse sweep pops it before the branch's own values.
        then.add(new Stmt.Push(tape(), new Expr.Constant(Primitive.BOOLEAN, "true")));
        otherwise.add(new Stmt.Push(tape(), new Expr.Constant(Primitive.BOOLEAN, "false")));
        forward.add(new Stmt.If(i.condition(), then, otherwise, i.source()));
        decision = new Expr.Pop(tape(), Primitive.BOOLEAN);
      } else {
        Var taken = Var.synthetic(names.fresh("branch"), Primitive.BOOLEAN);
        forward.add(new Stmt.Declare(taken, i.condition(), ""));
        forward.add(new Stmt.If(new Expr.Read(taken), then, otherwise, i.source()));
        decision = new Expr.Read(taken);
      }
      steps.add(rev -> {
        adjoints.enterBlock();
        List<Stmt> thenReverse = new ArrayList<>();
        List<Stmt> otherwiseReverse = new ArrayList<>();
        emitReverse(thenSteps, thenReverse);
        emitReverse(otherwiseSteps, otherwiseReverse);
        adjoints.exitBlock();
        if (thenReverse.isEmpty() && otherwiseReverse.isEmpty() && !nested) {
          return;
        }
        if (!i.source().isEmpty()) {
          rev.add(new Stmt.Comment(i.source()));
        }
        rev.add(new Stmt.If(decision, thenReverse, otherwiseReverse, ""));
      });
    }

    private void loop(Stmt.Loop l, Stmt previous, List<Stmt> forward, List<ReverseStep> steps, boolean nested) {
      if (!needsReverse(List.of(l))) {
        forward.add(l);
        return;
      }
      Var counter = Analysis.countedLoopCounter(l);
      Map<Var, Expr> sums = !fuse || nested || inOut ? null
          : IndependentIterations.sums(f, analysis, indexOf(f.body(), l), new Expr.Read(seed));
      if (sums != null) {
        // No reverse loop later: nothing about the trip count to keep, and the counter holds
        // each iteration's value when that iteration is reversed.
        List<Stmt> body = new ArrayList<>();
        enclosingCounters.push(counter);
        List<ReverseStep> bodySteps = forwardBlock(l.body(), body, true);
        List<Stmt> update = new ArrayList<>();
        List<ReverseStep> updateSteps = forwardBlock(l.update(), update, true);
        enclosingCounters.pop();
        reverseEachIteration(l, sums, body, update, bodySteps, updateSteps, forward, steps);
        return;
      }
      Expr knownStart = counter == null ? null : recomputableStart(counter, previous);
      Expr knownCount = counter == null ? null : recomputableCount(l, counter, knownStart);
      Var start = null;
      if (counter != null) {
        start = Var.synthetic(names.fresh(l.id() + "Start"), Primitive.INT);
        if (knownCount == null) {
          forward.add(new Stmt.Declare(start, new Expr.Read(counter), ""));
        }
      }
      Var count = Var.synthetic(names.fresh(l.id() + "Count"), Primitive.INT);
      List<Stmt> body = new ArrayList<>();
      if (knownCount == null) {
        forward.add(new Stmt.Declare(count, Expr.Constant.ofInt(0), ""));
        body.add(new Stmt.Assign(count, BinaryOp.ADD, Expr.Constant.ofInt(1), ""));
      }
      List<Stmt.ArrayStore> rewrites = knownCount == null || Analysis.countedLoopStride(l) != 1 ? List.of()
          : rangeRewrites(l, counter);
      for (Stmt.ArrayStore store : rewrites) {
        forward.add(new Stmt.PushRange(tape(), store.array(), knownStart, knownCount));
        recordedByRange.add(store);
      }
      if (counter != null) {
        enclosingCounters.push(counter);
      }
      List<ReverseStep> bodySteps = forwardBlock(l.body(), body, true);
      List<Stmt> update = new ArrayList<>();
      List<ReverseStep> updateSteps = forwardBlock(l.update(), update, true);
      if (counter != null) {
        enclosingCounters.pop();
      }
      if (knownCount != null) {
        reserve(body, knownCount, forward);
      }
      forward.add(new Stmt.Loop(l.id(), l.condition(), body, update, l.testFirst(), l.source()));
      Expr times;
      Expr startValue = start == null ? null : new Expr.Read(start);
      if (knownCount != null) {
        // Start and trip count follow from values the reverse sweep has: nothing recorded.
        times = knownCount;
        startValue = knownStart;
      } else if (nested) {
        forward.add(new Stmt.Push(tape(), new Expr.Read(count)));
        if (start != null) {
          forward.add(new Stmt.Push(tape(), new Expr.Read(start)));
        }
        times = new Expr.Pop(tape(), Primitive.INT);
      } else {
        times = new Expr.Read(count);
      }
      Var startVar = start;
      Expr startExpr = startValue;
      boolean startPopped = knownCount == null && nested && start != null;
      steps.add(rev -> {
        adjoints.enterBlock();
        List<Stmt> iteration = new ArrayList<>();
        Var k = Var.synthetic(names.fresh("k"), Primitive.INT);
        if (counter != null) {
          // The counter is recomputed, not recorded: iteration k ran with start + (k - 1) * step.
          Expr offset = Exprs.mul(
              Exprs.sub(new Expr.Read(k), Expr.Constant.ofInt(1)),
              Expr.Constant.ofInt(Analysis.countedLoopStride(l)));
          iteration.add(new Stmt.Assign(counter, null, Exprs.add(
              startPopped ? new Expr.Read(startVar) : startExpr, offset), ""));
        }
        emitReverse(updateSteps, iteration);
        emitReverse(bodySteps, iteration);
        adjoints.exitBlock();
        if (!l.source().isEmpty()) {
          rev.add(new Stmt.Comment(l.source()));
        }
        if (startPopped) {
          rev.add(new Stmt.Declare(startVar, new Expr.Pop(tape(), Primitive.INT), ""));
        }
        rev.add(new Stmt.Repeat(k, times, iteration));
        for (int i = rewrites.size() - 1; i >= 0; i--) {
          rev.add(new Stmt.PopRange(tape(), rewrites.get(i).array(), startExpr, times));
        }
      });
    }

    /**
     * The loop's sums have their adjoint (the seed, or a multiple) from the start, so each
     * iteration's reverse sweep runs right after the iteration, in the forward sweep; the tape
     * then holds one iteration's values at a time. The return's adjoint leaves the sums alone.
     */
    private void reverseEachIteration(Stmt.Loop l, Map<Var, Expr> sums, List<Stmt> body, List<Stmt> update,
        List<ReverseStep> bodySteps, List<ReverseStep> updateSteps, List<Stmt> forward, List<ReverseStep> steps) {
      for (Map.Entry<Var, Expr> sum : sums.entrySet()) {
        adjoints.accumulate(sum.getKey(), sum.getValue(), forward);
        seededSums.add(sum.getKey());
      }
      adjoints.enterBlock();
      List<Stmt> iteration = new ArrayList<>();
      emitReverse(updateSteps, iteration);
      emitReverse(bodySteps, iteration);
      adjoints.exitBlock();
      if (!iteration.isEmpty()) {
        java.util.Set<Var> declaredInBody = new java.util.HashSet<>();
        body.stream().filter(Stmt.Declare.class::isInstance).forEach(d -> declaredInBody.add(((Stmt.Declare) d).var()));
        body.add(new Stmt.Comment("Reverse sweep of this iteration."));
        body.addAll(assignedNotRedeclared(iteration, declaredInBody));
      }
      forward.add(new Stmt.Loop(l.id(), l.condition(), body, update, l.testFirst(), l.source()));
      reversedInForwardSweep = true;
      steps.add(rev -> {
        if (!l.source().isEmpty()) {
          rev.add(new Stmt.Comment(l.source() + ": reversed iteration by iteration in the forward sweep"));
        }
      });
    }

    /** Sums whose adjoint the forward sweep set before their loop (see {@link #reverseEachIteration}). */
    private final java.util.Set<Var> seededSums = new java.util.HashSet<>();
    private boolean reversedInForwardSweep;

    /**
     * The reverse sweep of an iteration, placed after its forward sweep in one scope: a value the
     * forward sweep declared there (a kept {@code Math} result) is assigned, not declared again.
     */
    private static List<Stmt> assignedNotRedeclared(List<Stmt> block, java.util.Set<Var> declared) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : block) {
        if (s instanceof Stmt.Declare d && declared.contains(d.var())) {
          if (d.init() != null) {
            out.add(new Stmt.Assign(d.var(), null, d.init(), d.source()));
          }
        } else if (s instanceof Stmt.If i) {
          out.add(new Stmt.If(i.condition(), assignedNotRedeclared(i.then(), declared),
              assignedNotRedeclared(i.otherwise(), declared), i.source()));
        } else if (s instanceof Stmt.Loop l) {
          out.add(new Stmt.Loop(l.id(), l.condition(), assignedNotRedeclared(l.body(), declared),
              assignedNotRedeclared(l.update(), declared), l.testFirst(), l.source()));
        } else if (s instanceof Stmt.Repeat r) {
          out.add(new Stmt.Repeat(r.counter(), r.times(), assignedNotRedeclared(r.body(), declared)));
        } else {
          out.add(s);
        }
      }
      return out;
    }

    private static int indexOf(List<Stmt> block, Stmt s) {
      for (int i = 0; i < block.size(); i++) {
        if (block.get(i) == s) {
          return i;
        }
      }
      throw new IllegalStateException("not in the block: " + s);
    }

    /**
     * Before a loop whose trip count is known at its entry: room for what each iteration surely
     * records (its pushes outside branches and inner loops), made at once.
     */
    private void reserve(List<Stmt> body, Expr count, List<Stmt> forward) {
      int doubles = 0;
      int ints = 0;
      for (Stmt s : body) {
        if (s instanceof Stmt.Push p && p.value().type() == Primitive.DOUBLE) {
          doubles++;
        } else if (s instanceof Stmt.Push p && p.value().type() == Primitive.INT) {
          ints++;
        }
      }
      if (doubles + ints > 0) {
        forward.add(new Stmt.Reserve(tape(), perIteration(count, doubles), perIteration(count, ints)));
      }
    }

    private static Expr perIteration(Expr count, int n) {
      return n == 0 ? Expr.Constant.ofInt(0) : n == 1 ? count : Exprs.mul(count, Expr.Constant.ofInt(n));
    }

    /** Stores whose old values a {@link Stmt.PushRange} at their loop's entry records. */
    private final java.util.Set<Stmt> recordedByRange = Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * The stores {@code a[counter] = v} of a counted loop with unit stride whose old values the
     * reverse sweep needs, and that can be recorded as one range at the loop's entry and put back
     * after its reverse: the loop then writes {@code a[start .. start + count)} once each, and
     * nothing else in it reads or writes {@code a} (or an alias), so no iteration's adjoint needs
     * an element put back before the whole loop's reverse is done.
     */
    private List<Stmt.ArrayStore> rangeRewrites(Stmt.Loop l, Var counter) {
      List<Stmt.ArrayStore> found = new ArrayList<>();
      for (Stmt s : l.body()) {
        if (!(s instanceof Stmt.ArrayStore store) || store.compound() != null
            || !(store.array() instanceof Expr.Read array) || !store.index().equals(new Expr.Read(counter))
            || !(array.var().type() instanceof ArrayType t) || t.dims() != 1 || t.element() != Primitive.DOUBLE
            || !analysis.recordsOldValue(store)) {
          continue;
        }
        java.util.Set<Var> aliases = analysis.aliasesOf(array.var());
        boolean[] alone = {!Derivatives.allVars(store.value()).stream().anyMatch(aliases::contains)};
        java.util.function.Consumer<Stmt> check = t2 -> {
          if (t2 == store) {
            return;
          }
          boolean mentions = Walk.allExpressions(t2).stream()
              .anyMatch(e -> Derivatives.allVars(e).stream().anyMatch(aliases::contains));
          boolean assigns = t2 instanceof Stmt.Assign a && aliases.contains(a.var());
          alone[0] &= !mentions && !assigns && Analysis.arraysWrittenByCall(t2).isEmpty()
              && !(t2 instanceof Stmt.Invoke);
        };
        Walk.statements(l.body(), check);
        Walk.statements(l.update(), check);
        if (alone[0]) {
          found.add(store);
        }
      }
      return found;
    }

    /** {@code a = ...} for an array variable: the reference changes, and its adjoint's with it. */
    private void assignArray(Stmt.Assign a, boolean nested, List<Stmt> forward, List<ReverseStep> steps) {
      boolean hasAdjoint = analysis.mayCarryDerivative(a.var());
      Var bar = hasAdjoint ? adjoints.of(a.var()) : null;
      List<Expr> saved = new ArrayList<>();
      List<Var> restored = new ArrayList<>();
      if (analysis.recordsOldValue(a)) {
        for (Var v : hasAdjoint ? List.of(a.var(), bar) : List.of(a.var())) {
          if (nested) {
            forward.add(new Stmt.Push(tape(), new Expr.Read(v)));
            saved.add(0, new Expr.Pop(tape(), v.type()));
            restored.add(0, v);
          } else {
            Var local = Var.synthetic(names.fresh(v.name() + "Old"), v.type());
            forward.add(new Stmt.Declare(local, new Expr.Read(v), ""));
            saved.add(new Expr.Read(local));
            restored.add(v);
          }
        }
      }
      forward.add(a);
      if (hasAdjoint) {
        forward.add(new Stmt.Assign(bar, null, adjointArray(a.var(), a.value()), ""));
      }
      steps.add(rev -> {
        List<Stmt> block = new ArrayList<>();
        if (hasAdjoint && a.value() instanceof Expr.ArrayLiteral literal) {
          block.addAll(literalAdjoint(a, a.var(), literal));
        }
        if (hasAdjoint && a.value() instanceof Expr.Call call && analysis.isActive(a)) {
          block.addAll(arrayResultAdjoint(a, call, a.var()));
        }
        for (int i = 0; i < saved.size(); i++) {
          block.add(new Stmt.Assign(restored.get(i), null, saved.get(i), ""));
        }
        emit(rev, a.source(), block);
      });
    }

    /** {@code a[i] = v} or {@code a[i] op= v}. */
    private void arrayStore(Stmt.ArrayStore store, boolean active, boolean nested, List<Stmt> forward,
        List<ReverseStep> steps) {
      Expr saved = null;
      if (analysis.recordsOldValue(store) && !recordedByRange.contains(store)) {
        if (nested) {
          forward.add(new Stmt.Push(tape(), store.element()));
          saved = new Expr.Pop(tape(), store.element().type());
        } else {
          Var local = Var.synthetic(names.fresh(store.root().name() + "Old"), store.element().type());
          forward.add(new Stmt.Declare(local, store.element(), ""));
          saved = new Expr.Read(local);
        }
      }
      Expr root = store.rhs();
      int mark = forward.size();
      ForwardKeep keep = keep(root, store, store.root().name(), active, nested, forward);
      forward.add(new Stmt.ArrayStore(store.array(), store.index(), store.compound(), keep.rewrite(store.value()),
          store.source()));
      forwardCalls(store, keep, forward, mark);
      Expr restoreFrom = saved;
      steps.add(rev -> {
        Stmt restore = restoreFrom == null ? null
            : new Stmt.ArrayStore(store.array(), store.index(), null, restoreFrom, "");
        boolean readsOld = Derivatives.valueReads(root, analysis.variedBefore(store)).stream()
            .anyMatch(v -> analysis.aliasesOf(store.root()).contains(v));
        List<Stmt> block = new ArrayList<>(popKept(keep, nested && active));
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
                .splitting(splitCalls.get(store), tape);
            block.addAll(adjoint.generate(null, seedExpr, false));
          } else {
            Var incoming = Var.synthetic(names.fresh(store.root().name() + "BarElement"), Primitive.DOUBLE);
            block.add(new Stmt.Declare(incoming, elementBar, ""));
            block.add(new Stmt.ArrayStore(elementBar.array(), elementBar.index(), null, Exprs.ZERO, ""));
            Expr newValue = readsOld && restore != null ? null : store.element();
            var adjoint = new StatementAdjoint(root, newValue, analysis.variedBefore(store), kept, adjoints, names)
                .splitting(splitCalls.get(store), tape);
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
      Expr saved = null;
      if (analysis.undoesOldValue(a)) {
        // k += c is undone by k -= c: integer arithmetic is exact.
        BinaryOp inverse = a.compound() == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
        saved = new Expr.Binary(inverse, new Expr.Read(a.var()), a.value(), a.var().type());
      } else if (analysis.recordsOldValue(a)) {
        if (nested) {
          forward.add(new Stmt.Push(tape(), new Expr.Read(a.var())));
          saved = new Expr.Pop(tape(), a.var().type());
        } else {
          Var local = Var.synthetic(names.fresh(a.var().name() + "Old"), a.var().type());
          forward.add(new Stmt.Declare(local, new Expr.Read(a.var()), ""));
          saved = new Expr.Read(local);
        }
      }
      Expr root = a.rhs();
      List<Stmt> restores = snapshots(a, forward, nested);
      // Analyse the whole right-hand side: for x *= e, the product needs e kept.
      int mark = forward.size();
      ForwardKeep keep = keep(root, a, a.var().name(), active, nested, forward);
      forward.add(new Stmt.Assign(a.var(), a.compound(), keep.rewrite(a.value()), a.source()));
      forwardCalls(a, keep, forward, mark);
      Expr restoreFrom = saved;
      steps.add(rev -> {
        Stmt restore = restoreFrom == null ? null : new Stmt.Assign(a.var(), null, restoreFrom, "");
        // The adjoint reads the old value of a variable that the statement reads and writes.
        boolean readsOldTarget = Derivatives.valueReads(root, analysis.variedBefore(a)).contains(a.var());
        List<Stmt> block = new ArrayList<>(popKept(keep, nested && active));
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
     * What the forward sweep keeps of an active statement. Inside blocks nothing is kept: a
     * kept value would be overwritten by the next iteration, so the reverse sweep recomputes.
     */
    private ForwardKeep keep(Expr e, Stmt s, String base, boolean active, boolean nested, List<Stmt> forward) {
      if (nested) {
        chooseSplitCall(s, e, active);
      }
      if (active && nested) {
        // The next iteration overwrites a local: what is kept goes on the tape.
        ForwardKeep keep = ForwardKeep.inLoop(e, analysis.variedBefore(s), names, base);
        keep.declare(forward);
        keep.kept().values().forEach(v -> forward.add(new Stmt.Push(tape(), new Expr.Read(v))));
        return keep;
      }
      if (!active) {
        return ForwardKeep.of(e, Collections.emptySet(), names, base);
      }
      ForwardKeep keep = ForwardKeep.of(e, analysis.variedBefore(s), names, base);
      keep.declare(forward);
      return keep;
    }

    /**
     * In a loop, the values {@code keep} pushed after the statement's other records: popped first
     * of what the statement's reverse reads.
     */
    private List<Stmt> popKept(ForwardKeep keep, boolean nested) {
      List<Stmt> pops = new ArrayList<>();
      if (nested) {
        List<Var> kept = new ArrayList<>(keep.kept().values());
        for (int i = kept.size() - 1; i >= 0; i--) {
          pops.add(new Stmt.Declare(kept.get(i), new Expr.Pop(tape(), kept.get(i).type()), ""));
        }
      }
      return pops;
    }

    /**
     * Calls made in split mode, one per statement at most: the forward sweep calls the callee's
     * {@code mForward}, which leaves what its reverse sweep needs on the tape, and the reverse
     * sweep its {@code mReverse}; the callee's primal then runs once, not twice as with {@code
     * mVjp}. Only calls whose adjoint the reverse sweep surely computes, exactly once: varied,
     * and reached from the statement's root through arithmetic and Math functions alone (not
     * under {@code ?:}, a cast or a condition). Java evaluates operands left to right and the
     * reverse sweep visits them in the same order, so a second split call in one statement
     * would pop the other's values: the others use {@code mVjp}. Only in loops and branches:
     * the primal run once more for a call in straight-line code costs less than a tape.
     */
    private final Map<Stmt, Expr.Call> splitCalls = new java.util.IdentityHashMap<>();

    private void chooseSplitCall(Stmt s, Expr root, boolean active) {
      if (!active || root.type() != Primitive.DOUBLE) {
        return;
      }
      List<Expr.Call> found = new ArrayList<>();
      splitCandidates(root, analysis.variedBefore(s), found);
      for (Expr.Call c : found) {
        if (occurrences(root, c) == 1) {
          splitCalls.put(s, c);
          tape();
          return;
        }
      }
    }

    private static void splitCandidates(Expr e, java.util.Set<Var> varied, List<Expr.Call> found) {
      if (!Derivatives.isVaried(e, varied)) {
        return;
      }
      if (e instanceof Expr.Call c) {
        if (c.callee().split() && !c.callee().writesArrays() && c.type() == Primitive.DOUBLE) {
          found.add(c);
        }
      } else if (e instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB
          || b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
        splitCandidates(b.left(), varied, found);
        splitCandidates(b.right(), varied, found);
      } else if (e instanceof Expr.Unary u && u.op() == dev.adjoint.processor.ir.UnaryOp.NEG) {
        splitCandidates(u.operand(), varied, found);
      } else if (e instanceof Expr.MathCall m) {
        m.args().forEach(arg -> splitCandidates(arg, varied, found));
      }
    }

    private static int occurrences(Expr e, Expr what) {
      int n = e.equals(what) ? 1 : 0;
      for (Expr child : Derivatives.children(e)) {
        n += occurrences(child, what);
      }
      return n;
    }

    /**
     * The forward sweep's statements from {@code from} on, with the split call of {@code s}
     * (as {@code keep} rewrote it) made through {@code mForward}: it occurs once among them.
     */
    private void forwardCalls(Stmt s, ForwardKeep keep, List<Stmt> forward, int from) {
      Expr.Call split = splitCalls.get(s);
      if (split == null) {
        return;
      }
      Expr call = keep.rewrite(split);
      boolean[] done = {false};
      java.util.function.UnaryOperator<Expr>[] replace = new java.util.function.UnaryOperator[1];
      replace[0] = e -> {
        if (!done[0] && e.equals(call)) {
          done[0] = true;
          return new Expr.ForwardCall((Expr.Call) e, tape());
        }
        return Rebuild.mapChildren(e, replace[0]);
      };
      for (int i = from; i < forward.size(); i++) {
        Stmt t = forward.get(i);
        if (t instanceof Stmt.Declare d && d.init() != null) {
          forward.set(i, new Stmt.Declare(d.var(), replace[0].apply(d.init()), d.source()));
        } else if (t instanceof Stmt.Assign a) {
          forward.set(i, new Stmt.Assign(a.var(), a.compound(), replace[0].apply(a.value()), a.source()));
        } else if (t instanceof Stmt.ArrayStore a) {
          forward.set(i, new Stmt.ArrayStore(a.array(), a.index(), a.compound(), replace[0].apply(a.value()),
              a.source()));
        }
      }
      if (!done[0]) {
        throw new IllegalStateException("split call not in the forward sweep: " + split);
      }
    }

    private List<Stmt> adjoint(Stmt s, Expr root, Expr rootValue, Var target, Map<Expr, Var> kept) {
      Expr rootSeed;
      if (target == null) {
        rootSeed = new Expr.Read(seed);
      } else {
        if (!adjoints.inBlock() && !adjoints.isDeclared(target) && !splitCalls.containsKey(s)) {
          // At the top level, an adjoint nobody has added to yet is zero: nothing to propagate.
          // (A split call's mReverse runs all the same: it pops what its mForward pushed.)
          return List.of();
        }
        adjoints.ensureDeclared(target);
        rootSeed = new Expr.Read(adjoints.of(target));
      }
      java.util.Set<Var> varied = analysis.variedBefore(s);
      if (s == f.body().get(f.body().size() - 1) && !seededSums.isEmpty()) {
        // Their adjoint, the seed, was set before their loop.
        varied = new java.util.HashSet<>(varied);
        varied.removeAll(seededSums);
      }
      var statement = new StatementAdjoint(root, rootValue, varied, kept, adjoints, names)
          .splitting(splitCalls.get(s), tape);
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
}
