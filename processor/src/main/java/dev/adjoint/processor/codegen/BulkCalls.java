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
 * the loop and read nowhere else, a body of the one store, no recording inside. Where the reverse
 * sweep needed more (values kept per element, trip counts), the loop stays a loop.
 */
final class BulkCalls {
  private static final com.palantir.javapoet.ClassName ARRAYS = com.palantir.javapoet.ClassName.get("java.util", "Arrays");

  private BulkCalls() {}

  /** A loop that is one call, {@code code}, with the statement setting its counter just before it. */
  private record Found(Stmt init, Stmt.Loop loop, CodeBlock code) {}

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
    Map<Stmt, Boolean> inside = new IdentityHashMap<>();
    for (Found f : found) {
      inside.put(f.init(), true);
      Walk.statements(List.of(f.loop()), b -> inside.put(b, true));
    }
    Set<Var> readElsewhere = new java.util.HashSet<>();
    Walk.statements(statements, s -> {
      if (!inside.containsKey(s)) {
        readElsewhere.addAll(read(s));
      }
    });
    Map<Stmt, CodeBlock> calls = new IdentityHashMap<>();
    for (Found f : found) {
      if (!readElsewhere.contains(((Stmt.Assign) f.loop().update().get(0)).var())) {
        calls.put(f.init(), CodeBlock.of(""));
        calls.put(f.loop(), f.code());
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
        CodeBlock call = k > 0 ? call(block.get(k - 1), l, declared) : null;
        if (call != null) {
          found.add(new Found(block.get(k - 1), l, call));
        } else {
          scan(l.body(), declared, found);
          scan(l.update(), declared, found);
        }
      }
    }
  }

  /** The call {@code loop}, its counter set by {@code init}, carries out; null if it is not one. */
  private static CodeBlock call(Stmt init, Stmt.Loop loop, Set<Var> declared) {
    if (!loop.id().startsWith("bulk") || !loop.testFirst() || loop.body().size() != 1 || loop.update().size() != 1
        || !(loop.body().get(0) instanceof Stmt.ArrayStore store) || store.compound() != null
        || !(loop.update().get(0) instanceof Stmt.Assign step) || !declared.contains(step.var())
        || !(step.value() instanceof Expr.Constant one) || !one.java().equals("1")) {
      return null;
    }
    Var i = step.var();
    Expr start = init instanceof Stmt.Declare d && d.var() == i ? d.init()
        : init instanceof Stmt.Assign a && a.var() == i && a.compound() == null ? a.value() : null;
    Expr count;
    if (step.compound() == BinaryOp.ADD && isInt(start, "0")
        && loop.condition() instanceof Expr.Binary c && c.op() == BinaryOp.LT && c.left().equals(new Expr.Read(i))) {
      count = c.right();
    } else if (step.compound() == BinaryOp.SUB && start instanceof Expr.Binary s && s.op() == BinaryOp.SUB
        && isInt(s.right(), "1") && loop.condition() instanceof Expr.Binary c && c.op() == BinaryOp.GE
        && c.left().equals(new Expr.Read(i)) && isInt(c.right(), "0")) {
      count = s.left();
    } else {
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
        return CodeBlock.of("$T.fill($L, $L)", ARRAYS, array, ExpressionWriter.write(store.value()));
      }
      return CodeBlock.of("$T.fill($L, $L, $L, $L)", ARRAYS, array, ExpressionWriter.write(to),
          ExpressionWriter.write(end(to, count)), ExpressionWriter.write(store.value()));
    }
    return null;
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
