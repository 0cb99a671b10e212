package dev.adjoint.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The copy and fill loops that the front end reads the JDK's array operations into (loop ids
 * {@code bulk...}), written back as the one call they came from ({@code System.arraycopy},
 * {@code Arrays.fill}) where they reach the printed code unchanged: a counter set just before
 * the loop (or before the range the reverse sweep keeps of it) whose value after the loop
 * nothing reads, a body of the one store, no recording inside. Where the reverse
 * sweep needed more (values kept per element, trip counts), the loop stays a loop.
 */
final class BulkCalls {
  private static final com.palantir.javapoet.ClassName ARRAYS = com.palantir.javapoet.ClassName.get("java.util", "Arrays");

  private BulkCalls() {}

  /**
   * A loop that is one call, {@code code}, with the statement setting its counter just before it,
   * and {@code tripCount}: what to print for the declarations of the first index and trip count
   * the reverse sweep keeps, if it keeps them, which the loop no longer counts.
   */
  private record Found(Stmt init, Stmt.Loop loop, CodeBlock code, Map<Stmt, CodeBlock> tripCount) {}

  /**
   * For each such loop in {@code statements} (at any depth), the call to print in its place, and
   * for the statement setting its counter, an empty block: both by identity.
   */
  static Map<Stmt, CodeBlock> in(List<Stmt> statements) {
    List<Found> found = new java.util.ArrayList<>();
    scan(statements, Walk.declaredVars(statements), found);
    if (found.isEmpty()) {
      return Map.of();
    }
    // A counter read anywhere else keeps its loop: its value after the loop may matter there.
    // Not where the reading statement is preceded in its block (or an enclosing one) by a
    // statement setting the counter, as the reverse sweep's loop over the copy sets it first.
    Map<Stmt, Var> bulk = new IdentityHashMap<>();
    for (Found f : found) {
      Var counter = ((Stmt.Assign) f.loop().update().get(0)).var();
      bulk.put(f.init(), counter);
      f.tripCount().keySet().forEach(d -> bulk.put(d, counter));
      Walk.statements(List.of(f.loop()), b -> bulk.put(b, counter));
    }
    Set<Var> readElsewhere = new java.util.HashSet<>();
    readsNotSetBefore(statements, Set.of(), bulk, readElsewhere);
    // A counter declared by the statement before its loop keeps that declaration where other
    // statements set it (the reverse sweep's loops).
    Set<Var> setElsewhere = new java.util.HashSet<>();
    Walk.statements(statements, st -> {
      if (!bulk.containsKey(st) && st instanceof Stmt.Assign a) {
        setElsewhere.add(a.var());
      }
    });
    Map<Stmt, CodeBlock> calls = new IdentityHashMap<>();
    for (Found f : found) {
      Var counter = ((Stmt.Assign) f.loop().update().get(0)).var();
      if (!readElsewhere.contains(counter)) {
        if (!(f.init() instanceof Stmt.Declare && setElsewhere.contains(counter))) {
          calls.put(f.init(), CodeBlock.of(""));
        }
        calls.put(f.loop(), f.code());
        calls.putAll(f.tripCount());
      }
    }
    return calls;
  }

  private static void scan(List<Stmt> block, Set<Var> declared, List<Found> found) {
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      if (s instanceof Stmt.If i) {
        scan(i.then(), declared, found);
        scan(i.otherwise(), declared, found);
      } else if (s instanceof Stmt.Repeat r) {
        scan(r.body(), declared, found);
      } else if (s instanceof Stmt.Loop l) {
        // The counter's setting, then perhaps what the reverse sweep keeps of the range: the
        // loop's old values pushed as one range, room reserved, its first index and trip count.
        int before = k - 1;
        List<Stmt.Declare> trip = new java.util.ArrayList<>();
        while (before >= 0 && (block.get(before) instanceof Stmt.PushRange || block.get(before) instanceof Stmt.Reserve
            || isTripDeclaration(block.get(before), l))) {
          if (block.get(before) instanceof Stmt.Declare d) {
            trip.add(d);
          }
          before--;
        }
        List<Stmt> between = block.subList(before + 1, k).stream().filter(st -> !trip.contains(st)).toList();
        Found call = before >= 0 && !mentionsAny(between, l) ? call(block.get(before), l, declared, trip) : null;
        if (call != null) {
          found.add(call);
        } else {
          scan(l.body(), declared, found);
          scan(l.update(), declared, found);
        }
      }
    }
  }

  /**
   * Whether {@code s} declares, for the reverse sweep, the first index ({@code int start = i}) or
   * the trip count ({@code int count = 0}, stepped in the body) of {@code loop}.
   */
  private static boolean isTripDeclaration(Stmt s, Stmt.Loop loop) {
    if (!(s instanceof Stmt.Declare d) || d.var().type() != dev.adjoint.processor.ir.Primitive.INT
        || loop.update().size() != 1 || !(loop.update().get(0) instanceof Stmt.Assign step)) {
      return false;
    }
    return d.init().equals(new Expr.Read(step.var())) || isInt(d.init(), "0") && countsTrips(loop, d.var());
  }

  /** Whether {@code loop}'s body starts by stepping {@code count}: {@code count += 1}. */
  private static boolean countsTrips(Stmt.Loop loop, Var count) {
    return !loop.body().isEmpty() && loop.body().get(0) instanceof Stmt.Assign a && a.var() == count
        && a.compound() == BinaryOp.ADD && isInt(a.value(), "1");
  }

  /**
   * The call {@code loop}, its counter set by {@code init}, carries out, with the declarations of
   * its first index and trip count among {@code trip}; null if it is not one.
   */
  private static Found call(Stmt init, Stmt.Loop loop, Set<Var> declared, List<Stmt.Declare> trip) {
    Stmt.Declare tripCount = trip.stream().filter(d -> isInt(d.init(), "0")).findFirst().orElse(null);
    int skip = tripCount != null ? 1 : 0;
    if (tripCount != null && !countsTrips(loop, tripCount.var())) {
      return null;
    }
    List<Stmt> body = loop.body().subList(skip, loop.body().size());
    if (!loop.id().startsWith("bulk") || !loop.testFirst() || body.size() != 1 || loop.update().size() != 1
        || !(body.get(0) instanceof Stmt.ArrayStore store) || store.compound() != null
        || !(loop.update().get(0) instanceof Stmt.Assign step) || !declared.contains(step.var())
        || !(step.value() instanceof Expr.Constant one) || !one.java().equals("1")) {
      return null;
    }
    CodeBlock code = call(init, loop, store, step);
    if (code == null) {
      return null;
    }
    Expr start = start(init, step.var());
    Expr count = count(start, loop, step);
    Map<Stmt, CodeBlock> counted = new IdentityHashMap<>();
    for (Stmt.Declare d : trip) {
      counted.put(d, d == tripCount
          ? CodeBlock.of("int $N = $T.max(0, $L)", d.var().name(), Math.class, ExpressionWriter.write(count))
          : CodeBlock.of("int $N = $L", d.var().name(), ExpressionWriter.write(start)));
    }
    return new Found(init, loop, code, counted);
  }

  /** The value {@code init} sets counter {@code i} to; null if it sets something else. */
  private static Expr start(Stmt init, Var i) {
    return init instanceof Stmt.Declare d && d.var() == i ? d.init()
        : init instanceof Stmt.Assign a && a.var() == i && a.compound() == null ? a.value() : null;
  }

  /** The number of elements the loop from {@code start} goes through; null if it is no copy or fill loop. */
  private static Expr count(Expr start, Stmt.Loop loop, Stmt.Assign step) {
    Var i = step.var();
    if (step.compound() == BinaryOp.ADD && isInt(start, "0")
        && loop.condition() instanceof Expr.Binary c && c.op() == BinaryOp.LT && c.left().equals(new Expr.Read(i))) {
      return c.right();
    }
    if (step.compound() == BinaryOp.SUB && start instanceof Expr.Binary s && s.op() == BinaryOp.SUB
        && isInt(s.right(), "1") && loop.condition() instanceof Expr.Binary c && c.op() == BinaryOp.GE
        && c.left().equals(new Expr.Read(i)) && isInt(c.right(), "0")) {
      return s.left();
    }
    return null;
  }

  private static CodeBlock call(Stmt init, Stmt.Loop loop, Stmt.ArrayStore store, Stmt.Assign step) {
    Var i = step.var();
    Expr count = count(start(init, i), loop, step);
    if (count == null) {
      return null;
    }
    Expr to = offset(store.index(), i);
    if (to == null || mentions(count, i) || mentions(store.array(), i)) {
      return null;
    }
    if (store.value() instanceof Expr.ArrayRead read && read.array().type() instanceof ArrayType from
        && from.equals(store.array().type())) {
      Expr at = offset(read.index(), i);
      if (at == null || mentions(read.array(), i)) {
        return null;
      }
      return CodeBlock.of("$T.arraycopy($L, $L, $L, $L, $L)", System.class, ExpressionWriter.write(read.array()),
          ExpressionWriter.write(at), ExpressionWriter.write(store.array()), ExpressionWriter.write(to),
          ExpressionWriter.write(count));
    }
    if (step.compound() == BinaryOp.ADD && (store.value() instanceof Expr.Read || store.value() instanceof Expr.Constant)
        && !mentions(store.value(), i)) {
      CodeBlock array = ExpressionWriter.write(store.array());
      if (isInt(to, "0") && count.equals(new Expr.Length(store.array()))) {
        return CodeBlock.of("$T.fill($L, $L)", ARRAYS, array, ExpressionWriter.stored(store.array(), store.value()));
      }
      return CodeBlock.of("$T.fill($L, $L, $L, $L)", ARRAYS, array, ExpressionWriter.write(to),
          ExpressionWriter.write(end(to, count)), ExpressionWriter.stored(store.array(), store.value()));
    }
    return null;
  }

  /** Whether {@code between} mentions the counter of {@code loop} (its update's variable). */
  private static boolean mentionsAny(List<Stmt> between, Stmt.Loop loop) {
    if (loop.update().size() != 1 || !(loop.update().get(0) instanceof Stmt.Assign step)) {
      return true;
    }
    return between.stream().flatMap(st -> Walk.allExpressions(st).stream()).anyMatch(e -> mentions(e, step.var()));
  }

  /** {@code from + count}, folded where both are constants. */
  private static Expr end(Expr from, Expr count) {
    if (from instanceof Expr.Constant a && count instanceof Expr.Constant b && a.java().matches("[0-9]+")
        && b.java().matches("[0-9]+")) {
      return Expr.Constant.ofInt(Integer.parseInt(a.java()) + Integer.parseInt(b.java()));
    }
    return isInt(from, "0") ? count : new Expr.Binary(BinaryOp.ADD, from, count, dev.adjoint.processor.ir.Primitive.INT);
  }

  /** {@code e} for an index {@code e + i}, 0 for {@code i}; null for anything else. */
  private static Expr offset(Expr index, Var i) {
    if (index.equals(new Expr.Read(i))) {
      return Expr.Constant.ofInt(0);
    }
    if (index instanceof Expr.Binary b && b.op() == BinaryOp.ADD && b.right().equals(new Expr.Read(i))
        && !mentions(b.left(), i)) {
      return b.left();
    }
    return null;
  }

  private static boolean isInt(Expr e, String value) {
    return e instanceof Expr.Constant c && c.java().equals(value);
  }

  private static boolean mentions(Expr e, Var v) {
    boolean[] seen = {false};
    Walk.nodes(e, n -> seen[0] |= n instanceof Expr.Read r && r.var() == v);
    return seen[0];
  }

  /**
   * Into {@code out}, the variables read by statements of {@code block} (at any depth, but not
   * the {@code bulk} loops and their counters' settings) where the value read may be one a bulk
   * loop left: unless a statement that always runs ahead of the read, after every bulk loop that
   * may run before it, has set the variable (one earlier in the same block or an enclosing one,
   * {@code set} on entry). A loop's condition and update are judged by what was set before the
   * loop, as a {@code continue} may skip the rest of its body, and its body by what was set
   * before it less the counters of bulk loops inside it (their values reach the next iteration).
   */
  private static void readsNotSetBefore(List<Stmt> block, Set<Var> set, Map<Stmt, Var> bulk, Set<Var> out) {
    Set<Var> setHere = new java.util.HashSet<>(set);
    for (Stmt s : block) {
      if (!bulk.containsKey(s)) {
        for (Var v : read(s)) {
          if (!setHere.contains(v)) {
            out.add(v);
          }
        }
      }
      if (s instanceof Stmt.If i) {
        readsNotSetBefore(i.then(), setHere, bulk, out);
        readsNotSetBefore(i.otherwise(), setHere, bulk, out);
      } else if (s instanceof Stmt.Loop l) {
        Set<Var> entry = withoutCounters(setHere, s, bulk);
        readsNotSetBefore(l.body(), entry, bulk, out);
        readsNotSetBefore(l.update(), entry, bulk, out);
      } else if (s instanceof Stmt.Repeat r) {
        readsNotSetBefore(r.body(), withoutCounters(setHere, s, bulk), bulk, out);
      }
      setHere = withoutCounters(setHere, s, bulk);
      if (!bulk.containsKey(s) && s instanceof Stmt.Assign a && a.compound() == null) {
        setHere.add(a.var());
      } else if (!bulk.containsKey(s) && s instanceof Stmt.Declare d && d.init() != null) {
        setHere.add(d.var());
      }
    }
  }

  /** {@code set} less the counters of the bulk loops in {@code s}. */
  private static Set<Var> withoutCounters(Set<Var> set, Stmt s, Map<Stmt, Var> bulk) {
    Set<Var> left = new java.util.HashSet<>(set);
    Walk.statements(List.of(s), b -> {
      Var counter = bulk.get(b);
      if (counter != null) {
        left.remove(counter);
      }
    });
    return left;
  }

  /**
   * The variables a statement reads itself (not in the statements nested in it): setting a
   * counter elsewhere, as a hoisted declaration does, leaves this loop's value unread.
   */
  private static Set<Var> read(Stmt s) {
    Set<Var> vars = new java.util.HashSet<>();
    for (Expr e : Walk.allExpressions(s)) {
      Walk.nodes(e, n -> {
        if (n instanceof Expr.Read r) {
          vars.add(r.var());
        }
      });
    }
    if (s instanceof Stmt.Assign a && a.compound() != null) {
      vars.add(a.var());
    } else if (s instanceof Stmt.Repeat r) {
      vars.add(r.counter());
    }
    return vars;
  }
}
