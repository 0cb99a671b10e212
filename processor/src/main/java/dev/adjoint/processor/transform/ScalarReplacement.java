package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Keeps an array element in a local across a reverse-sweep loop whose iterations all use the
 * same element, as a hand-written adjoint does: {@code xBar[i] += t * w[j]} summed over {@code j}
 * becomes {@code xBarAtI += t * w[j]}, with {@code xBar[i]} read before the loop and written back
 * after it. The JIT cannot do this itself, because to it every {@code double[]} store in the loop
 * may change {@code xBar[i]}; the chain through memory it then keeps makes such loops several
 * times slower than their primal.
 *
 * <p>Only arrays that nothing else can reach are candidates: one-dimensional arrays the
 * generated method allocates itself and only ever indexes (never assigns, passes, pushes or
 * copies), so no other name can write the element inside the loop. The element's index must
 * not change in the loop. The local is read and written back only if the loop runs at all, so an
 * index that is out of range when the loop runs zero times still throws nothing.
 */
public final class ScalarReplacement {
  private ScalarReplacement() {}

  public static VjpFunction apply(VjpFunction vjp) {
    Set<Var> private1d = privateArrays(vjp.body());
    if (private1d.isEmpty()) {
      return vjp;
    }
    Run run = new Run(private1d, usedNames(vjp));
    VjpFunction.Split split = vjp.split() == null ? null : new VjpFunction.Split(vjp.split().tape(),
        vjp.split().forward(), vjp.split().carried(),
        // Its own method: the same names again.
        new Run(private1d, usedNames(vjp)).block(vjp.split().reverse()), vjp.split().joint());
    return new VjpFunction(vjp.primal(), vjp.seed(), vjp.adjointParam(), run.block(vjp.body()), vjp.value(),
        vjp.inOut(), split);
  }

  private static final class Run {
    private final Set<Var> candidates;
    private final Set<String> usedNames;

    Run(Set<Var> candidates, Set<String> usedNames) {
      this.candidates = candidates;
      this.usedNames = usedNames;
    }

    List<Stmt> block(List<Stmt> statements) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : statements) {
        if (s instanceof Stmt.Repeat r) {
          repeat(new Stmt.Repeat(r.counter(), r.times(), block(r.body())), out);
        } else if (s instanceof Stmt.If i) {
          out.add(new Stmt.If(i.condition(), block(i.then()), block(i.otherwise()), i.source()));
        } else if (s instanceof Stmt.Loop l) {
          out.add(new Stmt.Loop(l.id(), l.condition(), block(l.body()), block(l.update()), l.testFirst(), l.source()));
        } else {
          out.add(s);
        }
      }
      return out;
    }

    private void repeat(Stmt.Repeat r, List<Stmt> out) {
      Map<Var, Expr> elements = invariantElements(r);
      if (elements.isEmpty()) {
        out.add(r);
        return;
      }
      Map<Expr, Var> locals = new LinkedHashMap<>();
      elements.forEach((array, index) -> locals.put(element(array, index), Var.synthetic(
          fresh(array.name() + (index instanceof Expr.Read i ? "At" + FreshNames.capitalize(i.var().name().replace("_", "")) : "Element")),
          Primitive.DOUBLE)));
      Set<Var> written = new HashSet<>();
      List<Stmt> body = replace(r.body(), locals, written);
      Var times = Var.synthetic(fresh(r.counter().name() + "Times"), Primitive.INT);
      List<Stmt> guarded = new ArrayList<>();
      locals.forEach((element, local) -> guarded.add(new Stmt.Declare(local, element, "")));
      guarded.add(new Stmt.Repeat(r.counter(), new Expr.Read(times), body));
      locals.forEach((element, local) -> {
        if (written.contains(local)) {
          Expr.ArrayRead e = (Expr.ArrayRead) element;
          guarded.add(new Stmt.ArrayStore(e.array(), e.index(), null, new Expr.Read(local), ""));
        }
      });
      out.add(new Stmt.Declare(times, r.times(), ""));
      out.add(new Stmt.If(new Expr.Binary(BinaryOp.GT, new Expr.Read(times), Expr.Constant.ofInt(0), Primitive.BOOLEAN),
          guarded, List.of(), ""));
    }

    /** The candidate arrays indexed in {@code r} at one index only, which the loop does not change. */
    private Map<Var, Expr> invariantElements(Stmt.Repeat r) {
      Map<Var, Set<Expr>> indices = new LinkedHashMap<>();
      Set<Var> assigned = new HashSet<>();
      boolean[] unsupported = {false};
      assigned.add(r.counter());
      Walk.statements(r.body(), s -> {
        if (s instanceof Stmt.Declare d) {
          assigned.add(d.var());
        } else if (s instanceof Stmt.Assign a) {
          assigned.add(a.var());
        } else if (s instanceof Stmt.Repeat inner) {
          assigned.add(inner.counter());
        }
        for (Expr e : Walk.allExpressions(s)) {
          Walk.nodes(e, node -> {
            if (node instanceof Expr.ArrayRead a && a.array() instanceof Expr.Read array
                && candidates.contains(array.var())) {
              indices.computeIfAbsent(array.var(), v -> new HashSet<>()).add(a.index());
            }
          });
        }
        if (s instanceof Stmt.Loop || s instanceof Stmt.Return) {
          unsupported[0] = true;
        }
        if (isRange(s) && Walk.allExpressions(s).get(0) instanceof Expr.Read array
            && candidates.contains(array.var())) {
          // Every element of a range: no single one to keep in a local.
          indices.computeIfAbsent(array.var(), v -> new HashSet<>()).add(array);
        }
      });
      if (unsupported[0]) {
        // Not rewritten by replace(); reverse sweeps put neither inside a loop.
        return Map.of();
      }
      Map<Var, Expr> result = new LinkedHashMap<>();
      indices.forEach((array, at) -> {
        if (at.size() == 1 && isInvariant(at.iterator().next(), assigned)) {
          result.put(array, at.iterator().next());
        }
      });
      return result;
    }

    private String fresh(String base) {
      String candidate = base;
      for (int i = 2; usedNames.contains(candidate); i++) {
        candidate = base + i;
      }
      usedNames.add(candidate);
      return candidate;
    }
  }

  private static boolean isRange(Stmt s) {
    return s instanceof Stmt.PushRange || s instanceof Stmt.PopRange;
  }

  private static Expr element(Var array, Expr index) {
    return new Expr.ArrayRead(new Expr.Read(array), index, ((ArrayType) array.type()).component());
  }

  /** Evaluates to the same value anywhere in a loop that assigns only {@code assigned}. */
  private static boolean isInvariant(Expr index, Set<Var> assigned) {
    boolean[] invariant = {true};
    // Array elements and calls are left out rather than proved unchanged.
    Walk.nodes(index, node -> invariant[0] &= !(node instanceof Expr.Pop || node instanceof Expr.Call
        || node instanceof Expr.ForwardCall
        || node instanceof Expr.PrimalCall || node instanceof Expr.ArrayRead
        || node instanceof Expr.Read read && assigned.contains(read.var())));
    return invariant[0];
  }

  /** {@code statements} with each element of {@code locals} read and written through its local. */
  private static List<Stmt> replace(List<Stmt> statements, Map<Expr, Var> locals, Set<Var> written) {
    UnaryOperator<Expr> reads = e -> substitute(e, locals);
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : statements) {
      if (s instanceof Stmt.ArrayStore store && locals.containsKey(store.element())) {
        Var local = locals.get(store.element());
        written.add(local);
        out.add(new Stmt.Assign(local, store.compound(), reads.apply(store.value()), store.source()));
      } else if (s instanceof Stmt.ArrayStore store) {
        out.add(new Stmt.ArrayStore(reads.apply(store.array()), reads.apply(store.index()), store.compound(),
            reads.apply(store.value()), store.source()));
      } else if (s instanceof Stmt.Declare d) {
        out.add(new Stmt.Declare(d.var(), d.init() == null ? null : reads.apply(d.init()), d.source()));
      } else if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.var(), a.compound(), reads.apply(a.value()), a.source()));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(reads.apply(i.condition()), replace(i.then(), locals, written),
            replace(i.otherwise(), locals, written), i.source()));
      } else if (s instanceof Stmt.Repeat r) {
        out.add(new Stmt.Repeat(r.counter(), reads.apply(r.times()), replace(r.body(), locals, written)));
      } else if (s instanceof Stmt.Push p) {
        out.add(new Stmt.Push(p.stack(), reads.apply(p.value()), p.site()));
      } else {
        // Comments, and statements that never mention a private array (see privateArrays()).
        out.add(s);
      }
    }
    return out;
  }

  private static Expr substitute(Expr e, Map<Expr, Var> locals) {
    Var local = locals.get(e);
    if (local != null) {
      return new Expr.Read(local);
    }
    return Rebuild.mapChildren(e, child -> substitute(child, locals));
  }

  /**
   * One-dimensional {@code double} arrays declared once, from {@code new} or zeros, and
   * otherwise only indexed or measured: no other variable, call or copy can reach them.
   */
  private static Set<Var> privateArrays(List<Stmt> body) {
    Map<Var, Integer> declarations = new HashMap<>();
    Set<Var> escaping = new HashSet<>();
    Walk.statements(body, s -> {
      if (s instanceof Stmt.Declare d && d.var().type() instanceof ArrayType t && t.dims() == 1
          && t.element() == Primitive.DOUBLE && (d.init() instanceof Expr.NewArray || d.init() instanceof Expr.ZerosLike)) {
        declarations.merge(d.var(), 1, Integer::sum);
      } else if (s instanceof Stmt.Assign a) {
        escaping.add(a.var());
      }
      if (!(s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.ArrayStore
          || s instanceof Stmt.If || s instanceof Stmt.Repeat || s instanceof Stmt.Loop || s instanceof Stmt.Push
          || s instanceof Stmt.Return || s instanceof Stmt.Comment || isRange(s))) {
        // Calls, copies and the adjoint outputs may hand an array to other code.
        for (Expr e : Walk.allExpressions(s)) {
          escaping.addAll(Derivatives.allVars(e));
        }
        return;
      }
      // An element store is listed as its element, a[i]: indexing, not a use of the reference;
      // so is a range of elements recorded or put back.
      List<Expr> expressions = Walk.allExpressions(s);
      for (Expr e : isRange(s) ? expressions.subList(1, expressions.size()) : expressions) {
        mentions(e, false, escaping);
      }
    });
    Set<Var> result = new HashSet<>();
    declarations.forEach((v, count) -> {
      if (count == 1 && !escaping.contains(v)) {
        result.add(v);
      }
    });
    return result;
  }

  /** Marks as escaping each array read other than as {@code a[i]} or {@code a.length}. */
  private static void mentions(Expr e, boolean indexed, Set<Var> escaping) {
    if (e instanceof Expr.Read r) {
      if (!indexed) {
        escaping.add(r.var());
      }
      return;
    }
    if (e instanceof Expr.ArrayRead a) {
      mentions(a.array(), true, escaping);
      mentions(a.index(), false, escaping);
      return;
    }
    if (e instanceof Expr.Length l) {
      mentions(l.array(), true, escaping);
      return;
    }
    if (e instanceof Expr.Call || e instanceof Expr.ForwardCall || e instanceof Expr.GradientCall || e instanceof Expr.CopyOf
        || e instanceof Expr.ZerosLike) {
      // Handed to other code: whatever it reaches escapes, even indexed.
      escaping.addAll(Derivatives.allVars(e));
      if (e instanceof Expr.CopyOf c) {
        escaping.addAll(Derivatives.allVars(c.array()));
      } else if (e instanceof Expr.ZerosLike z) {
        escaping.addAll(Derivatives.allVars(z.array()));
      }
      return;
    }
    for (Expr child : Derivatives.children(e)) {
      mentions(child, false, escaping);
    }
  }

  private static Set<String> usedNames(VjpFunction vjp) {
    Set<String> names = new HashSet<>();
    vjp.primal().params().forEach(p -> names.add(p.name()));
    names.add(vjp.seed().name());
    names.add(vjp.adjointParam());
    Walk.mentionedVars(vjp.body()).forEach(v -> names.add(v.name()));
    names.add(vjp.primal().owner().simpleNames().get(0));
    names.add("Math");
    names.add("StrictMath");
    return names;
  }
}
