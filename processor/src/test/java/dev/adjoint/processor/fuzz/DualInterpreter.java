package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.ArrayInit;
import dev.adjoint.processor.fuzz.Ast.Assign;
import dev.adjoint.processor.fuzz.Ast.Binary;
import dev.adjoint.processor.fuzz.Ast.Block;
import dev.adjoint.processor.fuzz.Ast.Break;
import dev.adjoint.processor.fuzz.Ast.Call;
import dev.adjoint.processor.fuzz.Ast.Case;
import dev.adjoint.processor.fuzz.Ast.Cast;
import dev.adjoint.processor.fuzz.Ast.Cond;
import dev.adjoint.processor.fuzz.Ast.Continue;
import dev.adjoint.processor.fuzz.Ast.Decl;
import dev.adjoint.processor.fuzz.Ast.DoWhile;
import dev.adjoint.processor.fuzz.Ast.Expr;
import dev.adjoint.processor.fuzz.Ast.ExprStmt;
import dev.adjoint.processor.fuzz.Ast.Field;
import dev.adjoint.processor.fuzz.Ast.FieldRead;
import dev.adjoint.processor.fuzz.Ast.For;
import dev.adjoint.processor.fuzz.Ast.ForEach;
import dev.adjoint.processor.fuzz.Ast.If;
import dev.adjoint.processor.fuzz.Ast.Index;
import dev.adjoint.processor.fuzz.Ast.Length;
import dev.adjoint.processor.fuzz.Ast.Lit;
import dev.adjoint.processor.fuzz.Ast.Loop;
import dev.adjoint.processor.fuzz.Ast.Method;
import dev.adjoint.processor.fuzz.Ast.Name;
import dev.adjoint.processor.fuzz.Ast.NewArray;
import dev.adjoint.processor.fuzz.Ast.Param;
import dev.adjoint.processor.fuzz.Ast.Program;
import dev.adjoint.processor.fuzz.Ast.Return;
import dev.adjoint.processor.fuzz.Ast.Step;
import dev.adjoint.processor.fuzz.Ast.Stmt;
import dev.adjoint.processor.fuzz.Ast.Switch;
import dev.adjoint.processor.fuzz.Ast.SwitchExpr;
import dev.adjoint.processor.fuzz.Ast.Ty;
import dev.adjoint.processor.fuzz.Ast.Unary;
import dev.adjoint.processor.fuzz.Ast.While;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Forward-mode automatic differentiation of a generated program by interpreting its AST with
 * dual numbers: every double, double[] and double[][] carries a tangent next to its value. An
 * oracle independent of the processor for the cases central differences cannot judge (a method
 * whose floating-point evaluation is flat at the scale of their steps): no code of the
 * processor runs, only the same derivative conventions ({@link DualMath}).
 *
 * <p>It follows Java's semantics as the generated programs use them (left-to-right evaluation,
 * int and long arithmetic with wrap-around, casts, compound assignments narrowing to the
 * target's type, side effects inside expressions, fall-through, labelled jumps, arrays by
 * reference), so the value it computes is the compiled method's bit for bit: the harness checks
 * that before it trusts a tangent. What it does not know it refuses with {@link Unsupported}
 * rather than guess.
 *
 * <p>Instance methods run on the one object the harness makes: the fields hold the values the
 * program declares for them, constants (tangent 0) that no method writes, and a call of another
 * instance method is a call on the same object.
 */
final class DualInterpreter {

  /** The interpreter met something it does not model: the oracle does not apply. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  /** Statements (and loop iterations) one run may execute: generated programs end far sooner. */
  private static final long STEP_LIMIT = 20_000_000;
  /** Nested calls one run may make: the generated recursion is a few levels deep. */
  private static final int DEPTH_LIMIT = 200;

  private final Program program;
  private final Map<String, Object> literals = new HashMap<>();
  /** The fields' values in the current run, made when first read. */
  private final Map<String, Object> fields = new HashMap<>();
  private long steps;
  private int depth;

  DualInterpreter(Program program) {
    this.program = program;
  }

  /**
   * Runs {@code method} on {@code args} (boxed as the harness passes them; not changed) with
   * tangent 1 on element {@code flat} of argument {@code param}, 0 on every other element.
   */
  Dual run(String method, Object[] args, int param, int flat) {
    Method m = program.method(method);
    if (m == null) {
      throw new Unsupported("no method " + method);
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      values.add(seeded(args[i], i == param ? flat : -1));
    }
    steps = 0;
    depth = 0;
    roundedFloat = false;
    fields.clear();
    if (!(invoke(m, values) instanceof Dual result)) {
      throw new Unsupported(method + " does not return a double");
    }
    return result;
  }

  /**
   * Whether the last {@link #run} computed a float that varies with the seeded input: its
   * tangent takes the rounding to float as having derivative 1 (Adjoint's convention), where
   * central differences see a staircase of float steps, flat or steep by turns; they cannot judge it.
   */
  boolean roundedFloat() {
    return roundedFloat;
  }

  private boolean roundedFloat;

  /** An argument as a value, with tangent 1 on its element {@code flat} (none when negative). */
  private static Object seeded(Object arg, int flat) {
    if (arg instanceof Double x) {
      return new Dual(x, flat == 0 ? 1 : 0);
    }
    if (arg instanceof Integer || arg instanceof Long || arg instanceof Boolean) {
      return arg;
    }
    if (arg instanceof double[] a) {
      double[] t = new double[a.length];
      if (flat >= 0) {
        t[flat] = 1;
      }
      return new Dual.Array(a.clone(), t);
    }
    if (arg instanceof double[][] a) {
      Dual.Array[] rows = new Dual.Array[a.length];
      int offset = 0;
      for (int r = 0; r < a.length; r++) {
        rows[r] = (Dual.Array) seeded(a[r], flat - offset < a[r].length ? flat - offset : -1);
        offset += a[r].length;
      }
      return new Dual.Matrix(rows);
    }
    throw new Unsupported("an argument " + arg);
  }

  // ---------------------------------------------------------------- methods and frames

  /** A local variable: its declared type and value (null until assigned). */
  private static final class Cell {
    final Ty ty;
    Object value;

    Cell(Ty ty, Object value) {
      this.ty = ty;
      this.value = value;
    }
  }

  /** One activation: the method and its nested scopes of locals. */
  private static final class Frame {
    final Method method;
    final List<Map<String, Cell>> scopes = new ArrayList<>();

    Frame(Method method) {
      this.method = method;
    }

    void push() {
      scopes.add(new HashMap<>());
    }

    void pop() {
      scopes.remove(scopes.size() - 1);
    }

    void declare(String name, Ty ty, Object value) {
      scopes.get(scopes.size() - 1).put(name, new Cell(ty, value));
    }

    Cell cell(String name) {
      for (int i = scopes.size() - 1; i >= 0; i--) {
        Cell c = scopes.get(i).get(name);
        if (c != null) {
          return c;
        }
      }
      if (name.equals(Generator.TABLE) || name.equals(Generator.PRIVATE_TABLE)) {
        Dual.Array table = new Dual.Array(Generator.TABLE_VALUES.length);
        for (int i = 0; i < table.length(); i++) {
          table.set(i, Dual.constant(Generator.TABLE_VALUES[i]));
        }
        return new Cell(Ty.DARR, table);
      }
      throw new Unsupported("no variable " + name + " in " + method.name);
    }
  }

  private Object invoke(Method m, List<Object> args) {
    if (m.varargs && !(args.size() == m.params.size() && args.get(args.size() - 1) instanceof Dual.Array)) {
      // Java gathers the trailing arguments into the varargs array.
      int fixed = m.params.size() - 1;
      Dual.Array gathered = new Dual.Array(args.size() - fixed);
      for (int i = fixed; i < args.size(); i++) {
        gathered.set(i - fixed, (Dual) Values.convert(args.get(i), Ty.DOUBLE));
      }
      List<Object> all = new ArrayList<>(args.subList(0, fixed));
      all.add(gathered);
      args = all;
    }
    if (args.size() != m.params.size()) {
      throw new Unsupported(m.name + " called with " + args.size() + " arguments");
    }
    if (++depth > DEPTH_LIMIT) {
      throw new Unsupported("calls nested deeper than " + DEPTH_LIMIT);
    }
    Frame f = new Frame(m);
    f.push();
    for (int i = 0; i < args.size(); i++) {
      Param p = m.params.get(i);
      Object value = Values.convert(args.get(i), p.ty());
      if (p.noDerivative()) {
        // Not differentiated: a constant inside the method (an active argument is a compile error).
        if (!(value instanceof Dual d)) {
          throw new Unsupported("@NoDerivative " + p.ty());
        }
        value = Dual.constant(d.v());
      }
      f.declare(p.name(), p.ty(), value);
    }
    Jump j = exec(m.body, f);
    depth--;
    if (j == null && m.returns == Ty.VOID) {
      return null;
    }
    if (j == null || j.kind != Jump.Kind.RETURN) {
      throw new Unsupported(m.name + " ends without a return");
    }
    // Java converts the returned value to the method's type (an int returned as a float rounds).
    return m.returns == Ty.FLOAT || m.returns == Ty.DOUBLE ? Values.convert(j.value, m.returns) : j.value;
  }

  // ---------------------------------------------------------------- statements

  /** How a statement completed abruptly: break, continue (maybe labelled) or return. */
  private record Jump(Kind kind, String label, Object value) {
    enum Kind {
      BREAK,
      CONTINUE,
      RETURN
    }

    /** Whether this break or continue is meant for {@code loop} (unlabelled or its label). */
    boolean targets(Loop loop) {
      return kind != Kind.RETURN && (label == null || label.equals(loop.label));
    }
  }

  private void tick() {
    if (++steps > STEP_LIMIT) {
      throw new Unsupported("more than " + STEP_LIMIT + " steps");
    }
  }

  /** Executes {@code s}: null when it completes normally, else how it jumped. */
  private Jump exec(Stmt s, Frame f) {
    tick();
    if (s instanceof Block b) {
      f.push();
      try {
        return statements(b.stmts, f);
      } finally {
        f.pop();
      }
    }
    if (s instanceof Decl d) {
      declare(d, f);
      return null;
    }
    if (s instanceof ExprStmt x) {
      eval(x.e, f);
      return null;
    }
    if (s instanceof If i) {
      if (Values.truth(eval(i.cond, f))) {
        return exec(i.then, f);
      }
      return i.els == null ? null : exec(i.els, f);
    }
    if (s instanceof Loop l) {
      return loop(l, f);
    }
    if (s instanceof Switch sw) {
      return switchStatement(sw, f);
    }
    if (s instanceof Break b) {
      return new Jump(Jump.Kind.BREAK, b.label, null);
    }
    if (s instanceof Continue c) {
      return new Jump(Jump.Kind.CONTINUE, c.label, null);
    }
    if (s instanceof Return r) {
      Object value = r.e == null ? null : Values.convert(eval(r.e, f), f.method.returns);
      return new Jump(Jump.Kind.RETURN, null, value);
    }
    throw new Unsupported("statement " + s.getClass().getSimpleName());
  }

  /** Statements in the current scope, up to the first jump. */
  private Jump statements(List<Stmt> stmts, Frame f) {
    for (Stmt s : stmts) {
      Jump j = exec(s, f);
      if (j != null) {
        return j;
      }
    }
    return null;
  }

  /** Each name is in scope from its own initialiser's end: {@code double x = 1, y = x}. */
  private void declare(Decl d, Frame f) {
    for (int i = 0; i < d.names.size(); i++) {
      Expr init = d.inits.get(i);
      Ty ty = d.ty;
      Object value = null;
      if (init instanceof ArrayInit ai) {
        value = arrayInit(ai, d.ty, f);
      } else if (init != null) {
        value = eval(init, f);
        if (d.useVar) {
          ty = Values.typeOf(value); // var takes the initialiser's type
        }
        value = Values.convert(value, ty);
      }
      f.declare(d.names.get(i), ty, value);
    }
  }

  /** Executes a loop; a break or continue for it ends here, others go on outward. */
  private Jump loop(Loop l, Frame f) {
    f.push(); // a for loop's counter, a for-each loop's variable
    try {
      if (l instanceof For loop) {
        declare(loop.init, f);
        while (Values.truth(eval(loop.cond, f))) {
          Jump j = body(loop, f);
          if (j != null) {
            return exitOrPass(j, loop);
          }
          eval(loop.update, f);
        }
      } else if (l instanceof While loop) {
        while (Values.truth(eval(loop.cond, f))) {
          Jump j = body(loop, f);
          if (j != null) {
            return exitOrPass(j, loop);
          }
        }
      } else if (l instanceof DoWhile loop) {
        do {
          Jump j = body(loop, f);
          if (j != null) {
            return exitOrPass(j, loop);
          }
        } while (Values.truth(eval(loop.cond, f)));
      } else if (l instanceof ForEach loop) {
        return forEach(loop, f);
      } else {
        throw new Unsupported("loop " + l.getClass().getSimpleName());
      }
      return null;
    } finally {
      f.pop();
    }
  }

  /** The body of one iteration: null to go on (also after a continue meant for this loop). */
  private Jump body(Loop l, Frame f) {
    tick();
    Jump j = exec(l.body, f);
    return j != null && j.kind == Jump.Kind.CONTINUE && j.targets(l) ? null : j;
  }

  /** After a jump out of an iteration: a break of this loop ends it normally. */
  private static Jump exitOrPass(Jump j, Loop l) {
    return j.kind == Jump.Kind.BREAK && j.targets(l) ? null : j;
  }

  /**
   * {@code for (T x : a)}: the array is evaluated once, each element read when its iteration
   * starts (writes into later elements during the loop are seen, as in Java).
   */
  private Jump forEach(ForEach loop, Frame f) {
    Object array = eval(loop.array, f);
    for (int i = 0; i < Values.length(array); i++) {
      f.declare(loop.var, loop.varTy, Values.convert(Values.element(array, i), loop.varTy));
      Jump j = body(loop, f);
      if (j != null) {
        return exitOrPass(j, loop);
      }
    }
    return null;
  }

  /**
   * A switch statement on an int. Classic: from the matching group (else default) on through
   * the following groups until a break, all in one scope; arrow: the matching group only.
   */
  private Jump switchStatement(Switch sw, Frame f) {
    int selector = Values.toInt(eval(sw.selector, f));
    int start = -1;
    for (int k = 0; k < sw.cases.size() && start < 0; k++) {
      if (sw.cases.get(k).labels.contains(selector)) {
        start = k;
      }
    }
    for (int k = 0; k < sw.cases.size() && start < 0; k++) {
      if (sw.cases.get(k).labels.isEmpty()) {
        start = k;
      }
    }
    if (start < 0) {
      return null;
    }
    Jump j;
    if (sw.arrow) {
      j = exec(sw.cases.get(start).body, f);
    } else {
      f.push();
      try {
        j = null;
        for (int k = start; k < sw.cases.size() && j == null; k++) {
          Case c = sw.cases.get(k);
          j = statements(c.body.stmts, f);
        }
      } finally {
        f.pop();
      }
    }
    // An unlabelled break ends the switch; continue and labelled jumps are for enclosing loops.
    return j != null && j.kind == Jump.Kind.BREAK && j.label == null ? null : j;
  }

  // ---------------------------------------------------------------- expressions

  private Object eval(Expr e, Frame f) {
    Object v = evalOnce(e, f);
    if (v instanceof Values.Flt fl && fl.d().t() != 0) {
      roundedFloat = true;
    }
    return v;
  }

  private Object evalOnce(Expr e, Frame f) {
    if (e instanceof Lit l) {
      return literal(l.text);
    }
    if (e instanceof Name n) {
      Cell c = f.cell(n.name);
      if (c.value == null) {
        throw new Unsupported(n.name + " read before it is assigned");
      }
      return c.value;
    }
    if (e instanceof FieldRead fr) {
      return field(fr.name, f);
    }
    if (e instanceof Index ix) {
      Object array = eval(ix.args.get(0), f);
      int i = Values.toInt(eval(ix.args.get(1), f));
      Values.checkIndex(array, i);
      return Values.element(array, i);
    }
    if (e instanceof Length len) {
      return Values.length(eval(len.args.get(0), f));
    }
    if (e instanceof Unary u) {
      return unary(u.op, eval(u.args.get(0), f));
    }
    if (e instanceof Binary b) {
      return binary(b, f);
    }
    if (e instanceof Cond c) {
      boolean which = Values.truth(eval(c.args.get(0), f));
      Object value = eval(c.args.get(which ? 1 : 2), f);
      return Values.convert(value, staticType(c, f));
    }
    if (e instanceof Call c) {
      return call(c, f);
    }
    if (e instanceof Cast c) {
      return Values.cast(eval(c.args.get(0), f), c.ty);
    }
    if (e instanceof Assign a) {
      return assign(a, f);
    }
    if (e instanceof Step s) {
      return step(s, f);
    }
    if (e instanceof SwitchExpr s) {
      return switchExpression(s, f);
    }
    if (e instanceof NewArray na) {
      return newArray(na, f);
    }
    if (e instanceof ArrayInit ai && ai.spelledNew) {
      return arrayInit(ai, ai.ty, f);
    }
    throw new Unsupported("expression " + e.getClass().getSimpleName() + " here");
  }

  private static final Pattern INT = Pattern.compile("-?[0-9]+");
  private static final Pattern LONG = Pattern.compile("-?[0-9]+[lL]");
  private static final Pattern FLOAT =
      Pattern.compile("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?[fF]");
  private static final Pattern DOUBLE =
      Pattern.compile("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?[dD]?");

  /**
   * A literal as javac reads it: digits alone are an int (so {@code 1} in {@code 1 / 2} divides
   * as ints, whatever the AST's type says), a decimal or exponent a double, parsed as javac
   * does (nearest double). A leading minus is a negation, which is exact.
   */
  private Object literal(String text) {
    Object v = literals.get(text);
    if (v == null) {
      v = parse(text);
      literals.put(text, v);
    }
    return v;
  }

  private static Object parse(String text) {
    switch (text) {
      case "Math.PI":
        return Dual.constant(Math.PI);
      case "Math.E":
        return Dual.constant(Math.E);
      case "true":
        return true;
      case "false":
        return false;
      // The shrinker's conditions that are constant without being compile-time constants.
      case "Math.sqrt(2.0) > 1":
        return Math.sqrt(2.0) > 1;
      case "Math.sqrt(2.0) < 1":
        return Math.sqrt(2.0) < 1;
      default:
        break;
    }
    if (INT.matcher(text).matches()) {
      return Integer.parseInt(text);
    }
    if (LONG.matcher(text).matches()) {
      return Long.parseLong(text.substring(0, text.length() - 1));
    }
    if (FLOAT.matcher(text).matches()) {
      return new Values.Flt(Dual.constant(Float.parseFloat(text)));
    }
    if (DOUBLE.matcher(text).matches()) {
      return Dual.constant(Double.parseDouble(text));
    }
    throw new Unsupported("literal " + text);
  }

  private static Object unary(String op, Object x) {
    return switch (op) {
      case "!" -> !Values.truth(x);
      case "~" -> x instanceof Long l ? (Object) ~l : (Object) ~Values.toInt(x);
      case "+" -> Values.cast(x, Values.promote(Values.typeOf(x), Ty.INT));
      case "-" -> {
        if (x instanceof Dual d) {
          yield d.negate();
        }
        if (x instanceof Values.Flt fl) {
          yield new Values.Flt(fl.d().negate());
        }
        if (x instanceof Long l) {
          yield -l;
        }
        yield -Values.toInt(x);
      }
      default -> throw new Unsupported("unary " + op);
    };
  }

  private Object binary(Binary b, Frame f) {
    Expr l = b.args.get(0);
    Expr r = b.args.get(1);
    switch (b.op) {
      case "&&":
        return Values.truth(eval(l, f)) && Values.truth(eval(r, f));
      case "||":
        return Values.truth(eval(l, f)) || Values.truth(eval(r, f));
      default:
        break;
    }
    Object x = eval(l, f);
    Object y = eval(r, f);
    return switch (b.op) {
      case "+", "-", "*", "/", "%" -> Values.arithmetic(b.op, x, y);
      case "==", "!=" -> x instanceof Boolean p && y instanceof Boolean q
          ? (p == q) == b.op.equals("==")
          : Values.compare(b.op, x, y);
      case "<", ">", "<=", ">=" -> Values.compare(b.op, x, y);
      case "&", "|", "^" -> x instanceof Boolean p && y instanceof Boolean q
          ? (b.op.equals("&") ? p & q : b.op.equals("|") ? p | q : p ^ q)
          : Values.bitwise(b.op, x, y);
      case "<<", ">>", ">>>" -> Values.shift(b.op, x, y);
      default -> throw new Unsupported("operator " + b.op);
    };
  }

  /** A call of Math, StrictMath or a method of the program: arguments left to right first. */
  private Object call(Call c, Frame f) {
    List<Object> args = new ArrayList<>();
    for (Expr a : c.args) {
      args.add(eval(a, f));
    }
    Object bulk = bulkCall(c, args, f);
    if (bulk != NOT_BULK) {
      return bulk;
    }
    if (c.fn.equals("new " + Generator.RECORD)) {
      return new Values.Point((Dual) Values.convert(args.get(0), Ty.DOUBLE), (Dual) Values.convert(args.get(1), Ty.DOUBLE));
    }
    int dot = c.fn.indexOf('.');
    if (dot >= 0 && args.isEmpty() && !c.fn.startsWith("Math.") && !c.fn.startsWith("StrictMath.")
        && f.cell(c.fn.substring(0, dot)).value instanceof Values.Point record) {
      // An accessor of a record variable: q.x().
      return record.component(c.fn.substring(dot + 1));
    }
    if (dot >= 0) {
      return DualMath.call(c.fn.substring(0, dot), c.fn.substring(dot + 1), args);
    }
    Method m = program.method(c.fn);
    if (m == null) {
      throw new Unsupported("call of " + c.fn);
    }
    return invoke(m, args);
  }

  private static final Object NOT_BULK = new Object();

  /**
   * The JDK's array operations on values and tangents alike, as Java runs them ({@code
   * System.arraycopy} copies overlapping ranges as through a temporary); NOT_BULK for other calls.
   */
  private Object bulkCall(Call c, List<Object> args, Frame f) {
    switch (c.fn) {
      case "System.arraycopy" -> {
        Dual.Array src = (Dual.Array) args.get(0);
        Dual.Array dst = (Dual.Array) args.get(2);
        int from = Values.toInt(args.get(1));
        int to = Values.toInt(args.get(3));
        int n = Values.toInt(args.get(4));
        System.arraycopy(src.v, from, dst.v, to, n);
        System.arraycopy(src.t, from, dst.t, to, n);
        return null;
      }
      case "java.util.Arrays.sort" -> {
        // As Arrays.sort orders doubles (Double.compare), equal values keeping their order; each
        // tangent goes with its value.
        Dual.Array a = (Dual.Array) args.get(0);
        int from = args.size() == 3 ? Values.toInt(args.get(1)) : 0;
        int to = args.size() == 3 ? Values.toInt(args.get(2)) : a.v.length;
        Integer[] order = new Integer[to - from];
        for (int k = 0; k < order.length; k++) {
          order[k] = from + k;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(a.v[i], a.v[j]));
        double[] v = a.v.clone();
        double[] t = a.t.clone();
        for (int k = 0; k < order.length; k++) {
          a.v[from + k] = v[order[k]];
          a.t[from + k] = t[order[k]];
        }
        return null;
      }
      case "java.util.Arrays.fill" -> {
        Dual.Array a = (Dual.Array) args.get(0);
        Dual value = (Dual) Values.convert(args.get(args.size() - 1), Ty.DOUBLE);
        int from = args.size() == 4 ? Values.toInt(args.get(1)) : 0;
        int to = args.size() == 4 ? Values.toInt(args.get(2)) : a.v.length;
        java.util.Arrays.fill(a.v, from, to, value.v());
        java.util.Arrays.fill(a.t, from, to, value.t());
        return null;
      }
      case "java.util.Arrays.copyOf" -> {
        Dual.Array a = (Dual.Array) args.get(0);
        int n = Values.toInt(args.get(1));
        return new Dual.Array(java.util.Arrays.copyOf(a.v, n), java.util.Arrays.copyOf(a.t, n));
      }
      case "java.util.Arrays.copyOfRange" -> {
        Dual.Array a = (Dual.Array) args.get(0);
        int from = Values.toInt(args.get(1));
        int to = Values.toInt(args.get(2));
        return new Dual.Array(java.util.Arrays.copyOfRange(a.v, from, to), java.util.Arrays.copyOfRange(a.t, from, to));
      }
      default -> {
        if (c.fn.endsWith(".clone") && args.isEmpty()) {
          Object array = f.cell(c.fn.substring(0, c.fn.length() - ".clone".length())).value;
          if (array instanceof Dual.Array a) {
            return new Dual.Array(a.v.clone(), a.t.clone());
          }
          if (array instanceof Values.FltArray fa) {
            return new Values.FltArray(new Dual.Array(fa.a().v.clone(), fa.a().t.clone()));
          }
          if (array instanceof Dual.Matrix m) {
            // Shallow, as Java's: a new outer array holding the same rows.
            return new Dual.Matrix(m.rows.clone());
          }
        }
        return NOT_BULK;
      }
    }
  }

  /** {@code target op= value}: the target's place first, its old value, then the value. */
  private Object assign(Assign a, Frame f) {
    Place p = place(a.target(), f);
    if (a.op.equals("=")) {
      Object v = Values.convert(eval(a.value(), f), p.ty());
      p.set(v);
      return v;
    }
    Object old = p.get();
    Object rhs = eval(a.value(), f);
    String op = a.op.substring(0, a.op.length() - 1);
    // JLS 15.26.2: E1 op= E2 is E1 = (T) ((E1) op (E2)).
    Object v = Values.cast(Values.arithmetic(op, old, rhs), p.ty());
    p.set(v);
    return v;
  }

  private Object step(Step s, Frame f) {
    Place p = place(s.args.get(0), f);
    Object old = p.get();
    Object v = Values.cast(Values.arithmetic(s.op.equals("++") ? "+" : "-", old, 1), p.ty());
    p.set(v);
    return s.prefix ? v : old;
  }

  /** An arrow switch expression on an int: the matching arm, else the default. */
  private Object switchExpression(SwitchExpr s, Frame f) {
    int selector = Values.toInt(eval(s.args.get(0), f));
    int arm = s.args.size() - 1;
    for (int k = 0; k < s.labels.size(); k++) {
      if (s.labels.get(k).contains(selector)) {
        arm = k + 1;
        break;
      }
    }
    Expr chosen = s.args.get(arm);
    if (chosen instanceof Ast.ArmBlock b) {
      f.declare(b.local, Ty.DOUBLE, Values.convert(eval(b.args.get(0), f), Ty.DOUBLE));
      return Values.convert(eval(b.args.get(1), f), staticType(s, f));
    }
    return Values.convert(eval(chosen, f), staticType(s, f));
  }

  private Object newArray(NewArray na, Frame f) {
    List<Integer> dims = new ArrayList<>();
    for (Expr d : na.args) {
      int n = Values.toInt(eval(d, f));
      if (n < 0) {
        throw new Unsupported("negative array size (Java throws)");
      }
      dims.add(n);
    }
    if (na.ty == Ty.DARR && dims.size() == 1) {
      return new Dual.Array(dims.get(0));
    }
    if (na.ty == Ty.FARR && dims.size() == 1) {
      return new Values.FltArray(dims.get(0));
    }
    if (na.ty == Ty.DARR2 && dims.size() == 2) {
      Dual.Array[] rows = new Dual.Array[dims.get(0)];
      for (int r = 0; r < rows.length; r++) {
        rows[r] = new Dual.Array(dims.get(1));
      }
      return new Dual.Matrix(rows);
    }
    throw new Unsupported("new " + na.ty + " with " + dims.size() + " dimensions");
  }

  /** A field's value, from its declaration (literals only, so any frame evaluates it). */
  private Object field(String name, Frame f) {
    Object v = fields.get(name);
    if (v == null) {
      Field field = program.field(name);
      if (field == null) {
        throw new Unsupported("no field " + name);
      }
      v = field.value() instanceof ArrayInit ai ? arrayInit(ai, field.ty(), f)
          : Values.convert(eval(field.value(), f), field.ty());
      fields.put(name, v);
    }
    return v;
  }

  private Object arrayInit(ArrayInit ai, Ty ty, Frame f) {
    List<Object> elems = new ArrayList<>();
    for (Expr e : ai.args) {
      elems.add(eval(e, f));
    }
    if (ty == Ty.DARR) {
      Dual.Array a = new Dual.Array(elems.size());
      for (int i = 0; i < elems.size(); i++) {
        a.set(i, (Dual) Values.convert(elems.get(i), Ty.DOUBLE));
      }
      return a;
    }
    if (ty == Ty.FARR) {
      Values.FltArray a = new Values.FltArray(elems.size());
      for (int i = 0; i < elems.size(); i++) {
        Values.setElement(a, i, Values.convert(elems.get(i), Ty.FLOAT));
      }
      return a;
    }
    if (ty == Ty.IARR) {
      int[] a = new int[elems.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = Values.toInt(elems.get(i));
      }
      return a;
    }
    throw new Unsupported("an initialiser of " + ty);
  }

  // ---------------------------------------------------------------- places and arrays

  /** A variable or an array element, evaluated once for reading and writing it. */
  private interface Place {
    Ty ty();

    Object get();

    void set(Object v);
  }

  private Place place(Expr target, Frame f) {
    if (target instanceof Name n) {
      Cell c = f.cell(n.name);
      return new Place() {
        @Override
        public Ty ty() {
          return c.ty;
        }

        @Override
        public Object get() {
          if (c.value == null) {
            throw new Unsupported(n.name + " read before it is assigned");
          }
          return c.value;
        }

        @Override
        public void set(Object v) {
          c.value = v;
        }
      };
    }
    if (target instanceof Index ix) {
      Object array = eval(ix.args.get(0), f);
      int i = Values.toInt(eval(ix.args.get(1), f));
      Values.checkIndex(array, i);
      Ty ty = Values.elementType(Values.typeOf(array));
      return new Place() {
        @Override
        public Ty ty() {
          return ty;
        }

        @Override
        public Object get() {
          return Values.element(array, i);
        }

        @Override
        public void set(Object v) {
          Values.setElement(array, i, v);
        }
      };
    }
    throw new Unsupported("assignment to " + target.getClass().getSimpleName());
  }

  // ---------------------------------------------------------------- static types

  /**
   * The Java type of an expression, without evaluating it: a conditional or switch expression
   * has the promoted type of all its arms ({@code f ? 1 : 2.5} is 1.0 when f holds), which the
   * arm that runs does not tell.
   */
  private Ty staticType(Expr e, Frame f) {
    if (e instanceof Lit l) {
      return Values.typeOf(literal(l.text));
    }
    if (e instanceof Name n) {
      return f.cell(n.name).ty;
    }
    if (e instanceof FieldRead fr) {
      Field field = program.field(fr.name);
      if (field == null) {
        throw new Unsupported("no field " + fr.name);
      }
      return field.ty();
    }
    if (e instanceof Index ix) {
      return Values.elementType(staticType(ix.args.get(0), f));
    }
    if (e instanceof Length) {
      return Ty.INT;
    }
    if (e instanceof Unary u) {
      return u.op.equals("!") ? Ty.BOOLEAN : Values.promote(staticType(u.args.get(0), f), Ty.INT);
    }
    if (e instanceof Binary b) {
      return switch (b.op) {
        case "+", "-", "*", "/", "%" ->
            Values.promote(staticType(b.args.get(0), f), staticType(b.args.get(1), f));
        case "&", "|", "^" -> staticType(b.args.get(0), f) == Ty.BOOLEAN ? Ty.BOOLEAN
            : Values.promote(staticType(b.args.get(0), f), staticType(b.args.get(1), f));
        case "<<", ">>", ">>>" -> Values.promote(staticType(b.args.get(0), f), Ty.INT);
        default -> Ty.BOOLEAN;
      };
    }
    if (e instanceof Cond c) {
      return Values.unify(staticType(c.args.get(1), f), staticType(c.args.get(2), f));
    }
    if (e instanceof Ast.ArmBlock) {
      return Ty.DOUBLE;
    }
    if (e instanceof SwitchExpr s) {
      Ty t = staticType(s.args.get(1), f);
      for (int k = 2; k < s.args.size(); k++) {
        t = Values.unify(t, staticType(s.args.get(k), f));
      }
      return t;
    }
    if (e instanceof Call c) {
      return callType(c, f);
    }
    if (e instanceof Cast c) {
      return c.ty;
    }
    if (e instanceof Assign || e instanceof Step) {
      return staticType(((Ast.Nary) e).args.get(0), f);
    }
    if (e instanceof NewArray na) {
      return na.ty;
    }
    if (e instanceof ArrayInit ai) {
      return ai.ty;
    }
    throw new Unsupported("the type of " + e.getClass().getSimpleName());
  }

  private Ty callType(Call c, Frame f) {
    if (c.ty == Ty.DARR || c.ty == Ty.VOID) {
      return c.ty; // the JDK's array operations
    }
    int dot = c.fn.indexOf('.');
    if (dot < 0) {
      Method m = program.method(c.fn);
      if (m == null) {
        throw new Unsupported("call of " + c.fn);
      }
      return m.returns;
    }
    String name = c.fn.substring(dot + 1);
    List<Ty> args = new ArrayList<>();
    for (Expr a : c.args) {
      args.add(staticType(a, f));
    }
    if (name.equals("round") && args.equals(List.of(Ty.DOUBLE))) {
      return Ty.LONG;
    }
    if (List.of("abs", "max", "min").contains(name)) {
      Ty t = Ty.INT;
      for (Ty a : args) {
        t = Values.promote(t, a);
      }
      return t;
    }
    return Ty.DOUBLE;
  }
}
