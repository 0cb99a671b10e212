package dev.adjoint.processor.transform;

import static dev.adjoint.processor.ir.Exprs.ZERO;
import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.analysis.VariedValues;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.HvpFunction;
import dev.adjoint.processor.ir.JvpFunction;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Forward mode: the Jacobian-vector product of a lowered function. Every {@code double} and
 * {@code double} array gets a tangent ({@code xDot}) that runs beside it, statement by
 * statement, in the primal's own control flow; no tape is needed. A statement's tangent is
 * computed before the statement itself, from the old values, so {@code s = s * x} becomes
 * {@code sDot = sDot * x + s * xDot; s = s * x;}. Subexpressions a tangent needs again (a
 * {@code Math} result, a product's operand) are kept in locals the primal then reads, so nothing
 * is computed twice; a conditional whose branches need such locals becomes an {@code if}, so a
 * branch not taken is still not evaluated (a recursive call's base case depends on it).
 */
public final class ForwardMode {
  /** A construct forward mode does not handle: the method gets no {@code mJvp}. */
  public static final class Unsupported extends RuntimeException {
    Unsupported(String what) {
      super(what);
    }
  }

  private final Function f;
  private final FreshNames names;
  private final Predicate<Callee> hasJvp;
  /** Over a VJP's body, the tangents of what only a VJP has; null for plain forward mode. */
  private ReverseTangents reverse;
  private final List<Stmt> body;
  private final Map<Var, Var> tangents = new HashMap<>();
  /** What may depend on an active input: only varied variables get tangents, varied tape sites push one. */
  private final VariedValues varied;

  private ForwardMode(Function f, FreshNames names, List<Var> inputs, List<Stmt> body, Predicate<Callee> hasJvp) {
    this(f, names, inputs, body, body, hasJvp);
  }

  /** @param analysed what the activity analysis reads: {@code body}, and what shares its tape with it */
  private ForwardMode(Function f, FreshNames names, List<Var> inputs, List<Stmt> body, List<Stmt> analysed,
      Predicate<Callee> hasJvp) {
    this.f = f;
    this.names = names;
    this.hasJvp = hasJvp;
    this.body = body;
    this.varied = VariedValues.of(analysed, inputs);
  }

  /**
   * @param lowered a function after {@code Lowering}: one {@code return}, at the end
   * @param hasJvp whether a callee's {@code _Grad} has (or will have) its {@code mJvp}
   */
  public static JvpFunction transform(Function lowered, Predicate<Callee> hasJvp) {
    return new ForwardMode(lowered, new FreshNames(lowered), lowered.activeParams(), lowered.body(), hasJvp)
        .run();
  }

  /**
   * Forward mode over reverse mode: the tangent of a VJP along tangents of the active
   * parameters, the seed and the adjoints it adds to. Its second-order derivatives come out in
   * the tangent of the adjoint object: with seed 1 and seed tangent 0, the Hessian times the
   * parameters' tangents.
   *
   * @param vjp a joint VJP (no split calls, not cut into chunks) whose tape sites are named:
   *     forward mode pairs each pop with its push by them
   * @param hasHvp whether a callee's {@code _Grad} has (or will have) its second-order members
   * @param keepSites whether the generated code names its sites (for the tape checker)
   */
  public static HvpFunction transform(VjpFunction vjp, Predicate<Callee> hasJvp, Predicate<Callee> hasHvp,
      boolean keepSites) {
    Function f = vjp.primal();
    if (!vjp.chunks().isEmpty()) {
      throw new Unsupported("a VJP cut into chunks");
    }
    // The joint product and the split halves, analysed together: a half pops what the other pushed.
    List<Stmt> all = new ArrayList<>(vjp.body());
    VjpFunction.Split split = vjp.split();
    if (split != null && !split.joint()) {
      all.addAll(split.forward());
      all.addAll(split.reverse());
    }
    java.util.Set<String> used = new java.util.HashSet<>();
    f.params().forEach(p -> used.add(p.name()));
    used.add(vjp.seed().name());
    used.add(vjp.adjointParam());
    dev.adjoint.processor.ir.Walk.mentionedVars(all).forEach(v -> used.add(v.name()));
    FreshNames names = new FreshNames(used, f);
    List<Var> inputs = new ArrayList<>(f.activeParams());
    inputs.add(vjp.seed());
    // The joint product may come from another run than the halves (iterations reversed in its
    // forward sweep), with a seed of its own: the halves' seed, of the same name, is an input too.
    Var halvesSeed = null;
    if (split != null && !split.joint()) {
      for (Var v : dev.adjoint.processor.ir.Walk.mentionedVars(split.reverse())) {
        if (v.name().equals(vjp.seed().name()) && v != vjp.seed()) {
          halvesSeed = v;
          inputs.add(v);
        }
      }
    }
    ForwardMode mode = new ForwardMode(f, names, inputs, vjp.body(), all, hasJvp);
    if (halvesSeed != null) {
      mode.tangents.put(halvesSeed, mode.tangentOf(vjp.seed()));
    }
    mode.reverse = new ReverseTangents(mode, mode.varied, names, hasHvp, keepSites);
    return mode.runVjp(vjp);
  }

  private HvpFunction runVjp(VjpFunction vjp) {
    List<Var> parameterTangents = new ArrayList<>();
    for (Var p : f.activeParams()) {
      Var t = Var.synthetic(names.fresh(Names.tangentName(p.name())), p.type().derivative());
      tangents.put(p, t);
      parameterTangents.add(t);
    }
    Var seedTangent = tangentOf(vjp.seed());
    String adjointTangent = reverse.declareOutput(vjp.adjointParam());
    List<Stmt> out = new ArrayList<>();
    List<Stmt> rest = body;
    if (!body.isEmpty() && MethodSplitting.declaresTape(body.get(0))) {
      // The writer guards everything after the tape's declaration with its enter() and exit().
      out.add(body.get(0));
      rest = body.subList(1, body.size());
    }
    declareVariedConstants(out);
    statements(rest, out);
    Expr valueTangent = vjp.value() == null ? null : tangentOfValue(vjp.value());
    return new HvpFunction(vjp, parameterTangents, seedTangent, adjointTangent, out, valueTangent, splitHalves(vjp),
        List.of());
  }

  private Expr tangentOfValue(Var value) {
    return varied.contains(value) ? new Expr.Read(tangentOf(value)) : zeroOf(new Expr.Read(value));
  }

  /** The tangents of the VJP's split halves, for callers that run them apart; null without halves. */
  private HvpFunction.Split splitHalves(VjpFunction vjp) {
    VjpFunction.Split split = vjp.split();
    if (split == null) {
      return null;
    }
    if (split.joint()) {
      return new HvpFunction.Split(List.of(), null, null, List.of(), true);
    }
    List<Stmt> forward = new ArrayList<>();
    declareVariedConstants(forward);
    statements(split.forward(), forward);
    // The forward half declares the value of its own run (the joint product may be another).
    Var value = null;
    for (Stmt s : split.forward()) {
      if (s instanceof Stmt.Declare d && d.var().name().equals(vjp.value().name())) {
        value = d.var();
      }
    }
    if (value == null) {
      throw new Unsupported("a forward half without its value");
    }
    List<Stmt> reverse = new ArrayList<>();
    declareVariedConstants(reverse);
    statements(split.reverse(), reverse);
    return new HvpFunction.Split(forward, value, tangentOfValue(value), reverse, false);
  }

  private void declareVariedConstants(List<Stmt> out) {
    for (Var p : f.params()) {
      if (!p.isActiveInput() && varied.contains(p)) {
        // Held constant, but the method may assign it a value that varies.
        out.add(new Stmt.Declare(tangentOf(p), zeroLike(p), ""));
      }
    }
  }

  private JvpFunction run() {
    List<Var> parameters = new ArrayList<>();
    List<Stmt> out = new ArrayList<>();
    for (Var p : f.params()) {
      if (p.isActiveInput()) {
        Var t = Var.synthetic(names.fresh(Names.tangentName(p.name())), p.type().derivative());
        tangents.put(p, t);
        parameters.add(t);
      }
    }
    declareVariedConstants(out);
    List<Stmt> body = this.body;
    Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
    Expr value = null;
    Expr tangent = null;
    if (last instanceof Stmt.Return r) {
      body = body.subList(0, body.size() - 1);
    }
    statements(body, out);
    if (last instanceof Stmt.Return r) {
      comment(r, out);
      Dual d = expr(r.value(), out);
      value = d.primal;
      tangent = d.tangent != null ? d.tangent : zeroOf(r.value());
    }
    if (value == null || !f.returnType().carriesDerivative()) {
      throw new Unsupported("a method that does not end in a return of a number or an array of them");
    }
    return new JvpFunction(f, parameters, out, value, tangent);
  }

  private static int nodes(Expr e) {
    if (e == null) {
      return 0;
    }
    int[] n = {0};
    dev.adjoint.processor.ir.Walk.nodes(e, x -> n[0]++);
    return n[0];
  }

  /** A value and its tangent; {@code tangent} null means zero. */
  record Dual(Expr primal, Expr tangent) {}

  void statements(List<Stmt> in, List<Stmt> out) {
    for (Stmt s : in) {
      statement(s, out);
    }
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Declare d) {
      declare(d, out);
    } else if (s instanceof Stmt.Assign a) {
      assign(a, out);
    } else if (s instanceof Stmt.ArrayStore a) {
      arrayStore(a, out);
    } else if (s instanceof Stmt.If i) {
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      statements(i.then(), then);
      statements(i.otherwise(), otherwise);
      out.add(new Stmt.If(i.condition(), then, otherwise, i.source()));
    } else if (s instanceof Stmt.Loop l) {
      List<Stmt> body = new ArrayList<>();
      List<Stmt> update = new ArrayList<>();
      statements(l.body(), body);
      statements(l.update(), update);
      out.add(new Stmt.Loop(l.id(), l.condition(), body, update, l.testFirst(), l.source()));
    } else if (s instanceof Stmt.Invoke i) {
      comment(s, out);
      out.add(new Stmt.Invoke(jvpCall(i.call(), out), i.source()));
    } else if (s instanceof Stmt.Throw || s instanceof Stmt.Break || s instanceof Stmt.Continue
        || s instanceof Stmt.Comment || s instanceof Stmt.RequireDistinct) {
      out.add(s);
    } else if (s instanceof Stmt.Reserve r) {
      // Room for the tangents too, which go on the tape beside their values.
      out.add(new Stmt.Reserve(r.stack(),
          new Expr.Binary(BinaryOp.MUL, new Expr.Constant(dev.adjoint.processor.ir.Primitive.INT, "2"), r.doubles(),
              dev.adjoint.processor.ir.Primitive.INT), r.ints()));
    } else if (reverse != null) {
      reverse.statement(s, out);
    } else {
      throw new Unsupported("statement " + s.getClass().getSimpleName());
    }
  }

  private void declare(Stmt.Declare d, List<Stmt> out) {
    Var v = d.var();
    if (d.init() == null) {
      // Lowering's flags and hoisting hide from javac that the user's code assigns before it
      // reads: start from zero (or null), which no read sees.
      if (varied.contains(v)) {
        out.add(new Stmt.Declare(tangentOf(v), dev.adjoint.processor.ir.Exprs.zeroOf(v.type()), ""));
      }
      out.add(new Stmt.Declare(v, dev.adjoint.processor.ir.Exprs.zeroOf(v.type()), d.source()));
      return;
    }
    comment(d, out);
    if (d.init() instanceof Expr.GradientCall g) {
      reverse().hvpCall(v, g, out);
      return;
    }
    if (!varied.contains(v)) {
      Expr init = d.init() instanceof Expr.Pop p ? reverse().pop(p).primal : topLevel(d.init(), out);
      out.add(new Stmt.Declare(v, init, d.source()));
      return;
    }
    Dual value = d.init() instanceof Expr.Pop p ? reverse().pop(p) : expr(d.init(), out);
    out.add(new Stmt.Declare(tangentOf(v), tangentOrZero(value, d.init()), ""));
    out.add(new Stmt.Declare(v, value.primal, d.source()));
  }

  private void assign(Stmt.Assign a, List<Stmt> out) {
    Var v = a.var();
    comment(a, out);
    if (!varied.contains(v)) {
      Expr value = a.value() instanceof Expr.Pop p ? reverse().pop(p).primal : a.compound() == null ? topLevel(a.value(), out)
          : a.value();
      out.add(new Stmt.Assign(v, a.compound(), value, a.source()));
      return;
    }
    Dual value = a.value() instanceof Expr.Pop p ? reverse().pop(p) : expr(a.rhs(), out);
    out.add(new Stmt.Assign(tangentOf(v), null, tangentOrZero(value, a.rhs()), ""));
    out.add(new Stmt.Assign(v, null, value.primal, a.source()));
  }

  private void arrayStore(Stmt.ArrayStore a, List<Stmt> out) {
    comment(a, out);
    if (!varied.contains(a.root())) {
      out.add(a);
      return;
    }
    Dual value = expr(a.rhs(), out);
    Expr tangentArray = arrayTangent(a.array());
    out.add(new Stmt.ArrayStore(tangentArray, a.index(), null, tangentOrZero(value, a.rhs()), ""));
    out.add(new Stmt.ArrayStore(a.array(), a.index(), null, value.primal, a.source()));
  }

  private static void comment(Stmt s, List<Stmt> out) {
    if (!s.source().isEmpty()) {
      out.add(new Stmt.Comment(s.source()));
    }
  }

  /**
   * A right-hand side without a derivative of its own, which may still be a call writing into
   * arrays (bound to a local by the front end): that call runs in forward mode too.
   */
  private Expr topLevel(Expr e, List<Stmt> out) {
    if (e instanceof Expr.Call c && c.callee().writesArrays()) {
      // Its value comes out of the JVP's record, as in any other expression, so that the writes'
      // tangents are made too; an int count, a flag or a long is held exactly in the record's value.
      if (e.type().carriesDerivative()) {
        return expr(e, out).primal;
      }
      Expr record = share(jvpCall(c, out), Names.jvpMethodName(c.callee().name()), out);
      Expr value = new Expr.Component(record, "value", dev.adjoint.processor.ir.Primitive.DOUBLE);
      return switch ((dev.adjoint.processor.ir.Primitive) e.type()) {
        case BOOLEAN -> dev.adjoint.processor.ir.Exprs.compare(BinaryOp.NE, value, ZERO);
        // The helper's JVP carries a long's 64 bits in its double value.
        case LONG -> new Expr.PrimalCall(new dev.adjoint.processor.ir.TypeRef("java.lang", List.of("Double")),
            "doubleToRawLongBits", List.of(value), dev.adjoint.processor.ir.Primitive.LONG, true, null);
        default -> new Expr.Cast((dev.adjoint.processor.ir.Primitive) e.type(), value);
      };
    }
    return e;
  }

  /** {@code p.Owner_Grad.MJvp}: what a callee's {@code mJvp} (and {@code mForwardTangent}) returns. */
  static RecordType jvpRecord(Callee callee) {
    return new RecordType(callee.owner().gradClass().nested(Names.jvpRecordName(callee.name())));
  }

  /** What only a VJP has: plain forward mode meets none of it. */
  private ReverseTangents reverse() {
    if (reverse == null) {
      throw new Unsupported("reverse mode's storage outside a VJP");
    }
    return reverse;
  }

  /** A call's arguments, and the tangents of those of its active parameters. */
  record Arguments(List<Expr> primal, List<Expr> tangents) {}

  Arguments arguments(Expr.Call c, List<Stmt> out) {
    List<Expr> primal = new ArrayList<>();
    List<Expr> tangentArgs = new ArrayList<>();
    Callee callee = c.callee();
    for (int i = 0; i < c.args().size(); i++) {
      Expr arg = c.args().get(i);
      Callee.Param param = callee.params().get(i);
      if (!param.active()) {
        primal.add(arg);
        continue;
      }
      if (param.type().isArray()) {
        primal.add(arg);
        // An array with no tangent of its own gets zeros, which the callee may write into.
        tangentArgs.add(varied.isVaried(arg) ? arrayTangent(arg)
            : share(new Expr.ZerosLike(arg, ((ArrayType) arg.type()).derivative()), "zeros", out));
      } else {
        Dual d = expr(arg, out);
        primal.add(d.primal);
        tangentArgs.add(d.tangent == null ? ZERO : d.tangent);
      }
    }
    return new Arguments(primal, tangentArgs);
  }

  static List<Callee.Param> withTangents(Callee callee, Arguments args) {
    // The callee's _Grad methods are static: the receiver of an instance method is an argument.
    List<Callee.Param> params = new ArrayList<>(callee.params().stream()
        .map(p -> new Callee.Param(p.name(), p.type(), p.active(), p.written())).toList());
    for (int i = 0; i < args.tangents.size(); i++) {
      params.add(new Callee.Param("tangent" + i, args.tangents.get(i).type(), false, false));
    }
    return params;
  }

  // ---- expressions ----

  Dual expr(Expr e, List<Stmt> out) {
    if (!e.type().carriesDerivative()) {
      return new Dual(e, null);
    }
    if (e instanceof Expr.Constant && e.type().isArray()) {
      // null, as a hoisted declaration's placeholder: so is its tangent.
      return new Dual(e, e);
    }
    if (e instanceof Expr.PrimalCall p && !p.zeroDerivative() && p.args().stream().anyMatch(varied::isVaried)) {
      // A user's JVP rule called for a partial by the reverse sweep that second order
      // differentiates: its own derivative is not known.
      throw new Unsupported("a call of " + p.owner() + "." + p.name() + " with an argument that has a tangent");
    }
    if (e instanceof Expr.Constant || e instanceof Expr.StaticField || e instanceof Expr.PrimalCall) {
      return new Dual(e, null);
    }
    if (e instanceof Expr.Read r) {
      return new Dual(e, varied.contains(r.var()) ? new Expr.Read(tangentOf(r.var())) : null);
    }
    if (e instanceof Expr.Unary u) {
      Dual operand = expr(u.operand(), out);
      Expr t = operand.tangent == null ? null : u.op() == UnaryOp.NEG ? neg(operand.tangent) : operand.tangent;
      return new Dual(new Expr.Unary(u.op(), operand.primal), t);
    }
    if (e instanceof Expr.Cast c) {
      Dual operand = expr(c.operand(), out);
      return new Dual(new Expr.Cast(c.type(), operand.primal), operand.tangent);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b, out);
    }
    if (e instanceof Expr.Conditional c) {
      return conditional(c, out);
    }
    if (e instanceof Expr.MathCall m) {
      return mathCall(m, out);
    }
    if (e instanceof Expr.ForwardCall fc) {
      Var record = Var.synthetic(names.fresh(Names.forwardTangentMethodName(fc.call().callee().name())),
          jvpRecord(fc.call().callee()));
      out.add(new Stmt.Declare(record, reverse().forwardCall(fc, out), ""));
      return new Dual(new Expr.Component(new Expr.Read(record), "value", fc.type()),
          new Expr.Component(new Expr.Read(record), "tangent", fc.type().derivative()));
    }
    if (e instanceof Expr.Call c) {
      Expr result = jvpCall(c, out);
      Var record = Var.synthetic(names.fresh(Names.jvpMethodName(c.callee().name())), result.type());
      out.add(new Stmt.Declare(record, result, ""));
      return new Dual(new Expr.Component(new Expr.Read(record), "value", c.type()),
          new Expr.Component(new Expr.Read(record), "tangent", c.type().derivative()));
    }
    if (e instanceof Expr.ArrayRead a) {
      // A table (static final array) is constant.
      if (!(dev.adjoint.processor.ir.Exprs.base(a.array()) instanceof Expr.Read) || !varied.contains(dev.adjoint.processor.ir.Exprs.rootVar(a.array()))) {
        return new Dual(e, null);
      }
      return new Dual(e, new Expr.ArrayRead(arrayTangent(a.array()), a.index(), a.type().derivative()));
    }
    if (e instanceof Expr.NewArray n) {
      return new Dual(e, new Expr.NewArray(n.type().derivative(), n.dims()));
    }
    if (e instanceof Expr.ArrayLiteral l) {
      List<Expr> primal = new ArrayList<>();
      List<Expr> tangent = new ArrayList<>();
      for (Expr element : l.elements()) {
        Dual d = expr(element, out);
        primal.add(d.primal);
        tangent.add(tangentOrZero(d, element));
      }
      return new Dual(new Expr.ArrayLiteral(l.type(), primal), new Expr.ArrayLiteral(l.type().derivative(), tangent));
    }
    if (e instanceof Expr.CopyOf c) {
      if (!varied.isVaried(c.array())) {
        return new Dual(e, null);
      }
      return new Dual(e, new Expr.CopyOf(arrayTangent(c.array()), c.type().derivative()));
    }
    if (e instanceof Expr.ZerosLike z) {
      // A fresh adjoint array: its tangent starts at zero too.
      return new Dual(e, z);
    }
    if (e instanceof Expr.OutputField o) {
      return new Dual(e, new Expr.OutputField(reverse().outputTangent(o.object()), o.name(), o.type().derivative()));
    }
    if (e instanceof Expr.Field field) {
      // Outside a VJP, only a field of an instance method's receiver: a constant.
      Var object = reverse == null ? null : reverse().objectTangent(field.object());
      return new Dual(e, object == null ? null : new Expr.Field(object, field.name(), field.type(), field.accessor()));
    }
    if (e instanceof Expr.Component c && c.record() instanceof Expr.Read r) {
      Var record = reverse().objectTangent(r.var());
      return new Dual(e, record == null ? null : new Expr.Component(new Expr.Read(record), c.name(), c.type()));
    }
    throw new Unsupported("expression " + e.getClass().getSimpleName());
  }

  /**
   * A tangent longer than this many nodes is kept in a local of its own, so that no statement
   * grows past what a method can hold: a long product's tangent is several times its length,
   * and the statements around it can be cut into chunks where one statement could not.
   */
  private static final int LONG_TANGENT = 48;

  private Dual binary(Expr.Binary b, List<Stmt> out) {
    Dual d = binaryDual(b, out);
    if (d.tangent != null && nodes(d.tangent) > LONG_TANGENT) {
      return new Dual(d.primal, share(d.tangent, "partDot", out));
    }
    return d;
  }

  private Dual binaryDual(Expr.Binary b, List<Stmt> out) {
    if (!b.op().isArithmetic()) {
      return new Dual(b, null);
    }
    Dual l = expr(b.left(), out);
    Dual r = expr(b.right(), out);
    if (l.tangent == null && r.tangent == null) {
      return new Dual(new Expr.Binary(b.op(), l.primal, r.primal, b.type()), null);
    }
    switch (b.op()) {
      case ADD -> {
        return new Dual(new Expr.Binary(b.op(), l.primal, r.primal, b.type()), sum(l.tangent, r.tangent));
      }
      case SUB -> {
        Expr t = l.tangent == null ? neg(r.tangent) : r.tangent == null ? l.tangent : sub(l.tangent, r.tangent);
        return new Dual(new Expr.Binary(b.op(), l.primal, r.primal, b.type()), t);
      }
      case MUL -> {
        // d(l r) = dl r + l dr; an operand read by the other's term is kept, not recomputed.
        Expr left = r.tangent != null ? share(l.primal, "factor", out) : l.primal;
        Expr right = l.tangent != null ? share(r.primal, "factor", out) : r.primal;
        Expr t = sum(l.tangent == null ? null : mul(l.tangent, right), r.tangent == null ? null : mul(left, r.tangent));
        return new Dual(new Expr.Binary(b.op(), left, right, b.type()), t);
      }
      case DIV -> {
        // d(l / r) = (dl - (l / r) dr) / r.
        Expr right = share(r.primal, "divisor", out);
        if (r.tangent == null) {
          return new Dual(new Expr.Binary(b.op(), l.primal, right, b.type()), div(l.tangent, right));
        }
        Expr quotient = share(new Expr.Binary(b.op(), l.primal, right, b.type()), "quotient", out);
        Expr numerator = l.tangent == null ? neg(mul(quotient, r.tangent)) : sub(l.tangent, mul(quotient, r.tangent));
        return new Dual(quotient, div(numerator, right));
      }
      case REM -> {
        // l % r = l - r trunc(l / r), and trunc(l / r) = (l - l % r) / r.
        if (r.tangent == null) {
          return new Dual(new Expr.Binary(b.op(), l.primal, r.primal, b.type()), l.tangent);
        }
        Expr left = share(l.primal, "dividend", out);
        Expr right = share(r.primal, "divisor", out);
        Expr remainder = share(new Expr.Binary(b.op(), left, right, b.type()), "remainder", out);
        Expr truncated = div(sub(left, remainder), right);
        Expr t = sum(l.tangent, neg(mul(truncated, r.tangent)));
        return new Dual(remainder, t);
      }
      default -> throw new Unsupported("operator " + b.op());
    }
  }

  private Dual conditional(Expr.Conditional c, List<Stmt> out) {
    List<Stmt> ifTrue = new ArrayList<>();
    List<Stmt> ifFalse = new ArrayList<>();
    Dual a = expr(c.ifTrue(), ifTrue);
    Dual b = expr(c.ifFalse(), ifFalse);
    if (ifTrue.isEmpty() && ifFalse.isEmpty()) {
      Expr t = a.tangent == null && b.tangent == null ? null
          : new Expr.Conditional(c.condition(), tangentOrZero(a, c.ifTrue()), tangentOrZero(b, c.ifFalse()), c.type().derivative());
      return new Dual(new Expr.Conditional(c.condition(), a.primal, b.primal, c.type()), t);
    }
    // Only the branch taken may run: its kept values and calls go inside an if.
    Var value = Var.synthetic(names.fresh("chosen"), c.type());
    Var tangent = Var.synthetic(names.fresh(Names.tangentName(value.name())), c.type().derivative());
    out.add(new Stmt.Declare(tangent, null, ""));
    out.add(new Stmt.Declare(value, null, ""));
    ifTrue.add(new Stmt.Assign(tangent, null, tangentOrZero(a, c.ifTrue()), ""));
    ifTrue.add(new Stmt.Assign(value, null, a.primal, ""));
    ifFalse.add(new Stmt.Assign(tangent, null, tangentOrZero(b, c.ifFalse()), ""));
    ifFalse.add(new Stmt.Assign(value, null, b.primal, ""));
    out.add(new Stmt.If(c.condition(), ifTrue, ifFalse, ""));
    return new Dual(new Expr.Read(value), new Expr.Read(tangent));
  }

  private Dual mathCall(Expr.MathCall m, List<Stmt> out) {
    List<Dual> args = m.args().stream().map(arg -> expr(arg, out)).toList();
    if (m.custom() != null) {
      // The user's JVP rule, given every argument's tangent (zero for a constant one) at once.
      if (args.stream().allMatch(a -> a.tangent == null)) {
        return new Dual(m.withArgs(args.stream().map(Dual::primal).toList()), null);
      }
      List<Expr> primal = args.stream().map(a -> share(a.primal, "arg", out)).toList();
      Expr t = DerivativeTable.customTangent(m.custom(), primal,
          j -> args.get(j).tangent == null ? ZERO : args.get(j).tangent);
      return new Dual(share(m.withArgs(primal), m.name(), out), t);
    }
    if (args.stream().allMatch(a -> a.tangent == null) || DerivativeTable.isPiecewiseConstant(m.name())) {
      // signum, floor and the like (the rules of abs and copySign use signum): zero wherever a
      // derivative exists.
      return new Dual(m.withArgs(args.stream().map(Dual::primal).toList()), null);
    }
    DerivativeTable.Rule rule = DerivativeTable.lookup(m.name(), m.args().size())
        .orElseThrow(() -> new Unsupported("Math." + m.name()));
    List<Expr> primal = args.stream().map(a -> rule.usesArgs() ? share(a.primal, "arg", out) : a.primal).toList();
    Expr call = m.withArgs(primal);
    Expr result = rule.usesResult() || !rule.cheap() ? share(call, m.name(), out) : call;
    var site = new DerivativeTable.Site(m.owner(), primal, result);
    Expr t = null;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).tangent != null) {
        t = sum(t, mul(rule.partial(i, site), args.get(i).tangent));
      }
    }
    return new Dual(result, t);
  }

  /**
   * {@code Owner_Grad.mJvp(args, tangents of the active ones)}, in place of a call: the callee's
   * value and tangent in its record, or, for an {@code int} or {@code void} helper, what it
   * returns (it writes the tangents of its arrays in place).
   */
  private Expr.Call jvpCall(Expr.Call c, List<Stmt> out) {
    Callee callee = c.callee();
    if (callee.rule() != null) {
      // A VJP rule gives no tangent (nor, called in a reverse sweep, a tangent of its adjoints).
      throw new Unsupported("a call of " + callee.owner() + "." + callee.name() + ", which has a VJP rule");
    }
    if (!hasJvp.test(callee)) {
      throw new Unsupported("a call of " + callee.owner() + "." + callee.name() + ", which has no JVP");
    }
    Arguments args = arguments(c, out);
    List<Expr> tangentArgs = args.tangents;
    List<Expr> all = new ArrayList<>(args.primal);
    all.addAll(tangentArgs);
    Type returns = jvpRecord(callee);
    List<Callee.Param> params = withTangents(callee, args);
    // A static method of the callee's _Grad, called like any other.
    Callee jvp = new Callee(callee.owner().gradClass(), Names.jvpMethodName(callee.name()), params, returns, false,
        false, false);
    List<dev.adjoint.processor.ir.Origin> origins = new ArrayList<>(c.argOrigins());
    for (int i = 0; i < tangentArgs.size(); i++) {
      origins.add(c.origin());
    }
    return new Expr.Call(jvp, all, c.origin(), origins);
  }

  // ---- tangents ----

  private Var tangentOf(Var v) {
    if (!v.type().carriesDerivative()) {
      throw new Unsupported("a tangent for " + v.name() + " of type " + v.type().javaName());
    }
    return tangents.computeIfAbsent(v, k -> Var.synthetic(names.fresh(Names.tangentName(k.name())), k.type().derivative()));
  }

  /** The tangent of an array expression: a variable's tangent array, or the same row of it. */
  Expr arrayTangent(Expr array) {
    if (array instanceof Expr.Read r) {
      return new Expr.Read(tangentOf(r.var()));
    }
    if (array instanceof Expr.OutputField o) {
      return new Expr.OutputField(reverse().outputTangent(o.object()), o.name(), o.type().derivative());
    }
    if (array instanceof Expr.ArrayRead a) {
      return new Expr.ArrayRead(arrayTangent(a.array()), a.index(), a.type().derivative());
    }
    throw new Unsupported("the tangent of array " + array.getClass().getSimpleName());
  }

  private static Expr zeroLike(Var p) {
    return p.type() instanceof ArrayType a ? new Expr.ZerosLike(new Expr.Read(p), a.derivative()) : ZERO;
  }

  Expr tangentOrZero(Dual d, Expr of) {
    return d.tangent != null ? d.tangent : zeroOf(of);
  }

  private static Expr zeroOf(Expr of) {
    if (of.type() instanceof ArrayType a) {
      // A varied array made from one that is not: its own zeros (a copy, never shared).
      return new Expr.ZerosLike(of, a.derivative());
    }
    return ZERO;
  }

  private static Expr sum(Expr a, Expr b) {
    return a == null ? b : b == null ? a : add(a, b);
  }

  /** {@code e}, kept in a local first unless it is a variable or a constant. */
  Expr share(Expr e, String base, List<Stmt> out) {
    if (FreshNames.isAtomic(e)) {
      return e;
    }
    Var t = Var.synthetic(names.fresh(base), e.type());
    out.add(new Stmt.Declare(t, e, ""));
    return new Expr.Read(t);
  }
}
