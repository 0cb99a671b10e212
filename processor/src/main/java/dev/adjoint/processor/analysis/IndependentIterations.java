package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.LiveIn;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top-level loops whose iterations can each be reversed right after they run, as a hand-written
 * gradient of {@code Σ_i f(x_i)} does: no iteration passes anything to a later one except sums
 * ({@code s += ...}), and the method returns each sum through {@code + -} and factors fixed before
 * the loop ({@code s}, {@code -s}, {@code s / n}), so the adjoint of every sum is known before the
 * loop. The forward sweep then keeps one iteration's values instead of all of them, on data still
 * in cache.
 *
 * <p>What an iteration may do: write scalars it assigns before reading; write one-dimensional work
 * arrays of the method that it rewrites completely (a counted loop storing every element) before
 * reading them, or reads element by element right after storing them; read anything that nothing
 * after the loop writes; and call methods that write into no array. The code before the loop must
 * not read what the loop writes. Anything else keeps the loop's ordinary reverse sweep.
 */
public final class IndependentIterations {
  private IndependentIterations() {}

  /**
   * For the loop at {@code index} in {@code f}'s top-level statements: its sums, each with its
   * adjoint given the returned value's adjoint {@code seed} ({@code seed}, {@code -seed}, {@code
   * seed / n}, ...), in the order the loop first adds to them; null if its iterations cannot each
   * be reversed at once.
   */
  public static Map<Var, Expr> sums(Function f, Analysis analysis, int index, Expr seed) {
    List<Stmt> body = f.body();
    if (!(body.get(index) instanceof Stmt.Loop l) || Analysis.countedLoopCounter(l) == null || !l.testFirst()) {
      return null;
    }
    List<Stmt> after = body.subList(index + 1, body.size());
    if (after.isEmpty() || !(after.get(after.size() - 1) instanceof Stmt.Return ret)
        || !ret.value().type().isDouble() || leaves(after.subList(0, after.size() - 1)) || leaves(List.of(l))) {
      return null;
    }
    Var counter = Analysis.countedLoopCounter(l);
    List<Stmt> loop = List.of(l);
    Set<Var> beforeReturn = Walk.mentionedVars(after.subList(0, after.size() - 1));
    Set<Var> inReturn = Walk.mentionedVars(List.of(ret));
    Map<Var, Expr> sums = new LinkedHashMap<>();
    // In program order, so that the sums' adjoints are declared in the order the loop adds to them.
    Set<Var> scalars = new LinkedHashSet<>();
    Set<Var> arrays = new LinkedHashSet<>();
    boolean[] refused = {false};
    Walk.statements(loop, s -> {
      if (!Analysis.arraysWrittenByCall(s).isEmpty()) {
        refused[0] = true;
      } else if (s instanceof Stmt.ArrayStore store) {
        arrays.add(store.root());
      } else if (s instanceof Stmt.Assign a) {
        scalars.add(a.var());
      } else if (s instanceof Stmt.Declare d) {
        (d.var().type().isArray() ? arrays : scalars).add(d.var());
      }
    });
    if (refused[0]) {
      return null;
    }
    for (Var v : scalars) {
      if (v.type().isArray()) {
        return null;
      }
      if (!beforeReturn.contains(v) && !inReturn.contains(v)) {
        continue;
      }
      Expr adjoint = isSum(v, l) && !beforeReturn.contains(v) ? adjoint(ret.value(), v, seed) : null;
      if (adjoint == null) {
        return null;
      }
      sums.put(v, adjoint);
    }
    if (sums.isEmpty()) {
      return null;
    }
    // Scalars: assigned before read in every iteration (the counter and the sums aside); the
    // condition, tested before each iteration, reads none of them, since each iteration's reverse
    // puts them back.
    List<Stmt> iteration = new ArrayList<>(l.body());
    iteration.addAll(l.update());
    for (Var v : LiveIn.of(iteration)) {
      if (scalars.contains(v) && v != counter && !sums.containsKey(v)) {
        return null;
      }
    }
    for (Var v : Derivatives.allVars(l.condition())) {
      if ((scalars.contains(v) || arrays.contains(v)) && v != counter) {
        return null;
      }
    }
    // The counter must keep counting: a step the reverse sweep undid or put back would stop it.
    if (analysis.recomputedCounter(l) == null) {
      return null;
    }
    // Work arrays: private, not seen after the loop, rewritten before being read.
    for (Var a : arrays) {
      if (a.role() == Var.Role.PARAMETER || ((ArrayType) a.type()).dims() != 1
          || analysis.aliasesOf(a).size() != 1 || beforeReturn.contains(a) || inReturn.contains(a)) {
        return null;
      }
    }
    if (!freshBeforeRead(l.body(), counter, arrays, new Fresh(new HashSet<>(), new HashMap<>()), analysis)) {
      return null;
    }
    // The sweep leaves what the loop writes as its iterations left it, not as the code before
    // the loop left it: that code must read none of it, nor its adjoints (a division's adjoint
    // reads the quotient it assigned).
    Set<Var> writtenInLoop = new HashSet<>(scalars);
    writtenInLoop.addAll(arrays);
    writtenInLoop.add(counter);
    Set<Var> readBefore = valueReads(body.subList(0, index));
    readBefore.addAll(analysis.reverseReads(body.subList(0, index)));
    readBefore.retainAll(writtenInLoop);
    if (!readBefore.isEmpty()) {
      return null;
    }
    // Each iteration's reverse puts back what the iteration overwrote and recorded: a sum must
    // keep its value for the iterations after, so none may be recorded.
    boolean[] recordsSum = {false};
    Walk.statements(loop, s -> recordsSum[0] |= analysis.recordsOldValue(s) && sums.containsKey(Analysis.target(s)));
    if (recordsSum[0]) {
      return null;
    }
    // What the loop reads keeps its value until the end: its adjoints are complete when it runs.
    Set<Var> writtenAfter = new HashSet<>();
    Walk.statements(after, s -> {
      Var target = Analysis.target(s);
      if (target != null) {
        writtenAfter.addAll(target.type().isArray() ? analysis.aliasesOf(target) : Set.of(target));
      }
      for (Expr written : Analysis.arraysWrittenByCall(s)) {
        writtenAfter.addAll(analysis.aliasesOf(Exprs.rootVar(written)));
      }
    });
    for (Var v : Walk.mentionedVars(loop)) {
      if (writtenAfter.contains(v)) {
        return null;
      }
    }
    // A factor such as n in s / n is evaluated before the loop: it must have its final value.
    for (Expr adjoint : sums.values()) {
      for (Var v : Derivatives.allVars(adjoint)) {
        if (writtenInLoop.contains(v) || writtenAfter.contains(v)) {
          return null;
        }
      }
    }
    return sums;
  }

  /** The variables whose values {@code block} reads (not those it only assigns). */
  private static Set<Var> valueReads(List<Stmt> block) {
    Set<Var> reads = new HashSet<>();
    Walk.statements(block, s -> {
      List<Expr> read = new ArrayList<>();
      if (s instanceof Stmt.Assign a) {
        read.add(a.rhs());
      } else if (s instanceof Stmt.Declare d) {
        if (d.init() != null) {
          read.add(d.init());
        }
      } else if (s instanceof Stmt.ArrayStore store) {
        read.add(store.index());
        read.add(store.value());
        if (store.compound() != null) {
          read.add(store.array());
        }
      } else if (s instanceof Stmt.Loop l) {
        read.add(l.condition());
      } else if (s instanceof Stmt.If i) {
        read.add(i.condition());
      } else {
        read.addAll(Walk.allExpressions(s));
      }
      read.forEach(e -> reads.addAll(Derivatives.allVars(e)));
    });
    return reads;
  }

  /** Whether the statements can leave the method other than by their end: a throw or a return. */
  private static boolean leaves(List<Stmt> block) {
    boolean[] found = {false};
    Walk.statements(block, s -> found[0] |= s instanceof Stmt.Throw || s instanceof Stmt.Return
        || s instanceof Stmt.Break || s instanceof Stmt.Continue);
    return found[0];
  }

  /** {@code v} is a double the loop only adds to ({@code v += e}, {@code v -= e}, {@code e} free of {@code v}). */
  private static boolean isSum(Var v, Stmt.Loop l) {
    if (v.type() != Primitive.DOUBLE || v.role() == Var.Role.PARAMETER) {
      return false;
    }
    boolean[] ok = {true};
    Walk.statements(List.of(l), s -> {
      if (s instanceof Stmt.Assign a && a.var() == v) {
        ok[0] &= (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)
            && !Derivatives.allVars(a.value()).contains(v);
      } else {
        for (Expr e : Walk.allExpressions(s)) {
          ok[0] &= !Derivatives.allVars(e).contains(v);
        }
        if (s instanceof Stmt.Loop inner) {
          ok[0] &= !Derivatives.allVars(inner.condition()).contains(v);
        } else if (s instanceof Stmt.If i) {
          ok[0] &= !Derivatives.allVars(i.condition()).contains(v);
        }
      }
    });
    return ok[0];
  }

  /**
   * The adjoint of the single {@code v} in {@code e}, given {@code e}'s adjoint {@code seed}, if
   * {@code e} reaches it through {@code + -} and multiplication or division by expressions free of
   * it and of calls; null otherwise. Built from {@code seed} outwards, so the arithmetic is in
   * {@code double} as the primal's is.
   */
  static Expr adjoint(Expr e, Var v, Expr seed) {
    int[] occurrences = {0};
    Walk.nodes(e, node -> occurrences[0] += node instanceof Expr.Read r && r.var() == v ? 1 : 0);
    return occurrences[0] == 1 ? along(e, v, seed) : null;
  }

  private static Expr along(Expr e, Var v, Expr adjoint) {
    if (e instanceof Expr.Read r && r.var() == v) {
      return adjoint;
    }
    if (e instanceof Expr.Unary u && (u.op() == UnaryOp.NEG || u.op() == UnaryOp.PLUS)) {
      return along(u.operand(), v, u.op() == UnaryOp.NEG ? Exprs.neg(adjoint) : adjoint);
    }
    if (!(e instanceof Expr.Binary b)) {
      return null;
    }
    boolean inLeft = Derivatives.allVars(b.left()).contains(v);
    Expr side = inLeft ? b.left() : b.right();
    Expr other = inLeft ? b.right() : b.left();
    boolean[] calls = {false};
    Walk.nodes(other, node -> calls[0] |= node instanceof Expr.Call || node instanceof Expr.PrimalCall);
    if (calls[0]) {
      return null;
    }
    return switch (b.op()) {
      case ADD -> along(side, v, adjoint);
      case SUB -> along(side, v, inLeft ? adjoint : Exprs.neg(adjoint));
      case MUL -> along(side, v, Exprs.mul(adjoint, other));
      case DIV -> inLeft ? along(side, v, Exprs.div(adjoint, other)) : null;
      default -> null;
    };
  }

  /**
   * What the iteration has rewritten so far: whole arrays, and the element {@code a[c]} that the
   * body of the loop counting {@code c} has just stored (as in {@code h[j] = ...; z += w[j] *
   * h[j];}).
   */
  private record Fresh(Set<Var> arrays, Map<Var, Var> elementAt) {
    Fresh copy() {
      return new Fresh(new HashSet<>(arrays), new HashMap<>(elementAt));
    }
  }

  /**
   * Whether every read of an array in {@code written} comes after the iteration has rewritten it
   * ({@code fresh}); conservative inside inner loops, which see only what was fresh at their entry.
   * {@code counter} counts the loop whose body {@code block} is.
   */
  private static boolean freshBeforeRead(List<Stmt> block, Var counter, Set<Var> written, Fresh fresh,
      Analysis analysis) {
    Stmt previous = null;
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l) {
        Var inner = Analysis.countedLoopCounter(l);
        if (!freeOfStale(List.of(l.condition()), written, fresh)
            || !freshBeforeRead(l.body(), inner, written, fresh.copy(), analysis)
            || !freshBeforeRead(l.update(), null, written, fresh.copy(), analysis)) {
          return false;
        }
        // Its reads of these other than a[c] after the store made the check above fail.
        analysis.storesOfEveryElement(l, previous).forEach(store -> fresh.arrays().add(store.root()));
      } else if (s instanceof Stmt.If i) {
        if (!freeOfStale(List.of(i.condition()), written, fresh)
            || !freshBeforeRead(i.then(), counter, written, fresh.copy(), analysis)
            || !freshBeforeRead(i.otherwise(), counter, written, fresh.copy(), analysis)) {
          return false;
        }
      } else if (s instanceof Stmt.ArrayStore store) {
        // a[i] = e reads a's reference, not its elements; a[i] += e reads one.
        List<Expr> read = new ArrayList<>(List.of(store.index(), store.value()));
        if (store.compound() != null) {
          read.add(store.element());
        }
        if (!freeOfStale(read, written, fresh)) {
          return false;
        }
        if (store.compound() == null && counter != null && store.array() instanceof Expr.Read a
            && store.index() instanceof Expr.Read index && index.var() == counter) {
          fresh.elementAt().put(a.var(), counter);
        }
      } else if (!freeOfStale(Walk.allExpressions(s), written, fresh)) {
        return false;
      }
      previous = s;
    }
    return true;
  }

  private static boolean freeOfStale(List<Expr> expressions, Set<Var> written, Fresh fresh) {
    for (Expr e : expressions) {
      if (!freeOfStale(e, written, fresh)) {
        return false;
      }
    }
    return true;
  }

  private static boolean freeOfStale(Expr e, Set<Var> written, Fresh fresh) {
    if (e instanceof Expr.ArrayRead r && r.array() instanceof Expr.Read a && r.index() instanceof Expr.Read index
        && index.var().equals(fresh.elementAt().get(a.var()))) {
      return true;
    }
    if (e instanceof Expr.Read r) {
      return !written.contains(r.var()) || fresh.arrays().contains(r.var());
    }
    for (Expr child : Derivatives.children(e)) {
      if (!freeOfStale(child, written, fresh)) {
        return false;
      }
    }
    return !(e instanceof Expr.Field f) || !written.contains(f.object());
  }
}
