package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.RecordType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse of a loop by binomial checkpointing ({@code @CheckpointedLoop}). The forward sweep
 * runs the loop as written, recording nothing, and keeps its entry state and its trip count. The
 * reverse sweep puts the entry state back and follows the runtime's schedule ({@code
 * dev.adjoint.runtime.Revolve}): it copies the loop's state into snapshot slots and back, runs
 * iterations as written to advance, and reverses one iteration at a time, last first, as the
 * ordinary reverse of a loop reverses each of its iterations: the iteration's forward sweep, which
 * keeps on the tape what its reverse reads, then at once that reverse. At the end the entry state
 * is put back again, as the statements before the loop expect to find it.
 *
 * <p>The state is what the iterations change: the variables declared outside the loop that it
 * assigns, and the arrays it writes into (copied whole). The entry state adds what they read that
 * other code may change afterwards: every number they read, and every array they read that the
 * method writes somewhere.
 */
final class CheckpointedLoop {
  private static final TypeRef REVOLVE = new TypeRef("dev.adjoint.runtime", List.of("Revolve"));
  private static final RecordType SCHEDULE = new RecordType(REVOLVE);

  private final Sweep sweep;
  private final ReverseSweep walk;

  CheckpointedLoop(Sweep sweep, ReverseSweep walk) {
    this.sweep = sweep;
    this.walk = walk;
  }

  void reverse(Stmt.Loop l, int snapshots, Var counter, boolean nested, List<Stmt> forward,
      List<ReverseSweep.ReverseStep> steps) {
    List<Stmt> iteration = new ArrayList<>(l.body());
    iteration.addAll(l.update());
    Set<Var> state = new LinkedHashSet<>();
    Set<Var> entryState = new LinkedHashSet<>();
    state(iteration, state, entryState);
    // What an iteration sets before it reads it is not carried from one iteration to the next.
    state.removeAll(setBeforeRead(iteration));
    // Array variables the iterations make point elsewhere are their own (hoisted) locals: their
    // references are kept, not their contents (which may not exist yet).
    Set<Var> repointed = new java.util.HashSet<>();
    Walk.statements(iteration, st -> {
      if (st instanceof Stmt.Assign a && a.var().type().isArray()) {
        repointed.add(a.var());
      }
    });

    forward.add(new Stmt.Comment("Checkpointed loop: its entry state kept, the loop run as written and counted."));
    TapeFrame frame = sweep.frame(nested, false);
    Map<Var, Var> entry = new LinkedHashMap<>();
    for (Var v : entryState) {
      entry.put(v, frame.keep(v.name() + "Entry", copy(v, repointed), forward));
    }
    Var count = Var.synthetic(sweep.names.fresh(l.id() + "Count"), Primitive.INT);
    forward.add(new Stmt.Declare(count, Expr.Constant.ofInt(0), ""));
    List<Stmt> counted = new ArrayList<>(l.body());
    counted.add(new Stmt.Assign(count, BinaryOp.ADD, Expr.Constant.ofInt(1), ""));
    forward.add(new Stmt.Loop(l.id(), l.condition(), counted, l.update(), l.testFirst(), l.source()));
    frame.keepLocal(count, forward);
    frame.end(forward);

    // One iteration's forward sweep, keeping on the tape what its reverse reads.
    sweep.tape();
    List<Stmt> taped = new ArrayList<>();
    List<ReverseSweep.ReverseStep> bodySteps = walk.forwardBlock(l.body(), taped, true);
    List<ReverseSweep.ReverseStep> updateSteps = walk.forwardBlock(l.update(), taped, true);

    steps.add(rev -> {
      sweep.adjoints.enterBlock();
      List<Stmt> reverseIteration = new ArrayList<>();
      ReverseSweep.emitReverse(updateSteps, reverseIteration);
      ReverseSweep.emitReverse(bodySteps, reverseIteration);
      sweep.adjoints.exitBlock();
      rev.add(new Stmt.Comment(l.source() + " (checkpointed: iterations recomputed from snapshots, reversed last first)"));
      rev.addAll(frame.readBack());
      putBack(entry, repointed, rev);
      Var schedule = Var.synthetic(sweep.names.fresh("schedule"), SCHEDULE);
      rev.add(new Stmt.Declare(schedule, new Expr.PrimalCall(REVOLVE, "of",
          List.of(new Expr.Read(count), Expr.Constant.ofInt(snapshots)), SCHEDULE, true, null), ""));
      Map<Var, Var> slots = declareSlots(state, schedule, rev);
      Var action = Var.synthetic(sweep.names.fresh("action"), Primitive.INT);
      rev.add(new Stmt.Declare(action, call(schedule, "next"), ""));
      List<Stmt> store = new ArrayList<>();
      List<Stmt> restore = new ArrayList<>();
      for (Map.Entry<Var, Var> e : slots.entrySet()) {
        Expr slot = new Expr.ArrayRead(new Expr.Read(e.getValue()), call(schedule, "slot"), e.getKey().type());
        store.add(new Stmt.ArrayStore(new Expr.Read(e.getValue()), call(schedule, "slot"), null,
            copy(e.getKey(), repointed), ""));
        restore.add(contentsKept(e.getKey(), repointed) ? new Stmt.CopyInto(slot, new Expr.Read(e.getKey()))
            : new Stmt.Assign(e.getKey(), null, slot, ""));
      }
      List<Stmt> advance = advance(l, schedule);
      // REVERSE: the iteration's forward sweep, then (in a block of its own, as its locals are
      // declared again) its reverse.
      List<Stmt> record = new ArrayList<>();
      List<Stmt> reverseOne = new ArrayList<>();
      if (counter != null) {
        // The counter is recomputed, not kept: the iteration's reverse reads it as the iteration began.
        Var counterAtStep = Var.synthetic(sweep.names.fresh(counter.name() + "AtStep"), counter.type());
        rev.add(new Stmt.Declare(counterAtStep, Exprs.zeroOf(counter.type()), ""));
        record.add(new Stmt.Assign(counterAtStep, null, new Expr.Read(counter), ""));
        reverseOne.add(new Stmt.Assign(counter, null, new Expr.Read(counterAtStep), ""));
      }
      record.addAll(taped);
      reverseOne.addAll(reverseIteration);
      List<Stmt> dispatch = List.of(
          new Stmt.If(is(action, "STORE"), store, List.of(
              new Stmt.If(is(action, "RESTORE"), restore, List.of(
                  new Stmt.If(is(action, "ADVANCE"), advance, record, "")), "")), ""),
          new Stmt.If(is(action, "REVERSE"), reverseOne, List.of(), ""));
      rev.add(new Stmt.Loop(sweep.names.fresh(l.id() + "Schedule"),
          new Expr.Binary(BinaryOp.NE, new Expr.Read(action), constant("DONE"), Primitive.BOOLEAN),
          dispatch, List.of(new Stmt.Assign(action, null, call(schedule, "next"), "")), true, ""));
      putBack(entry, repointed, rev);
    });
  }

  /** One array of snapshot slots for each variable of the loop's state, as many as the schedule has. */
  private Map<Var, Var> declareSlots(Set<Var> state, Var schedule, List<Stmt> rev) {
    Map<Var, Var> slots = new LinkedHashMap<>();
    for (Var v : state) {
      ArrayType type = v.type() instanceof ArrayType a ? new ArrayType(a.element(), a.dims() + 1, a.floats())
          : new ArrayType((Primitive) v.type(), 1);
      Var slotArray = Var.synthetic(sweep.names.fresh(v.name() + "Snapshots"), type);
      rev.add(new Stmt.Declare(slotArray, new Expr.NewArray(type, List.of(call(schedule, "snapshots"))), ""));
      slots.put(v, slotArray);
    }
    return slots;
  }

  /** ADVANCE: the iterations {@code from} .. {@code to - 1} as written, recording nothing. */
  private List<Stmt> advance(Stmt.Loop l, Var schedule) {
    Var j = Var.synthetic(sweep.names.fresh("j"), Primitive.INT);
    List<Stmt> advance = new ArrayList<>();
    advance.add(new Stmt.Declare(j, call(schedule, "from"), ""));
    List<Stmt> update = new ArrayList<>(l.update());
    update.add(new Stmt.Assign(j, BinaryOp.ADD, Expr.Constant.ofInt(1), ""));
    advance.add(new Stmt.Loop(sweep.names.fresh(l.id() + "Advance"),
        new Expr.Binary(BinaryOp.LT, new Expr.Read(j), call(schedule, "to"), Primitive.BOOLEAN),
        l.body(), update, true, ""));
    return advance;
  }

  /**
   * The loop's state ({@code state}: what its iterations change) and its entry state ({@code
   * entry}: that and what the iterations read that code after the loop may change).
   */
  private void state(List<Stmt> iteration, Set<Var> state, Set<Var> entry) {
    Set<Var> inside = Walk.declaredVars(iteration);
    Set<Var> changed = new LinkedHashSet<>();
    Walk.statements(iteration, s -> {
      if (s instanceof Stmt.Assign a) {
        changed.add(a.var());
      } else if (s instanceof Stmt.ArrayStore a) {
        changed.add(Exprs.rootVar(a.array()));
      }
      for (Expr written : Analysis.arraysWrittenByCall(s)) {
        changed.add(Exprs.rootVar(written));
      }
    });
    for (Var v : changed) {
      if (v != null && !inside.contains(v) && (v.type() instanceof Primitive || v.type() instanceof ArrayType)) {
        state.add(v);
      }
    }
    entry.addAll(state);
    Set<Var> writtenArrays = sweep.analysis.writtenArrays();
    for (Var v : Walk.mentionedVars(iteration)) {
      boolean number = v.type() instanceof Primitive;
      boolean changedArray = v.type() instanceof ArrayType && writtenArrays.contains(v);
      if (!inside.contains(v) && (number || changedArray) && v.role() != Var.Role.SYNTHETIC) {
        entry.add(v);
      }
    }
  }

  /**
   * The variables each iteration assigns before it reads them: their first mention is a
   * statement of the iteration's own level (run every time) that assigns them a value not read
   * from them.
   */
  private static Set<Var> setBeforeRead(List<Stmt> iteration) {
    Set<Var> seen = new java.util.HashSet<>();
    Set<Var> set = new java.util.HashSet<>();
    for (Stmt s : iteration) {
      if (s instanceof Stmt.Assign a && a.compound() == null && !seen.contains(a.var()) && !reads(a.value(), a.var())) {
        set.add(a.var());
      }
      seen.addAll(Walk.mentionedVars(List.of(s)));
    }
    return set;
  }

  private static boolean reads(Expr e, Var v) {
    boolean[] found = {false};
    Walk.nodes(e, node -> found[0] |= node instanceof Expr.Read r && r.var().equals(v));
    return found[0];
  }

  /** Whether {@code v}'s contents are kept, rather than its value: an array the loop writes into in place. */
  private static boolean contentsKept(Var v, Set<Var> repointed) {
    return v.type() instanceof ArrayType && !repointed.contains(v);
  }

  /** The value of {@code v} to keep: itself, or a copy of an array's contents. */
  private static Expr copy(Var v, Set<Var> repointed) {
    return contentsKept(v, repointed) ? new Expr.CopyOf(new Expr.Read(v), (ArrayType) v.type()) : new Expr.Read(v);
  }

  private static void putBack(Map<Var, Var> entry, Set<Var> repointed, List<Stmt> rev) {
    for (Map.Entry<Var, Var> e : entry.entrySet()) {
      rev.add(contentsKept(e.getKey(), repointed)
          ? new Stmt.CopyInto(new Expr.Read(e.getValue()), new Expr.Read(e.getKey()))
          : new Stmt.Assign(e.getKey(), null, new Expr.Read(e.getValue()), ""));
    }
  }

  private static Expr call(Var schedule, String method) {
    return new Expr.Field(schedule, method, Primitive.INT, true);
  }

  private static Expr constant(String action) {
    return new Expr.StaticField(REVOLVE, action, Primitive.INT, null);
  }

  private static Expr is(Var action, String name) {
    return new Expr.Binary(BinaryOp.EQ, new Expr.Read(action), constant(name), Primitive.BOOLEAN);
  }
}
