package dev.adjoint.processor.analysis;

import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reverse transformation needs to know about a function, per statement:
 *
 * <ul>
 *   <li><b>activity</b>: the variables that depend differentiably on an active parameter before
 *       the statement ("varied"), and whether the statement both is varied and influences the
 *       result ("active"); inactive statements get no adjoint code;
 *   <li><b>to-be-recorded</b>: whether the statement overwrites a value that the reverse sweep of
 *       this or an earlier active statement reads, so the forward sweep must keep it.
 * </ul>
 */
public final class Analysis {
  private final Map<Stmt, Set<Var>> variedBefore = new IdentityHashMap<>();
  private final Set<Stmt> active = Collections.newSetFromMap(new IdentityHashMap<>());
  private Set<Stmt> recordsOldValue = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * For each top-level loop, what its statements record when its iterations are each reversed
   * right after they run ({@link #recordsOldValue(Stmt, Stmt.Loop)}).
   */
  private final Map<Stmt.Loop, Set<Stmt>> recordedWhenIterationwise = new IdentityHashMap<>();
  /** What the adjoints of the statements before each top-level loop read. */
  private final Map<Stmt.Loop, Set<Var>> readBeforeLoop = new IdentityHashMap<>();
  private final Aliases aliases;
  private final List<Stmt> body;
  private Set<Var> referenceReads = Set.of();

  private final Settings settings;

  private Analysis(Function f, Settings settings) {
    this.aliases = Aliases.of(f);
    this.body = f.body();
    this.settings = settings;
  }

  /** Analyses {@code f}; throws a ProblemException where a derivative would silently be lost. */
  public static Analysis of(Function f, Settings settings) {
    Analysis a = new Analysis(f, settings);
    a.countDefinitions(f);
    a.activity(f);
    ActivityChecks.check(f.body(), a);
    a.referenceReads = a.referenceReads();
    if (settings.on(Optimization.TO_BE_RECORDED)) {
      a.toBeRecorded(f);
    } else {
      a.recordEveryOverwrite(f.body());
    }
    if (settings.on(Optimization.RECOMPUTED_COUNTERS)) {
      a.invertIntegerSteps();
    }
    if (settings.on(Optimization.TO_BE_RECORDED) && settings.on(Optimization.ITERATION_RECORDS)) {
      a.recordIterationwise();
    }
    return a;
  }

  /**
   * The recording of a loop whose iterations are each reversed right after they run: an
   * iteration's overwrite destroys only what its own earlier statements' adjoints read, or what
   * the adjoints of the statements before the loop read (they run after the whole loop's). The
   * earlier iterations' reverses have run already, so what they read is no longer needed: a
   * value each iteration assigns before it reads it is never recorded (unlike in a loop reversed
   * as a whole, where every statement of the loop counts as earlier).
   */
  private void recordIterationwise() {
    Set<Stmt> plain = recordsOldValue;
    for (var entry : readBeforeLoop.entrySet()) {
      Stmt.Loop l = entry.getKey();
      Var counter = recomputedCounter(l);
      Set<Var> inner = counter == null ? Set.of() : Set.of(counter);
      recordsOldValue = Collections.newSetFromMap(new IdentityHashMap<>());
      Set<Var> readSoFar = new HashSet<>(entry.getValue());
      recordNested(l.body(), readSoFar, Set.of(), inner);
      if (counter == null) {
        recordNested(l.update(), readSoFar, Set.of(), inner);
      }
      recordsOldValue.removeAll(undone);
      // Never more than the loop reversed as a whole records.
      recordsOldValue.retainAll(plain);
      recordedWhenIterationwise.put(l, recordsOldValue);
    }
    recordsOldValue = plain;
  }

  /**
   * Every overwrite, whether or not an adjoint reads what it destroys; but not the step of a
   * counter the reverse sweep sets afresh at each iteration.
   */
  private void recordEveryOverwrite(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign || s instanceof Stmt.ArrayStore) {
        recordsOldValue.add(s);
      } else if (s instanceof Stmt.If i) {
        recordEveryOverwrite(i.then());
        recordEveryOverwrite(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        recordEveryOverwrite(l.body());
        if (recomputedCounter(l) == null) {
          recordEveryOverwrite(l.update());
        }
      }
    }
  }

  /**
   * The counter of a counted loop that the reverse sweep recomputes instead of recording (see
   * {@link #countedLoopCounter}), or null where it is recorded.
   */
  public Var recomputedCounter(Stmt.Loop l) {
    return settings.on(Optimization.RECOMPUTED_COUNTERS) ? countedLoopCounter(l) : null;
  }

  /**
   * What the reverse sweeps of {@code block} read: the values their adjoints read, their own
   * results included, but not the counters the reverse sweep recomputes.
   */
  public Set<Var> reverseReads(List<Stmt> block) {
    return readsWithin(block);
  }

  public Set<Var> variedBefore(Stmt s) {
    return variedBefore.getOrDefault(s, Set.of());
  }

  /** Whether {@code v} depends on an active parameter anywhere, so that it may have an adjoint. */
  public boolean mayCarryDerivative(Var v) {
    return everVaried.contains(v) || (v.isActiveInput() && v.type().isArray());
  }

  /** Every variable varied before some statement: computed once, asked per statement. */
  private final Set<Var> everVaried = new HashSet<>();

  /**
   * The counter of a counted loop ({@code i += c} or {@code i -= c} its only update, with a
   * constant {@code c}, and {@code i} assigned nowhere in the body), or null. The reverse sweep
   * recomputes such a counter from the loop's start and the iteration instead of recording it.
   */
  public static Var countedLoopCounter(Stmt.Loop l) {
    Stmt.Assign step = countedLoopStep(l);
    if (step == null) {
      return null;
    }
    boolean[] assignedInBody = {false};
    Walk.statements(l.body(), s -> assignedInBody[0] |= step.var().equals(target(s)));
    return assignedInBody[0] ? null : step.var();
  }

  /** The counter's step, +c or -c, of a counted loop. */
  public static int countedLoopStride(Stmt.Loop l) {
    Stmt.Assign step = countedLoopStep(l);
    int c = Integer.parseInt(((Expr.Constant) step.value()).java());
    return step.compound() == BinaryOp.ADD ? c : -c;
  }

  private static Stmt.Assign countedLoopStep(Stmt.Loop l) {
    Stmt update = l.update().size() == 1 ? l.update().get(0) : null;
    // A loop with break has its update guarded by the flag; the counter still counts iterations.
    if (update instanceof Stmt.If guard && guard.then().size() == 1 && guard.otherwise().isEmpty()) {
      update = guard.then().get(0);
    }
    if (isIntegerStep(update) && update instanceof Stmt.Assign a && a.var().type() == Primitive.INT
        && ((Expr.Constant) a.value()).java().matches("[0-9]+")) {
      return a;
    }
    return null;
  }

  /**
   * Whether {@code v} holds one value throughout: a parameter never assigned, or a local assigned
   * only where it is declared at the top level.
   */
  public boolean isInvariant(Var v) {
    return definitions.getOrDefault(v, 0) == (v.role() == Var.Role.PARAMETER ? 0 : 1)
        && !nestedDefinitions.contains(v);
  }

  private final Map<Var, Integer> definitions = new java.util.HashMap<>();
  private final Set<Var> nestedDefinitions = new HashSet<>();

  private void countDefinitions(Function f) {
    for (Stmt s : f.body()) {
      if (s instanceof Stmt.Declare d && d.init() != null) {
        definitions.merge(d.var(), 1, Integer::sum);
      } else if (s instanceof Stmt.Assign a) {
        definitions.merge(a.var(), 1, Integer::sum);
      } else if (s instanceof Stmt.If || s instanceof Stmt.Loop) {
        Walk.statements(List.of(s), inner -> {
          if (inner instanceof Stmt.Assign a) {
            nestedDefinitions.add(a.var());
          } else if (inner instanceof Stmt.Declare d) {
            nestedDefinitions.add(d.var());
          }
        });
      }
    }
  }

  /** Arrays the function writes elements of, directly or through a call, with their aliases. */
  public Set<Var> writtenArrays() {
    return Collections.unmodifiableSet(writtenArrays);
  }

  private final Set<Var> writtenArrays = new HashSet<>();

  /** The array variables that may share elements with {@code v} (itself included). */
  public Set<Var> aliasesOf(Var v) {
    return aliases.of(v);
  }

  public boolean isActive(Stmt s) {
    return active.contains(s);
  }

  public boolean recordsOldValue(Stmt s) {
    return recordsOldValue.contains(s);
  }

  /**
   * Whether {@code s} records its target's old value when {@code iterationwise}, the top-level
   * loop that holds it, has its iterations each reversed right after they run (null for a
   * statement in no such loop).
   */
  public boolean recordsOldValue(Stmt s, Stmt.Loop iterationwise) {
    Set<Stmt> recorded = iterationwise == null ? null : recordedWhenIterationwise.get(iterationwise);
    return recorded == null ? recordsOldValue.contains(s) : recorded.contains(s);
  }

  /**
   * Whether an earlier adjoint reads the value the counter of this counted loop had before the
   * loop: the loop's reverse must then run, if only to set the counter back (it recomputes the
   * counter of each iteration, and ends at the first), although nothing in the loop has an adjoint.
   */
  public boolean restoresCounter(Stmt.Loop l) {
    return restoresCounter.contains(l);
  }

  private final Set<Stmt> restoresCounter = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * Whether the reverse sweep gets the old value back by undoing the statement, exactly: an
   * integer stepped by a constant ({@code k++}, {@code k -= 2}) is stepped back.
   */
  public boolean undoesOldValue(Stmt s) {
    return undone.contains(s);
  }

  private final Set<Stmt> undone = Collections.newSetFromMap(new IdentityHashMap<>());

  private void invertIntegerSteps() {
    for (java.util.Iterator<Stmt> it = recordsOldValue.iterator(); it.hasNext(); ) {
      Stmt s = it.next();
      if (isIntegerStep(s)) {
        it.remove();
        undone.add(s);
      }
    }
  }

  /** {@code k += c} or {@code k -= c} for an integer {@code k} and a constant {@code c}. */
  private static boolean isIntegerStep(Stmt s) {
    // k += 1.5 narrows (int) (k + 1.5): no step back undoes it.
    return s instanceof Stmt.Assign a && (a.var().type() == Primitive.INT || a.var().type() == Primitive.LONG)
        && (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)
        && a.value() instanceof Expr.Constant c && (c.type() == Primitive.INT || c.type() == a.var().type());
  }

  /** The target and right-hand side of an assignment-like statement, or null. */
  static Var target(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.var();
    }
    if (s instanceof Stmt.ArrayStore a) {
      return a.root();
    }
    return s instanceof Stmt.Assign a ? a.var() : null;
  }

  static Expr rhs(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init();
    }
    if (s instanceof Stmt.Assign a) {
      return a.rhs();
    }
    if (s instanceof Stmt.ArrayStore a) {
      return a.rhs();
    }
    if (s instanceof Stmt.Invoke i) {
      return i.call();
    }
    return s instanceof Stmt.Return r ? r.value() : null;
  }

  /**
   * The arrays a statement's call writes into (the arguments for the callee's written array
   * parameters); such a call is the whole right-hand side of its statement.
   */
  public static List<Expr> arraysWrittenByCall(Stmt s) {
    Expr rhs = s instanceof Stmt.Assign a && a.compound() == null ? a.value() : rhs(s);
    if (!(rhs instanceof Expr.Call call) || s instanceof Stmt.ArrayStore) {
      return List.of();
    }
    List<Expr> written = new java.util.ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      if (call.callee().params().get(i).written()) {
        written.add(call.args().get(i));
      }
    }
    return written;
  }

  private void activity(Function f) {
    forward(f.body(), new HashSet<>(f.activeParams()));
    // Arrays the function writes into its parameters are outputs too: a caller that passes its
    // own array hands over their adjoint (see ReverseMode.transformInOut).
    Set<Var> outputs = new HashSet<>();
    Set<Var> written = writtenArrays;
    Walk.statements(f.body(), s -> {
      if (s instanceof Stmt.ArrayStore store) {
        written.addAll(aliases.of(store.root()));
      }
      for (Expr a : arraysWrittenByCall(s)) {
        written.addAll(aliases.of(Exprs.rootVar(a)));
      }
    });
    for (Var p : f.activeParams()) {
      if (p.type().isArray() && written.contains(p)) {
        outputs.addAll(aliases.of(p));
      }
    }
    backward(f.body(), outputs);
    variedBefore.values().forEach(everVaried::addAll);
  }

  /** Propagates "varied" through a block; returns what is varied after it. */
  private Set<Var> forward(List<Stmt> block, Set<Var> in) {
    Set<Var> varied = new HashSet<>(in);
    for (Stmt s : block) {
      variedBefore.merge(s, Set.copyOf(varied), (a, b) -> union(a, b));
      if (s instanceof Stmt.If i) {
        Set<Var> then = forward(i.then(), varied);
        varied = union(then, forward(i.otherwise(), varied));
      } else if (s instanceof Stmt.Loop l) {
        // Until nothing new becomes varied: an iteration may feed the next.
        Set<Var> entry = varied;
        while (true) {
          Set<Var> out = forward(l.update(), forward(l.body(), entry));
          Set<Var> next = union(entry, out);
          if (next.equals(entry)) {
            break;
          }
          entry = next;
        }
        varied = new HashSet<>(entry);
      } else if (s instanceof Stmt.ArrayStore store) {
        // Writes one element: the array may now vary, and never stops varying.
        if (Derivatives.isVaried(store.rhs(), variedBefore(s))) {
          varied.addAll(aliases.of(store.root()));
        }
      } else {
        // A call that writes into arrays (a call statement, or a whole right-hand side).
        if (rhs(s) != null && Derivatives.isVaried(rhs(s), variedBefore(s))) {
          for (Expr a : arraysWrittenByCall(s)) {
            // An int[] the call writes into holds no derivative, however varied its inputs.
            if (a.type().carriesDerivative()) {
              varied.addAll(aliases.of(Exprs.rootVar(a)));
            }
          }
        }
        Var target = target(s);
        if (target != null) {
          Expr rhs = rhs(s);
          if (rhs != null && target.type().carriesDerivative() && Derivatives.isVaried(rhs, variedBefore(s))) {
            varied.addAll(aliases.of(target));
          } else if (!target.type().isArray()) {
            varied.remove(target);
          }
        }
      }
    }
    return varied;
  }

  /** Propagates "useful" backwards through a block; returns what is useful before it. */
  private Set<Var> backward(List<Stmt> block, Set<Var> out) {
    Set<Var> useful = new HashSet<>(out);
    for (int i = block.size() - 1; i >= 0; i--) {
      Stmt s = block.get(i);
      if (s instanceof Stmt.If branch) {
        useful = union(backward(branch.then(), useful), backward(branch.otherwise(), useful));
      } else if (s instanceof Stmt.Loop l) {
        Set<Var> exit = useful;
        while (true) {
          Set<Var> start = backward(l.body(), backward(l.update(), exit));
          Set<Var> next = union(exit, start);
          if (next.equals(exit)) {
            break;
          }
          exit = next;
        }
        useful = new HashSet<>(exit);
      } else {
        Expr rhs = rhs(s);
        Var target = target(s);
        boolean feedsArrays = false;
        for (Expr written : arraysWrittenByCall(s)) {
          feedsArrays |= useful.contains(Exprs.rootVar(written));
        }
        boolean feedsResult = s instanceof Stmt.Return || feedsArrays || (target != null && useful.contains(target));
        if (target != null && !target.type().isArray()) {
          useful.remove(target);
        }
        if (feedsResult && rhs != null && Derivatives.isVaried(rhs, variedBefore(s))) {
          active.add(s);
          for (Var v : Derivatives.carrierVars(rhs)) {
            useful.addAll(aliases.of(v));
          }
        }
      }
    }
    return useful;
  }

  private static Set<Var> union(Set<Var> a, Set<Var> b) {
    Set<Var> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }

  /**
   * An overwrite destroys only values that adjoints of statements run <em>earlier</em> read:
   * statements before it in program order, and, inside a loop, every statement of that loop
   * (an earlier iteration). At the top level the analysis is exact; inside blocks, reads
   * accumulate without being undone by redefinitions.
   */
  private void toBeRecorded(Function f) {
    Set<Var> readSoFar = new HashSet<>();
    Set<Var> readSinceDefinition = new HashSet<>();
    Set<Var> assigned = new HashSet<>(f.params());
    for (Stmt s : f.body()) {
      if (s instanceof Stmt.Loop l && recomputedCounter(l) != null
          && readSinceDefinition.contains(recomputedCounter(l))) {
        restoresCounter.add(l);
      }
      if (s instanceof Stmt.Loop l) {
        readBeforeLoop.put(l, new HashSet<>(readSoFar));
      }
      if (s instanceof Stmt.If || s instanceof Stmt.Loop) {
        recordNested(List.of(s), readSoFar, Set.of(), Set.of());
        readSinceDefinition.addAll(readSoFar);
        Walk.statements(List.of(s), inner -> {
          if (target(inner) != null) {
            assigned.add(target(inner));
          }
        });
        continue;
      }
      Var target = target(s);
      Expr rhs = rhs(s);
      Set<Var> reads = adjointReads(s);
      readSinceDefinition.addAll(reads);
      readSoFar.addAll(reads);
      if (s instanceof Stmt.ArrayStore) {
        if (overwrites(s, target, readSoFar)) {
          recordsOldValue.add(s);
        }
        readSoFar.addAll(ownValueReads(s));
        continue;
      }
      if (s instanceof Stmt.Assign && assigned.contains(target) && readSinceDefinition.contains(target)) {
        recordsOldValue.add(s);
        if (isIntegerStep(s)) {
          // Undone by stepping back, which needs the stepped value intact later on.
          readSinceDefinition.add(target);
          readSoFar.add(target);
          continue;
        }
      }
      if (target != null) {
        // Reads before this point were of values this statement does not destroy: each older
        // definition kept its own predecessor.
        readSinceDefinition.remove(target);
      }
      // If the adjoint reads the new value through the target, later overwrites must keep it.
      readSinceDefinition.addAll(ownValueReads(s));
      readSoFar.addAll(ownValueReads(s));
      if (target != null && rhs != null) {
        assigned.add(target);
      }
    }
  }

  private void recordNested(List<Stmt> block, Set<Var> readSoFar, Set<Var> enclosingLoops, Set<Var> recomputed) {
    recordNested(block, readSoFar, enclosingLoops, recomputed, new HashSet<>());
  }

  /**
   * @param fresh arrays every element of which this pass through the block has already
   *     rewritten, with no adjoint reading them since: overwriting one of them again destroys
   *     only values nobody reads, so it is not recorded (GMM's {@code qx[j] += ...} after {@code
   *     for (i...) qx[i] = ...})
   */
  private void recordNested(List<Stmt> block, Set<Var> readSoFar, Set<Var> enclosingLoops, Set<Var> recomputed,
      Set<Var> fresh) {
    for (int index = 0; index < block.size(); index++) {
      Stmt s = block.get(index);
      if (s instanceof Stmt.If i) {
        fresh.removeAll(readsWithin(List.of(s)));
        recordNested(i.then(), readSoFar, enclosingLoops, recomputed, new HashSet<>(fresh));
        recordNested(i.otherwise(), readSoFar, enclosingLoops, recomputed, new HashSet<>(fresh));
        fresh.removeAll(touchedWithin(s));
      } else if (s instanceof Stmt.Loop l) {
        Set<Var> inner = recomputed;
        Var counter = recomputedCounter(l);
        if (counter != null) {
          inner = union(recomputed, Set.of(counter));
          if (readSoFar.contains(counter) || enclosingLoops.contains(counter)) {
            restoresCounter.add(l);
          }
        }
        Set<Var> loopReads = union(enclosingLoops, readsWithin(List.of(l)));
        loopReads.removeAll(inner);
        // An array the loop reads may be read after a later overwrite, in a later iteration.
        fresh.removeAll(readsWithin(List.of(l)));
        // An array the loop re-points or passes on is not fresh in it, nor after it.
        fresh.removeAll(touchedWithin(s));
        recordNested(l.body(), readSoFar, loopReads, inner, new HashSet<>(fresh));
        if (counter == null) {
          recordNested(l.update(), readSoFar, loopReads, inner, new HashSet<>(fresh));
        }
        Var rewritten = rewritesEveryElement(l, index > 0 ? block.get(index - 1) : null);
        if (rewritten != null) {
          fresh.add(rewritten);
        }
      } else {
        Set<Var> reads = adjointReads(s);
        reads.removeAll(recomputed);
        readSoFar.addAll(reads);
        fresh.removeAll(reads);
        Var target = target(s);
        boolean dead = s instanceof Stmt.ArrayStore && fresh.contains(target);
        if (target != null && !recomputed.contains(target) && !dead
            && (overwrites(s, target, readSoFar) || overwrites(s, target, enclosingLoops))) {
          recordsOldValue.add(s);
          if (isIntegerStep(s)) {
            // Undone by stepping back, which needs the stepped value intact later on.
            readSoFar.add(target);
          }
        }
        readSoFar.addAll(ownValueReads(s));
        fresh.removeAll(ownValueReads(s));
        fresh.removeAll(touchedWithin(s));
        if (allocatesFresh(s)) {
          fresh.add(target);
        }
      }
    }
  }

  /**
   * Whether {@code s} sets a one-dimensional array variable to a new array: its elements are
   * zeros nobody has read, and overwriting them destroys nothing the reverse sweep needs (the
   * reverse sweep of {@code s} puts the variable's old array back), as after {@code copy = new
   * double[n]} of a {@code clone()}.
   */
  private static boolean allocatesFresh(Stmt s) {
    Expr value = s instanceof Stmt.Assign a && a.compound() == null ? a.value()
        : s instanceof Stmt.Declare d ? d.init() : null;
    return value instanceof Expr.NewArray alloc && alloc.dims().size() == 1 && alloc.type().dims() == 1;
  }

  /**
   * The array variables {@code s} (at any depth) re-points, hands to a call (which may write into
   * them, and whose reverse may need what it wrote), or assigns to another array variable.
   * Reading their elements does not count. Conservative for {@link #recordNested}'s fresh arrays.
   */
  private static Set<Var> touchedWithin(Stmt s) {
    Set<Var> touched = FreshArrays.assignedArrays(s);
    Walk.statements(List.of(s), inner -> {
      Var target = inner instanceof Stmt.Assign a ? a.var() : inner instanceof Stmt.Declare d ? d.var() : null;
      for (Expr e : Walk.expressions(inner)) {
        if (inner instanceof Stmt.Invoke || target != null && target.type().isArray()) {
          arrayVars(e, touched);
        }
        Walk.nodes(e, n -> {
          if (n instanceof Expr.Call c) {
            c.args().forEach(arg -> arrayVars(arg, touched));
          }
        });
      }
    });
    return touched;
  }

  private static void arrayVars(Expr e, Set<Var> into) {
    Derivatives.allVars(e).stream().filter(v -> v.type().isArray()).forEach(into::add);
  }

  /**
   * The array {@code for (c = 0; c < n; c++) { ... a[c] = e; ... }} rewrites completely: {@code
   * a} has no alias, is one-dimensional and was allocated once as {@code new double[n]} (or
   * {@code n} is {@code a.length}), {@code n} never changes, the store is unconditional at the
   * top of the body, and nothing in the loop reads {@code a}'s elements. Null otherwise.
   */
  private Var rewritesEveryElement(Stmt.Loop l, Stmt previous) {
    List<Stmt.ArrayStore> stores = storesOfEveryElement(l, previous);
    Set<Var> readInLoop = stores.isEmpty() ? Set.of() : readsWithin(List.of(l));
    for (Stmt.ArrayStore store : stores) {
      Var a = store.root();
      if (!readInLoop.contains(a) && !Derivatives.allVars(store.value()).contains(a)) {
        return a;
      }
    }
    return null;
  }

  /**
   * The stores {@code a[c] = e} of {@code for (c = 0; c < n; c++) { ...; a[c] = e; ... }} that
   * reach every element: unconditional, at the top of the body, {@code a} one-dimensional without
   * aliases and {@code n} its length. What else the loop does with {@code a} is the caller's to
   * check.
   */
  List<Stmt.ArrayStore> storesOfEveryElement(Stmt.Loop l, Stmt previous) {
    Var counter = countedLoopCounter(l);
    if (counter == null || countedLoopStride(l) != 1 || !l.testFirst()
        || !(previous instanceof Stmt.Assign init && init.var() == counter && init.compound() == null
            && init.value() instanceof Expr.Constant zero && zero.java().equals("0"))
        || !(l.condition() instanceof Expr.Binary c && c.op() == BinaryOp.LT
            && c.left() instanceof Expr.Read r && r.var() == counter)) {
      return List.of();
    }
    Expr bound = ((Expr.Binary) l.condition()).right();
    List<Stmt.ArrayStore> stores = new java.util.ArrayList<>();
    for (Stmt s : l.body()) {
      if (s instanceof Stmt.ArrayStore store && store.compound() == null && store.array() instanceof Expr.Read a
          && store.index() instanceof Expr.Read i && i.var() == counter
          && aliases.of(a.var()).size() == 1 && ((dev.adjoint.processor.ir.ArrayType) a.var().type()).dims() == 1
          && hasLength(a.var(), bound)) {
        stores.add(store);
      }
    }
    return stores;
  }


  /**
   * Whether {@code bound} is {@code array.length}, or the invariant length or the integer literal
   * it was allocated with.
   */
  private boolean hasLength(Var array, Expr bound) {
    if (bound instanceof Expr.Length length && length.array() instanceof Expr.Read r && r.var() == array) {
      return true;
    }
    boolean invariantBound = bound instanceof Expr.Read n && isInvariant(n.var())
        || bound instanceof Expr.Constant c && c.type() == Primitive.INT;
    if (!invariantBound || !isInvariant(array)) {
      return false;
    }
    boolean[] allocatedWithIt = {false};
    Walk.statements(body, s -> {
      if (s instanceof Stmt.Declare d && d.var() == array && d.init() instanceof Expr.NewArray alloc
          && alloc.dims().size() == 1 && sameLength(alloc.dims().get(0), bound)) {
        allocatedWithIt[0] = true;
      }
    });
    return allocatedWithIt[0];
  }

  private static boolean sameLength(Expr dim, Expr bound) {
    if (dim instanceof Expr.Read d && bound instanceof Expr.Read n) {
      return d.var() == n.var();
    }
    return dim instanceof Expr.Constant d && bound instanceof Expr.Constant n && d.type() == Primitive.INT
        && n.type() == Primitive.INT && d.java().equals(n.java());
  }

  /**
   * The target (with its aliases) when the statement's adjoint reads the value it just assigned,
   * as {@code y = exp(x)} does through {@code y}; empty otherwise.
   */
  private Set<Var> ownValueReads(Stmt s) {
    Var target = target(s);
    return active.contains(s) && target != null && Derivatives.usesOwnValue(rhs(s)) ? aliases.of(target) : Set.of();
  }

  /** What the adjoint of one statement reads, besides its own result. */
  private Set<Var> adjointReads(Stmt s) {
    Set<Var> reads = new HashSet<>();
    if (active.contains(s)) {
      for (Var v : Derivatives.valueReads(rhs(s), variedBefore(s))) {
        reads.addAll(aliases.of(v));
      }
    }
    if (s instanceof Stmt.ArrayStore store) {
      // Where the element is, for its adjoint and for putting back its old value: the indices
      // (the array variable itself is a reference, see referenceReads).
      reads.addAll(Derivatives.allVars(store.index()));
      Set<Var> rowIndices = Derivatives.allVars(store.array());
      rowIndices.remove(store.root());
      reads.addAll(rowIndices);
    }
    return reads;
  }

  /** Array variables whose reference the reverse sweep uses: reassigning one must be recorded. */
  private Set<Var> referenceReads() {
    Set<Var> refs = new HashSet<>();
    Walk.statements(body, s -> {
      if (active.contains(s) || s instanceof Stmt.ArrayStore) {
        for (Expr e : Walk.expressions(s)) {
          Derivatives.allVars(e).stream().filter(v -> v.type().isArray()).forEach(v -> refs.addAll(aliases.of(v)));
        }
        if (s instanceof Stmt.ArrayStore store) {
          refs.addAll(aliases.of(store.root()));
        }
      }
    });
    return refs;
  }

  /** Whether a write to {@code target} destroys something in {@code reads}. */
  private boolean overwrites(Stmt s, Var target, Set<Var> reads) {
    if (s instanceof Stmt.ArrayStore) {
      return aliases.of(target).stream().anyMatch(reads::contains);
    }
    if (s instanceof Stmt.Assign && target.type().isArray()) {
      return referenceReads.contains(target);
    }
    return s instanceof Stmt.Assign && reads.contains(target);
  }

  /**
   * Everything the adjoints inside these statements read, their own results included, but not
   * the counters of counted loops inside them, which the reverse sweep recomputes.
   */
  private Set<Var> readsWithin(List<Stmt> block) {
    Set<Var> reads = new HashSet<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.If i) {
        reads.addAll(readsWithin(i.then()));
        reads.addAll(readsWithin(i.otherwise()));
      } else if (s instanceof Stmt.Loop l) {
        Set<Var> inner = readsWithin(l.body());
        inner.addAll(readsWithin(l.update()));
        Var counter = recomputedCounter(l);
        if (counter != null) {
          inner.remove(counter);
        }
        reads.addAll(inner);
      } else {
        reads.addAll(adjointReads(s));
        reads.addAll(ownValueReads(s));
      }
    }
    return reads;
  }
}
