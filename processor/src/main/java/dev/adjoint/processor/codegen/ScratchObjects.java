package dev.adjoint.processor.codegen;

import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.Chunks;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Walk;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a function's first-order methods keep in private fields of its adjoint object between
 * calls, rather than make afresh at each call (optimisation {@code reusedAdjoints}): their work
 * arrays ({@link #workspaces}), and the callees' adjoint objects they fill at each call in a loop
 * (optimisation {@code reusedAdjoints}), kept in private fields of the function's own adjoint
 * object between calls rather than made afresh at each call of the method. A reverse half ({@code
 * mReverse}, {@code mReverseInOut}) runs once per call of its caller's loop, and the JIT cannot
 * drop objects it hands to callees it does not inline: made per call, they were most of what
 * ADBench's LSTM gradient allocated. The caller's adjoint object is reused the same way, down to
 * the user's, so nothing is allocated per call once it has been used. Each level of a recursion
 * gets its own: the object for the callee hangs off the caller's.
 */
final class ScratchObjects {
  private ScratchObjects() {}

  /**
   * For each function (by name), its scratch fields: the local each method names the object or
   * array by, and its type. A name that is also an active parameter's (a field already) is left
   * out, and so is a second type for one name.
   */
  static Map<String, Map<String, Type>> of(List<VjpFunction> functions) {
    Map<String, Map<String, Type>> all = new LinkedHashMap<>();
    Map<String, Set<String>> conflicts = new HashMap<>();
    for (VjpFunction vjp : functions) {
      Function f = vjp.primal();
      Map<String, Type> fields = all.computeIfAbsent(f.name(), name -> new LinkedHashMap<>());
      BiConsumer<Var, Type> add = (local, type) -> {
        if (f.activeParams().stream().noneMatch(p -> p.name().equals(local.name()))) {
          Type before = fields.putIfAbsent(local.name(), type);
          if (before != null && !before.equals(type)) {
            conflicts.computeIfAbsent(f.name(), name -> new HashSet<>()).add(local.name());
          }
        }
      };
      for (List<Stmt> body : bodies(vjp)) {
        madeAtTop(body, false, (local, call) -> add.accept(local, call.adjoint().type()));
      }
      workspaces(vjp.body()).forEach(v -> add.accept(v, v.type()));
    }
    conflicts.forEach((f, names) -> all.get(f).keySet().removeAll(names));
    return all;
  }

  /**
   * The work arrays of a method body that can be kept in its adjoint object between calls: {@code
   * double[]}s made by {@code new} once, at the top level (so once per call), never assigned
   * again, and only indexed, measured, copied from or into, or handed to a callee's adjoint
   * object, which keeps no reference past the call: no reference to one leaves the method (not
   * returned, stored, pushed on the tape or passed to a callee's primal). Mostly the adjoints of
   * the method's own local arrays.
   */
  static Set<Var> workspaces(List<Stmt> body) {
    // In declaration order: the fields it becomes are printed in it (a HashMap of Vars, hashed by
    // identity, gave another order in each build).
    Map<Var, Integer> declared = new LinkedHashMap<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Declare d && d.init() instanceof Expr.NewArray n && n.dims().size() == 1
          && d.var().type() instanceof ArrayType t && t.dims() == 1 && t.element() == Primitive.DOUBLE) {
        declared.merge(d.var(), 1, Integer::sum);
      }
    }
    Map<Var, Integer> reads = new HashMap<>();
    Map<Var, Integer> safe = new HashMap<>();
    Set<Var> redefined = new HashSet<>();
    Walk.statements(body, s -> {
      if (s instanceof Stmt.Assign a) {
        redefined.add(a.var());
      } else if (s instanceof Stmt.Declare d && declared.containsKey(d.var()) && !(d.init() instanceof Expr.NewArray)) {
        redefined.add(d.var());
      }
      for (Expr e : Walk.allExpressions(s)) {
        Walk.nodes(e, node -> {
          if (node instanceof Expr.Read r) {
            reads.merge(r.var(), 1, Integer::sum);
          } else if (node instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read r) {
            safe.merge(r.var(), 1, Integer::sum);
          } else if (node instanceof Expr.Length l && l.array() instanceof Expr.Read r) {
            safe.merge(r.var(), 1, Integer::sum);
          }
        });
      }
      List<Expr> whole = new ArrayList<>();
      if (s instanceof Stmt.PushRange p) {
        whole.add(p.array());
      } else if (s instanceof Stmt.PopRange p) {
        whole.add(p.array());
      } else if (s instanceof Stmt.CopyInto c) {
        whole.addAll(List.of(c.from(), c.to()));
      } else if (s instanceof Stmt.AddScaled a) {
        whole.addAll(List.of(a.target(), a.from()));
      } else if (s instanceof Stmt.AllocateOutput o) {
        whole.add(o.shapeOf());
      } else if (s instanceof Stmt.AdjointCall a) {
        whole.addAll(a.arrayAdjoints().values());
      }
      whole.stream().filter(Expr.Read.class::isInstance).map(e -> ((Expr.Read) e).var())
          .forEach(v -> safe.merge(v, 1, Integer::sum));
    });
    Set<Var> kept = new LinkedHashSet<>();
    declared.forEach((v, count) -> {
      if (count == 1 && !redefined.contains(v) && reads.getOrDefault(v, 0).equals(safe.getOrDefault(v, 0))) {
        kept.add(v);
      }
    });
    return kept;
  }

  /** Every statement list that is written as a method with {@code vjp}'s adjoint object. */
  private static List<List<Stmt>> bodies(VjpFunction vjp) {
    List<List<Stmt>> bodies = new ArrayList<>();
    bodies.add(vjp.body());
    if (vjp.split() != null) {
      bodies.add(vjp.split().reverse());
    }
    for (Chunks cut : vjp.chunks()) {
      cut.chunks().stream().filter(Chunks.Chunk::takesAdjoint).forEach(c -> bodies.add(c.body()));
    }
    return bodies;
  }

  /** Each adjoint object a call in a loop of {@code statements} fills, with its call. */
  static void madeAtTop(List<Stmt> statements, boolean inLoop, BiConsumer<Var, Stmt.AdjointCall> made) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.If i) {
        madeAtTop(i.then(), inLoop, made);
        madeAtTop(i.otherwise(), inLoop, made);
      } else if (s instanceof Stmt.Loop l) {
        madeAtTop(l.body(), true, made);
        madeAtTop(l.update(), true, made);
      } else if (s instanceof Stmt.Repeat r) {
        madeAtTop(r.body(), true, made);
      } else if (inLoop && s instanceof Stmt.AdjointCall a) {
        made.accept(a.adjoint(), a);
      } else if (inLoop && s instanceof Stmt.TangentAdjointCall t) {
        made.accept(t.call().adjoint(), t.call());
        made.accept(t.adjointTangent(), t.call());
      }
    }
  }
}
