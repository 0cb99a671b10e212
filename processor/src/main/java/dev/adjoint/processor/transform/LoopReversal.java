package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.analysis.IndependentIterations;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reverse of a loop: a loop of the same number of iterations run backwards, each iteration's
 * statements reversed. What the reverse sweep cannot recompute is kept by the loop's {@link
 * TapeFrame}: its trip count and start, unless they follow from values the reverse sweep has,
 * and, for a range the loop rewrites, the range's old contents in one copy. A top-level loop of
 * sums whose iterations are independent ({@link IndependentIterations}) is instead reversed
 * iteration by iteration inside its forward sweep.
 */
final class LoopReversal {
  private final Sweep sweep;
  private final ReverseSweep walk;
  /** Counters of the counted loops around the code being transformed: recomputed, so known. */
  private final Deque<Var> enclosingCounters = new ArrayDeque<>();
  /** Stores whose old values a range kept at their loop's entry records, or that are run again. */
  private final Set<Stmt> recordedByRange = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Stores of rewrites that the reverse of their enclosing loop's iterations runs again ({@link RecomputedRewrites}). */
  private final Set<Stmt> recomputedStores = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Sums whose adjoint the forward sweep set before their loop (see {@link #reverseEachIteration}). */
  private final Set<Var> seededSums = new HashSet<>();
  private boolean reversedInForwardSweep;

  LoopReversal(Sweep sweep, ReverseSweep walk) {
    this.sweep = sweep;
    this.walk = walk;
  }

  boolean recordedByRange(Stmt store) {
    return recordedByRange.contains(store);
  }

  Set<Var> seededSums() {
    return seededSums;
  }

  /** Whether some loop was reversed in the forward sweep. */
  boolean reversedInForwardSweep() {
    return reversedInForwardSweep;
  }

  void loop(Stmt.Loop l, Stmt previous, List<Stmt> forward, List<ReverseSweep.ReverseStep> steps, boolean nested,
      boolean fuse) {
    if (!walk.needsReverse(List.of(l))) {
      forward.add(l);
      return;
    }
    Integer snapshots = sweep.f.checkpointedLoops().get(l.id());
    if (snapshots != null) {
      Var counter = sweep.analysis.recomputedCounter(l);
      if (counter != null) {
        enclosingCounters.push(counter);
      }
      new CheckpointedLoop(sweep, walk).reverse(l, snapshots, counter, nested, forward, steps);
      if (counter != null) {
        enclosingCounters.pop();
      }
      return;
    }
    Map<Var, Expr> sums = !fuse || nested ? null
        : IndependentIterations.sums(sweep.f, sweep.analysis, indexOf(sweep.f.body(), l), new Expr.Read(sweep.seed));
    if (sums != null) {
      reverseEachIteration(l, sums, forward, steps);
      return;
    }
    Var counter = sweep.analysis.recomputedCounter(l);
    Expr knownStart = counter == null ? null : recomputableStart(counter, previous);
    Expr knownCount = counter == null ? null : recomputableCount(l, counter, knownStart);
    TapeFrame frame = sweep.frame(nested, false);
    Var start = null;
    if (counter != null && knownCount == null) {
      start = Var.synthetic(sweep.names.fresh(l.id() + "Start"), Primitive.INT);
      forward.add(new Stmt.Declare(start, new Expr.Read(counter), ""));
    }
    List<Stmt> body = new ArrayList<>();
    Var count = null;
    if (knownCount == null) {
      count = Var.synthetic(sweep.names.fresh(l.id() + "Count"), Primitive.INT);
      forward.add(new Stmt.Declare(count, Expr.Constant.ofInt(0), ""));
      body.add(new Stmt.Assign(count, BinaryOp.ADD, Expr.Constant.ofInt(1), ""));
    }
    List<Stmt.ArrayStore> rewrites = knownCount == null || Analysis.countedLoopStride(l) != 1 ? List.of()
        : rangeRewrites(l, counter);
    for (Stmt.ArrayStore store : rewrites) {
      if (!recomputedStores.contains(store)) {
        frame.keepRange(store.array(), knownStart, knownCount, forward);
      }
      recordedByRange.add(store);
    }
    RecomputedRewrites.Found recomputed = sweep.on(Optimization.RECOMPUTED_REWRITES)
        ? RecomputedRewrites.in(l, sweep, enclosingCounters) : RecomputedRewrites.Found.NONE;
    recomputedStores.addAll(recomputed.stores());
    recordedByRange.addAll(recomputed.stores());
    if (counter != null) {
      enclosingCounters.push(counter);
    }
    List<ReverseSweep.ReverseStep> bodySteps = walk.forwardBlock(l.body(), body, true);
    List<Stmt> update = new ArrayList<>();
    List<ReverseSweep.ReverseStep> updateSteps = walk.forwardBlock(l.update(), update, true);
    if (counter != null) {
      enclosingCounters.pop();
    }
    if (knownCount != null) {
      reserve(body, knownCount, forward);
    }
    forward.add(new Stmt.Loop(l.id(), l.condition(), body, update, l.testFirst(), l.source()));
    // Start and trip count follow from values the reverse sweep has, or are kept.
    Expr times = knownCount != null ? knownCount : new Expr.Read(count);
    Expr startValue = knownCount != null ? knownStart : start == null ? null : new Expr.Read(start);
    if (count != null) {
      frame.keepLocal(count, forward);
    }
    if (start != null) {
      frame.keepLocal(start, forward);
    }
    frame.end(forward);
    steps.add(rev -> {
      sweep.adjoints.enterBlock();
      List<Stmt> iteration = new ArrayList<>();
      Var k = Var.synthetic(sweep.names.fresh("k"), Primitive.INT);
      if (counter != null) {
        // The counter is recomputed, not recorded: iteration k ran with start + (k - 1) * step.
        Expr offset = Exprs.mul(
            Exprs.sub(new Expr.Read(k), Expr.Constant.ofInt(1)),
            Expr.Constant.ofInt(Analysis.countedLoopStride(l)));
        iteration.add(new Stmt.Assign(counter, null, Exprs.add(startValue, offset), ""));
      }
      ReverseSweep.emitReverse(updateSteps, iteration);
      if (!recomputed.prologue().isEmpty()) {
        iteration.add(new Stmt.Comment("Computed again rather than kept:"));
        iteration.addAll(recomputed.prologue());
      }
      ReverseSweep.emitReverse(bodySteps, iteration);
      sweep.adjoints.exitBlock();
      if (!l.source().isEmpty()) {
        rev.add(new Stmt.Comment(l.source()));
      }
      rev.addAll(frame.readBack());
      rev.add(new Stmt.Repeat(k, times, iteration));
      rev.addAll(frame.rangesBack());
    });
  }

  /**
   * Whether the reverse sweep can evaluate {@code e} inside the loop and get its forward value:
   * it reads only variables that keep one value (or the counters of enclosing loops, which the
   * reverse sweep recomputes), and no array element or call, whose values the code in between
   * may change.
   */
  private boolean recomputable(Expr e) {
    for (Var v : Derivatives.allVars(e)) {
      if (!sweep.analysis.isInvariant(v) && !enclosingCounters.contains(v)) {
        return false;
      }
    }
    boolean[] readsMemory = {false};
    Walk.nodes(e, node -> readsMemory[0] |= node instanceof Expr.ArrayRead || node instanceof Expr.Call
        || (node instanceof Expr.PrimalCall p && !p.owner().qualifiedName().startsWith("java.lang.")));
    return !readsMemory[0];
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
    // An int bound: against a double, the trip count is not bound - start.
    if (start == null || stride <= 0 || !l.testFirst() || !(l.condition() instanceof Expr.Binary c)
        || !(c.left() instanceof Expr.Read r) || r.var() != counter || c.right().type() != Primitive.INT
        || !recomputable(c.right()) || (c.op() != BinaryOp.LT && c.op() != BinaryOp.LE)) {
      return null;
    }
    Expr span = Exprs.sub(c.right(), start);
    if (c.op() == BinaryOp.LE) {
      span = Exprs.add(span, Expr.Constant.ofInt(1));
    }
    if (stride != 1) {
      span = Exprs.div(Exprs.add(span, Expr.Constant.ofInt(stride - 1)), Expr.Constant.ofInt(stride));
    }
    return new Expr.PrimalCall(new TypeRef("java.lang", List.of("Math")), "max",
        List.of(Expr.Constant.ofInt(0), span), Primitive.INT, true, Origin.NONE);
  }

  /**
   * The loop's sums have their adjoint (the seed, or a multiple) from the start, so each
   * iteration's reverse sweep runs right after the iteration, in the forward sweep; the tape
   * then holds one iteration's values at a time. The return's adjoint leaves the sums alone.
   */
  private void reverseEachIteration(Stmt.Loop l, Map<Var, Expr> sums, List<Stmt> forward,
      List<ReverseSweep.ReverseStep> steps) {
    // No reverse loop later: nothing about the trip count to keep, and the counter holds each
    // iteration's value when that iteration is reversed.
    List<Stmt> body = new ArrayList<>();
    sweep.iterationwise = l;
    enclosingCounters.push(Analysis.countedLoopCounter(l));
    List<ReverseSweep.ReverseStep> bodySteps = walk.forwardBlock(l.body(), body, true);
    List<Stmt> update = new ArrayList<>();
    List<ReverseSweep.ReverseStep> updateSteps = walk.forwardBlock(l.update(), update, true);
    enclosingCounters.pop();
    for (Map.Entry<Var, Expr> sum : sums.entrySet()) {
      sweep.adjoints.accumulate(sum.getKey(), sum.getValue(), forward);
      seededSums.add(sum.getKey());
    }
    sweep.adjoints.enterBlock();
    List<Stmt> iteration = new ArrayList<>();
    // The update steps a recomputed counter (IndependentIterations): nothing to reverse there.
    ReverseSweep.emitReverse(updateSteps, iteration);
    ReverseSweep.emitReverse(bodySteps, iteration);
    sweep.adjoints.exitBlock();
    sweep.iterationwise = null;
    if (!iteration.isEmpty()) {
      Set<Var> declaredInBody = new HashSet<>();
      body.stream().filter(Stmt.Declare.class::isInstance).forEach(d -> declaredInBody.add(((Stmt.Declare) d).var()));
      body.add(new Stmt.Comment("Reverse sweep of this iteration."));
      body.addAll(assignedNotRedeclared(iteration, declaredInBody));
    }
    if (sweep.on(Optimization.ITERATION_LOCALS)) {
      body = IterationLocals.apply(body, sweep.names);
    }
    forward.add(new Stmt.Loop(l.id(), l.condition(), body, update, l.testFirst(), l.source()));
    reversedInForwardSweep = true;
    steps.add(rev -> {
      if (!l.source().isEmpty()) {
        rev.add(new Stmt.Comment(l.source() + ": reversed iteration by iteration in the forward sweep"));
      }
    });
  }

  /**
   * The reverse sweep of an iteration, placed after its forward sweep in one scope: a value the
   * forward sweep declared there (a kept {@code Math} result) is assigned, not declared again.
   */
  private static List<Stmt> assignedNotRedeclared(List<Stmt> block, Set<Var> declared) {
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
      forward.add(new Stmt.Reserve(sweep.tape(), perIteration(count, doubles), perIteration(count, ints)));
    }
  }

  private static Expr perIteration(Expr count, int n) {
    return n == 0 ? Expr.Constant.ofInt(0) : n == 1 ? count : Exprs.mul(count, Expr.Constant.ofInt(n));
  }

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
          || !sweep.recordsOldValue(store)) {
        continue;
      }
      Set<Var> aliases = sweep.analysis.aliasesOf(array.var());
      boolean[] alone = {!Derivatives.allVars(store.value()).stream().anyMatch(aliases::contains)};
      Consumer<Stmt> check = t2 -> {
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
}
