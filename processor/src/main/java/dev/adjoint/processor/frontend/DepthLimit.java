package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits every expression nested more than {@link #MAX_HEIGHT} levels deep into temporaries, so
 * that the later stages, and the code they generate, see statements of bounded depth and size:
 * {@code return t1 + t2 + ... + t600;} becomes {@code double resultPart1 = t1 + ... + t32;
 * double resultPart2 = resultPart1 + t33 + ...; return resultPart18 + ... + t600;}.
 *
 * <p>The temporaries hold exactly what Java computes on the way, in the same order: a part is a
 * whole subexpression, taken out where Java would evaluate it; so the value stays the same bit for
 * bit (a double variable rounds nothing a double operand did not). Operands that Java evaluates
 * before a part and that the part could observe or whose exceptions could come first (array
 * elements, calls, integer divisions) are taken out before it, in their order; reads of locals,
 * constants and floating-point arithmetic cannot tell, and stay. The branches of {@code ?:} and
 * the right of {@code &&} and {@code ||} run only sometimes, so nothing is taken out of them;
 * nor out of a loop condition, which runs again on every iteration.
 *
 * <p>Why here: the front end is the last stage that must follow a user's expression at its full
 * depth (on the processor's large stack, see {@code LargeStack}); every later stage recurses over
 * bounded expressions, and differentiating a statement, whose cost may grow with the square of its
 * size in places, stays linear in the method's size.
 */
final class DepthLimit {
  /** Deep enough for anything written by hand to pass untouched, shallow enough for javac and the analyses. */
  static final int MAX_HEIGHT = 32;

  private final Scope scope;

  private DepthLimit(Scope scope) {
    this.scope = scope;
  }

  /** {@code body} with its deep expressions split; temporaries are named through {@code scope}. */
  static List<Stmt> apply(List<Stmt> body, Scope scope) {
    return new DepthLimit(scope).block(body);
  }

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : statements) {
      statement(s, out);
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Declare d && d.init() != null) {
      out.add(new Stmt.Declare(d.var(), new Parts(d.var().name(), out).root(d.init()), d.source()));
    } else if (s instanceof Stmt.Assign a) {
      out.add(new Stmt.Assign(a.var(), a.compound(), new Parts(a.var().name(), out).root(a.value()), a.source()));
    } else if (s instanceof Stmt.Return r) {
      out.add(new Stmt.Return(new Parts("result", out).root(r.value()), r.source()));
    } else if (s instanceof Stmt.ArrayStore a && inert(a.array()) && inert(a.index()) && !containsCall(a.value())) {
      // Java reads the element of a compound assignment before the value; a part with a call in
      // it could write that element first, so such values stay whole.
      Expr value = new Parts(Exprs.rootVar(a.array()).name(), out).root(a.value());
      out.add(new Stmt.ArrayStore(a.array(), a.index(), a.compound(), value, a.source()));
    } else if (s instanceof Stmt.Invoke i) {
      out.add(new Stmt.Invoke((Expr.Call) new Parts(i.call().callee().name(), out).root(i.call()), i.source()));
    } else if (s instanceof Stmt.If i) {
      Expr condition = new Parts("condition", out).root(i.condition());
      out.add(new Stmt.If(condition, block(i.then()), block(i.otherwise()), i.source()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.id(), l.condition(), block(l.body()), block(l.update()), l.testFirst(), l.source()));
    } else {
      out.add(s);
    }
  }

  /** The parts taken out of one statement's expression, declared in {@code out} ahead of it. */
  private final class Parts {
    private final String base;
    private final List<Stmt> out;
    private final Map<Expr, Integer> heights = new IdentityHashMap<>();
    private int count;

    Parts(String base, List<Stmt> out) {
      this.base = base;
      this.out = out;
    }

    /** {@code e} with its deep operands taken out; {@code e} itself stays in its statement. */
    Expr root(Expr e) {
      return height(e) <= MAX_HEIGHT ? e : withLimitedChildren(e);
    }

    private Expr limit(Expr e) {
      if (height(e) <= MAX_HEIGHT) {
        return e;
      }
      Expr limited = withLimitedChildren(e);
      if (height(limited) >= MAX_HEIGHT && limited.type() instanceof Primitive) {
        return takeOut(limited, out.size());
      }
      return limited;
    }

    private Expr withLimitedChildren(Expr e) {
      List<Expr> children = Walk.children(e);
      List<Expr> limited = new ArrayList<>(children.size());
      boolean changed = false;
      for (int i = 0; i < children.size(); i++) {
        Expr child = children.get(i);
        int mark = out.size();
        Expr done = alwaysEvaluated(e, i) ? limit(child) : child;
        if (out.size() > mark && !takeOutEarlierOperands(limited, mark)) {
          // An earlier operand can be neither left in place nor taken out (an array row): keep this one whole.
          out.subList(mark, out.size()).clear();
          done = child;
        }
        changed |= done != child;
        limited.add(done);
      }
      changed |= limited.size() != children.size();
      return changed ? withChildren(e, limited) : e;
    }

    /**
     * Parts of an operand were just declared at {@code mark}: the operands Java evaluates before it
     * go before them, unless evaluating them later cannot be told. False if one cannot be taken out.
     */
    private boolean takeOutEarlierOperands(List<Expr> earlier, int mark) {
      for (int j = 0; j < earlier.size(); j++) {
        if (!inert(earlier.get(j)) && !(earlier.get(j).type() instanceof Primitive)) {
          return false;
        }
      }
      int at = mark;
      for (int j = 0; j < earlier.size(); j++) {
        if (!inert(earlier.get(j))) {
          earlier.set(j, takeOut(earlier.get(j), at++));
        }
      }
      return true;
    }

    /** Declares a temporary holding {@code e} at position {@code at} of the output, and reads it. */
    private Expr takeOut(Expr e, int at) {
      Var part = scope.temporary(base + "Part" + (++count), e.type());
      out.add(at, new Stmt.Declare(part, e, ""));
      Expr read = new Expr.Read(part);
      heights.put(read, 1);
      return read;
    }

    private int height(Expr e) {
      Integer known = heights.get(e);
      if (known != null) {
        return known;
      }
      int max = 0;
      for (Expr child : Walk.children(e)) {
        max = Math.max(max, height(child));
      }
      heights.put(e, max + 1);
      return max + 1;
    }
  }

  /** Whether Java evaluates child {@code i} of {@code e} whenever it evaluates {@code e}. */
  private static boolean alwaysEvaluated(Expr e, int i) {
    if (e instanceof Expr.Conditional) {
      return i == 0;
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
      return i == 0;
    }
    return true;
  }

  /**
   * Whether evaluating {@code e} later than Java would cannot be told: it throws nothing and
   * reads nothing a call could write (locals cannot change inside an expression of the IR).
   */
  static boolean inert(Expr e) {
    if (e instanceof Expr.Read || e instanceof Expr.Constant || e instanceof Expr.StaticField) {
      return true;
    }
    if (e instanceof Expr.Binary b) {
      boolean integerDivision = (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM) && b.type() != Primitive.DOUBLE;
      return !integerDivision && inert(b.left()) && inert(b.right());
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast || e instanceof Expr.Conditional
        || e instanceof Expr.MathCall) {
      return Walk.children(e).stream().allMatch(DepthLimit::inert);
    }
    return false;
  }

  private static boolean containsCall(Expr e) {
    boolean[] found = {false};
    Walk.nodes(e, node -> found[0] |= node instanceof Expr.Call || node instanceof Expr.PrimalCall);
    return found[0];
  }

  /** {@code e} with its children (in {@link Walk#children} order) replaced. */
  private static Expr withChildren(Expr e, List<Expr> c) {
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), c.get(0));
    } else if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), c.get(0), c.get(1), b.type());
    } else if (e instanceof Expr.Cast k) {
      return new Expr.Cast(k.type(), c.get(0));
    } else if (e instanceof Expr.Conditional k) {
      return new Expr.Conditional(c.get(0), c.get(1), c.get(2), k.type());
    } else if (e instanceof Expr.MathCall m) {
      return m.withArgs(c);
    } else if (e instanceof Expr.PrimalCall p) {
      return new Expr.PrimalCall(p.owner(), p.name(), c, p.type(), p.zeroDerivative(), p.origin());
    } else if (e instanceof Expr.Call k) {
      return new Expr.Call(k.callee(), c, k.origin(), k.argOrigins());
    } else if (e instanceof Expr.ArrayRead a) {
      return new Expr.ArrayRead(c.get(0), c.get(1), a.type());
    } else if (e instanceof Expr.Length) {
      return new Expr.Length(c.get(0));
    } else if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(n.type(), c);
    } else if (e instanceof Expr.ArrayLiteral l) {
      return new Expr.ArrayLiteral(l.type(), c);
    }
    throw new IllegalArgumentException("not an expression the front end makes: " + e);
  }
}
