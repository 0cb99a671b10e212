package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * What one step of the forward sweep (a statement, a branch, a loop) keeps for its reverse, and
 * the only code that reads it back: each value is kept once by the forward sweep and read once at
 * the start of the step's reverse, last kept first. Inside loops and branches the values go on the
 * tape; at the top level, where each statement runs once, they stay in locals the reverse reads.
 *
 * <p>A step's children (the statements of a loop or branch, the {@code mForward} of a split call)
 * push their own values while the step runs. The step's ranges ({@link #keepRange}) go on the
 * tape at its entry, under its children's values, and come back after the children's reverse; its
 * other values go on after its children's and come back before. A value taken before a child runs,
 * such as an assignment's old target before a split call in its right-hand side, is held in a
 * local until the step's end for that reason ({@code childPushesFirst}). So the order of the tape
 * follows from the structure, and no other code pushes or pops.
 */
final class TapeFrame {
  /**
   * A kept value, read back into {@code local}; {@code pushed} is what goes on the tape. An entry
   * without a local is a whole {@code double[]} ({@code pushed}) kept on the tape's own storage
   * and put back in place.
   */
  private record Entry(Var local, Expr pushed, String site) {}

  private record Range(Expr array, Expr from, Expr count, String site) {}

  private final Sweep sweep;
  private final boolean onTape;
  private final boolean childPushesFirst;
  private final List<Entry> entries = new ArrayList<>();
  private final List<Entry> held = new ArrayList<>();
  private final List<Range> ranges = new ArrayList<>();

  TapeFrame(Sweep sweep, boolean onTape, boolean childPushesFirst) {
    this.sweep = sweep;
    this.onTape = onTape;
    this.childPushesFirst = childPushesFirst;
  }

  /** Keeps {@code value} as it is now; the step's reverse reads it from the local returned. */
  Var keep(String name, Expr value, List<Stmt> forward) {
    Var local = Var.synthetic(sweep.names.fresh(name), value.type());
    if (!onTape || childPushesFirst) {
      forward.add(new Stmt.Declare(local, value, ""));
      add(local, new Expr.Read(local), forward);
    } else {
      add(local, value, forward);
    }
    return local;
  }

  /**
   * Keeps the contents of {@code array} (a {@code double[]}) as they are now, for a step that
   * writes into it; the step's reverse puts them back in place when it reads its values back.
   * Returns false, keeping nothing, where that is not possible: at the top level (no tape), and
   * where a child pushes first (the contents must be back before the child's reverse, which reads
   * values pushed after them).
   */
  boolean keepContents(Expr array, List<Stmt> forward) {
    if (!onTape || childPushesFirst) {
      return false;
    }
    Entry entry = new Entry(null, array, sweep.site(Exprs.rootVar(array).name() + " contents"));
    entries.add(entry);
    forward.add(new Stmt.PushRange(sweep.tape(), array, Exprs.zeroOf(Primitive.INT), new Expr.Length(array), entry.site()));
    return true;
  }

  /**
   * Keeps what {@code local} holds at the end of the step (a kept Math result, a branch decision,
   * a trip count); the step's reverse reads it back into {@code local} itself.
   */
  void keepLocal(Var local, List<Stmt> forward) {
    add(local, new Expr.Read(local), forward);
  }

  private void add(Var local, Expr pushed, List<Stmt> forward) {
    Entry entry = new Entry(local, pushed, onTape ? sweep.site(local.name()) : null);
    entries.add(entry);
    if (!onTape) {
      return;
    }
    if (childPushesFirst) {
      held.add(entry);
    } else {
      forward.add(new Stmt.Push(sweep.tape(), pushed, entry.site()));
    }
  }

  /**
   * Keeps {@code array[from .. from + count)} in one copy at the entry of the step, before any of
   * its children run; it is put back after their reverse ({@link #rangesBack}).
   */
  void keepRange(Expr array, Expr from, Expr count, List<Stmt> forward) {
    if (!entries.isEmpty()) {
      throw new IllegalStateException("a range is kept at a step's entry, before its other values");
    }
    Range range = new Range(array, from, count, sweep.site(Exprs.rootVar(array).name() + " range"));
    ranges.add(range);
    forward.add(new Stmt.PushRange(sweep.tape(), array, from, count, range.site()));
  }

  /** The end of the step's forward sweep: what was held goes on the tape, after the children's values. */
  void end(List<Stmt> forward) {
    for (Entry entry : held) {
      forward.add(new Stmt.Push(sweep.tape(), entry.pushed(), entry.site()));
    }
    held.clear();
  }

  /** The start of the step's reverse: every value kept, last first, back into its local. */
  List<Stmt> readBack() {
    if (!held.isEmpty()) {
      throw new IllegalStateException("the step's forward sweep was not ended");
    }
    List<Stmt> out = new ArrayList<>();
    if (!onTape) {
      return out;
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry entry = entries.get(i);
      if (entry.local() == null) {
        out.add(new Stmt.PopRange(sweep.tape(), entry.pushed(), Exprs.zeroOf(Primitive.INT), new Expr.Length(entry.pushed()),
            entry.site()));
        continue;
      }
      Expr pop = new Expr.Pop(sweep.tape(), entry.local().type(), entry.site());
      // A parameter is declared already (mReverse's carried values): it gets its value back.
      out.add(entry.local().role() == Var.Role.PARAMETER ? new Stmt.Assign(entry.local(), null, pop, "")
          : new Stmt.Declare(entry.local(), pop, ""));
    }
    return out;
  }

  /** The end of the step's reverse, after its children's: the ranges put back, last first. */
  List<Stmt> rangesBack() {
    List<Stmt> out = new ArrayList<>();
    for (int i = ranges.size() - 1; i >= 0; i--) {
      Range r = ranges.get(i);
      out.add(new Stmt.PopRange(sweep.tape(), r.array(), r.from(), r.count(), r.site()));
    }
    return out;
  }
}
