package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An element of an adjoint array that straight-line code adds to more than once is added to once
 * (optimisation {@code elementSums}): the reverse of {@code b = 1 - x[i]} and of {@code a = x[i + 1]
 * - x[i] * x[i]} both add to {@code xBar[i]}, and
 *
 * <pre>
 *   xBar[i] += -bBar;  ...  xBar[i] += -(2.0 * (aBar * x[i]));
 * </pre>
 *
 * <p>becomes {@code double xBarSum = -bBar; ... xBar[i] += xBarSum - 2.0 * (aBar * x[i]);}: one
 * load and one store of the element instead of two, and no store the JIT must keep between two
 * loads of the primal array (which, for all it knows, may be the same array).
 *
 * <p>Only where nothing in between can see the difference: the element's index and array are
 * plain integer arithmetic on variables nothing in between assigns (nor arrays whose elements it
 * stores: {@code xBar[at[0]]} moves when {@code at[0]} is put back); in between, no statement reads
 * an element of any adjoint array or stores one other than by {@code +=} (adjoint arrays of aliased
 * primal arrays are aliases too), and none calls anything, branches or loops.
 */
final class ElementSums {
  private final Set<Var> adjointArrays;
  private final FreshNames names;

  private ElementSums(Set<Var> adjointArrays, FreshNames names) {
    this.adjointArrays = adjointArrays;
    this.names = names;
  }

  static List<Stmt> apply(List<Stmt> block, Set<Var> adjointArrays, FreshNames names) {
    return new ElementSums(adjointArrays, names).block(block);
  }

  /** The positions in a block of the {@code +=} updates of one element, in order. */
  private record Group(Stmt.ArrayStore first, List<Integer> at) {}

  private List<Stmt> block(List<Stmt> in) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : in) {
      out.add(nested(s));
    }
    Map<Expr, Group> open = new LinkedHashMap<>();
    List<Group> closed = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Stmt s = out.get(i);
      Expr element = update(s);
      if (element != null) {
        open.computeIfAbsent(element, e -> new Group((Stmt.ArrayStore) s, new ArrayList<>())).at().add(i);
        continue;
      }
      if (barrier(s)) {
        closed.addAll(open.values());
        open.clear();
        continue;
      }
      Set<Var> assigned = assigned(s);
      open.entrySet().removeIf(entry -> {
        boolean touched = Derivatives.allVars(entry.getKey()).stream().anyMatch(assigned::contains);
        if (touched) {
          closed.add(entry.getValue());
        }
        return touched;
      });
    }
    closed.addAll(open.values());
    for (Group g : closed) {
      if (g.at().size() > 1) {
        merge(g, out);
      }
    }
    return out;
  }

  private Stmt nested(Stmt s) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), block(i.then()), block(i.otherwise()), i.source());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.id(), l.condition(), block(l.body()), block(l.update()), l.testFirst(), l.source());
    }
    if (s instanceof Stmt.Repeat r) {
      return new Stmt.Repeat(r.counter(), r.times(), block(r.body()));
    }
    return s;
  }

  /** {@code a[i] += e} into an adjoint array, with {@code e} reading none: its element, or null. */
  private Expr update(Stmt s) {
    if (!(s instanceof Stmt.ArrayStore store) || store.compound() != BinaryOp.ADD
        || !adjointArrays.contains(root(store.array())) || !plain(store.array()) || !plain(store.index())
        || readsAdjointElement(store.value()) || calls(store.value())) {
      return null;
    }
    return store.element();
  }

  /** Reads of variables, constants, and integer arithmetic and indexing on them. */
  private static boolean plain(Expr e) {
    if (e instanceof Expr.Read || e instanceof Expr.Constant) {
      return true;
    }
    if (e instanceof Expr.Binary b) {
      return b.type() == Primitive.INT && plain(b.left()) && plain(b.right());
    }
    return e instanceof Expr.ArrayRead r && plain(r.array()) && plain(r.index());
  }

  /** Whether merging across {@code s} could change what some code sees. */
  private boolean barrier(Stmt s) {
    if (!(s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.ArrayStore
        || s instanceof Stmt.Comment || s instanceof Stmt.Push || s instanceof Stmt.Reserve)) {
      return true;
    }
    if (s instanceof Stmt.ArrayStore store && adjointOrUnknown(store.array())) {
      return true;
    }
    for (Expr e : Walk.allExpressions(s)) {
      if (readsAdjointElement(e) || calls(e)) {
        return true;
      }
    }
    return false;
  }

  private boolean readsAdjointElement(Expr e) {
    boolean[] found = {false};
    Walk.nodes(e, node -> found[0] |= node instanceof Expr.ArrayRead r && adjointOrUnknown(r.array()));
    return found[0];
  }

  private boolean adjointOrUnknown(Expr array) {
    Var v = root(array);
    return v == null || adjointArrays.contains(v);
  }

  /** The variable an array expression indexes into, or null if it is not a variable's. */
  private static Var root(Expr array) {
    if (array instanceof Expr.Read r) {
      return r.var();
    }
    return array instanceof Expr.ArrayRead a ? root(a.array()) : null;
  }

  private static boolean calls(Expr e) {
    boolean[] found = {false};
    Walk.nodes(e, node -> found[0] |= node instanceof Expr.Call || node instanceof Expr.ForwardCall
        || node instanceof Expr.PrimalCall);
    return found[0];
  }

  /**
   * The variables {@code s} changes that an element's address may read: an assigned local, or a
   * (primal) array whose elements it stores, as an index array {@code idx} in {@code xBar[idx[k]]}.
   */
  private static Set<Var> assigned(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return Set.of(d.var());
    }
    if (s instanceof Stmt.Assign a) {
      return Set.of(a.var());
    }
    if (s instanceof Stmt.ArrayStore store && root(store.array()) != null) {
      return Set.of(root(store.array()));
    }
    return Set.of();
  }

  /** The first update declares the running sum, the middle ones add to it, the last stores it. */
  private void merge(Group g, List<Stmt> out) {
    Var sum = Var.synthetic(names.fresh(root(g.first().array()).name() + "Sum"), Primitive.DOUBLE);
    List<Integer> at = g.at();
    for (int k = 0; k < at.size(); k++) {
      Stmt.ArrayStore store = (Stmt.ArrayStore) out.get(at.get(k));
      if (k == 0) {
        out.set(at.get(k), new Stmt.Declare(sum, store.value(), store.source()));
      } else if (k < at.size() - 1) {
        out.set(at.get(k), new Stmt.Assign(sum, BinaryOp.ADD, store.value(), store.source()));
      } else {
        out.set(at.get(k), new Stmt.ArrayStore(store.array(), store.index(), BinaryOp.ADD,
            Exprs.add(new Expr.Read(sum), store.value()), store.source()));
      }
    }
  }
}
