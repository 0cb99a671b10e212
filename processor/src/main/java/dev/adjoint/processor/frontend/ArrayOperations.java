package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TypeRef;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The JDK's bulk operations on arrays ({@code System.arraycopy}, {@code clone()}, {@code
 * Arrays.copyOf}, {@code copyOfRange}, {@code fill}) read as what they do: counted loops of element
 * stores in the IR, behind the checks Java makes before it touches an element, so that every later
 * pass (activity, what the reverse sweep keeps, forward mode, checkpointing) treats them exactly as
 * the loop a user would have written, and their derivatives are those of the loops: exact.
 * Arguments arrive read, in Java's order; each is evaluated once.
 */
final class ArrayOperations {
  private static final TypeRef OUT_OF_BOUNDS = new TypeRef("java.lang", List.of("ArrayIndexOutOfBoundsException"));
  private static final TypeRef ILLEGAL_ARGUMENT = new TypeRef("java.lang", List.of("IllegalArgumentException"));

  private final Scope scope;
  private final Supplier<String> loopIds;

  /** Temporaries from {@code scope}; the loops' IR ids from {@code loopIds}, fresh in the method. */
  ArrayOperations(Scope scope, Supplier<String> loopIds) {
    this.scope = scope;
    this.loopIds = loopIds;
  }

  /**
   * The argument a JDK array operation writes into ({@code System.arraycopy}'s {@code dest}, {@code
   * Arrays.fill}'s array), for the reading of which parameters a method writes, which runs before
   * javac has attributed the call, so by its spelling; -1 for other calls.
   */
  static int writtenArgument(com.sun.source.tree.MethodInvocationTree call) {
    String select = call.getMethodSelect().toString();
    if (select.equals("System.arraycopy") || select.equals("java.lang.System.arraycopy")) {
      return 2;
    }
    return select.equals("Arrays.fill") || select.equals("java.util.Arrays.fill") || select.equals("Arrays.sort")
        || select.equals("java.util.Arrays.sort") ? 0 : -1;
  }

  /**
   * {@code System.arraycopy(src, srcPos, dest, destPos, length)} on one-dimensional arrays of one
   * element type. Java copies as if through a temporary array, so where the ranges of one array
   * overlap with the source first, the copy runs from the end; unless the positions say the
   * source is not first, the direction is chosen at run time, as the arrays may be one.
   */
  void arraycopy(Expr src, Expr srcPos, Expr dest, Expr destPos, Expr length, String source, List<Stmt> out) {
    Expr from = stable(srcPos, "srcPos", out);
    Expr to = stable(destPos, "destPos", out);
    Expr n = stable(length, "length", out);
    Primitive element = ((ArrayType) src.type()).element();
    check(List.of(lt(from, zero()), lt(to, zero()), lt(n, zero()),
        gt(n, minus(new Expr.Length(src), from)), gt(n, minus(new Expr.Length(dest), to))),
        OUT_OF_BOUNDS, "arraycopy: range out of bounds", out);
    Function<Expr, Stmt> copy = i -> new Stmt.ArrayStore(dest, plus(to, i), null,
        new Expr.ArrayRead(src, plus(from, i), element), "");
    if (isConstant(to) && value(to) == 0) {
      // The source cannot come first: srcPos >= 0 has been checked.
      counted(n, source, out, copy);
      return;
    }
    if (isConstant(from) && isConstant(to)) {
      if (value(from) < value(to)) {
        countedDown(n, source, out, copy);
      } else {
        counted(n, source, out, copy);
      }
      return;
    }
    List<Stmt> backwards = new ArrayList<>();
    countedDown(n, source, backwards, copy);
    List<Stmt> forwards = new ArrayList<>();
    counted(n, source, forwards, copy);
    out.add(new Stmt.If(lt(from, to), backwards, forwards, ""));
  }

  /**
   * {@code Arrays.copyOfRange(array, from, to)}, and through it {@code clone()} (0 to length) and
   * {@code copyOf(array, length)} (0 to length, {@code padded} past the end): a new array of
   * {@code to - from} elements, those of {@code array} from {@code from} on, zeros past its end.
   * Returns the new array's variable.
   */
  Expr copyOfRange(Expr array, Expr from, Expr to, boolean checked, String source, List<Stmt> out) {
    ArrayType type = (ArrayType) array.type();
    Expr start = stable(from, "from", out);
    Expr end = stable(to, "to", out);
    if (checked) {
      check(List.of(lt(start, zero()), gt(start, new Expr.Length(array))), OUT_OF_BOUNDS,
          "copyOfRange: from out of bounds", out);
      check(List.of(gt(start, end)), ILLEGAL_ARGUMENT, "copyOfRange: from > to", out);
    }
    Var copy = scope.newArray(rootName(array) + "Copy", type);
    Expr read = new Expr.Read(copy);
    out.add(new Stmt.Declare(copy, new Expr.NewArray(type, List.of(minus(end, start))), ""));
    Expr available = end.equals(new Expr.Length(array)) ? end
        : new Expr.Conditional(lt(end, new Expr.Length(array)), end, new Expr.Length(array), Primitive.INT);
    counted(minus(available, start), source, out, i -> new Stmt.ArrayStore(read, i, null,
        new Expr.ArrayRead(array, plus(start, i), type.element()), ""));
    return read;
  }

  private static final TypeRef SORTING = new TypeRef("dev.adjoint.runtime", List.of("Sorting"));

  /**
   * {@code Arrays.sort(array)} or {@code Arrays.sort(array, from, to)} of doubles or floats: the
   * order of the range's values from the runtime's {@code Sorting.order} (which orders as {@code
   * Arrays.sort} does), then each element copied from a copy of the array into its place. Each
   * sorted element's derivative is that of the element it came from; at ties the order chosen
   * (equal values keep theirs) decides which.
   */
  void sort(Expr array, Expr from, Expr to, String source, List<Stmt> out) {
    ArrayType type = (ArrayType) array.type();
    Expr start = from == null ? zero() : stable(from, "from", out);
    Expr end = to == null ? new Expr.Length(array) : stable(to, "to", out);
    if (from != null) {
      check(List.of(gt(start, end)), ILLEGAL_ARGUMENT, "sort: from > to", out);
      check(List.of(lt(start, zero()), gt(end, new Expr.Length(array))), OUT_OF_BOUNDS, "sort: range out of bounds",
          out);
    }
    Expr before = copyOfRange(array, zero(), new Expr.Length(array), false, "", out);
    ArrayType positions = new ArrayType(Primitive.INT, 1);
    Var order = scope.temporary(rootName(array) + "Order", positions);
    out.add(new Stmt.Declare(order, new Expr.PrimalCall(SORTING, "order", List.of(before, start, end), positions,
        true, null), ""));
    counted(minus(end, start), source, out, i -> new Stmt.ArrayStore(array, plus(start, i), null,
        new Expr.ArrayRead(before, new Expr.ArrayRead(new Expr.Read(order), i, Primitive.INT), type.element()), ""));
  }

  /** {@code Arrays.fill(array, from, to, value)}; {@code from} and {@code to} null for the whole array. */
  void fill(Expr array, Expr from, Expr to, Expr value, String source, List<Stmt> out) {
    Expr start = from == null ? zero() : stable(from, "from", out);
    Expr end = to == null ? new Expr.Length(array) : stable(to, "to", out);
    Expr v = stable(value, "value", out);
    if (from != null) {
      check(List.of(gt(start, end)), ILLEGAL_ARGUMENT, "fill: from > to", out);
      check(List.of(lt(start, zero()), gt(end, new Expr.Length(array))), OUT_OF_BOUNDS, "fill: range out of bounds",
          out);
    }
    counted(minus(end, start), source, out, i -> new Stmt.ArrayStore(array, plus(start, i), null, v, ""));
  }

  /**
   * {@code for (int i = 0; i < count; i++) element(i);}, appended to {@code out}; {@code source},
   * the user's statement, heads the loop in the generated code.
   */
  void counted(Expr count, String source, List<Stmt> out, Function<Expr, Stmt> element) {
    Var index = scope.temporary("i", Primitive.INT);
    Expr i = new Expr.Read(index);
    out.add(new Stmt.Declare(index, zero(), ""));
    out.add(new Stmt.Loop(loopIds.get(), lt(i, count), List.of(element.apply(i)),
        List.of(new Stmt.Assign(index, BinaryOp.ADD, Expr.Constant.ofInt(1), "")), true, source));
  }

  /** {@code for (int i = count - 1; i >= 0; i--) element(i);}, appended to {@code out}. */
  private void countedDown(Expr count, String source, List<Stmt> out, Function<Expr, Stmt> element) {
    Var index = scope.temporary("i", Primitive.INT);
    Expr i = new Expr.Read(index);
    out.add(new Stmt.Declare(index, minus(count, Expr.Constant.ofInt(1)), ""));
    out.add(new Stmt.Loop(loopIds.get(), new Expr.Binary(BinaryOp.GE, i, zero(), Primitive.BOOLEAN),
        List.of(element.apply(i)), List.of(new Stmt.Assign(index, BinaryOp.SUB, Expr.Constant.ofInt(1), "")), true,
        source));
  }

  /** {@code if (c1 || c2 ...) throw new exception(message);}, leaving out what constants rule out. */
  private static void check(List<Expr> conditions, TypeRef exception, String message, List<Stmt> out) {
    Expr failed = or(conditions);
    if (failed != null) {
      out.add(new Stmt.If(failed, List.of(new Stmt.Throw(exception, List.of(message), "")), List.of(), ""));
    }
  }

  /** {@code value}, read more than once: a temporary unless it is a constant or a variable's value. */
  private Expr stable(Expr value, String base, List<Stmt> out) {
    if (value instanceof Expr.Constant || value instanceof Expr.Read
        || value instanceof Expr.Length l && l.array() instanceof Expr.Read) {
      return value;
    }
    Var t = scope.temporary(base, value.type());
    out.add(new Stmt.Declare(t, value, ""));
    return new Expr.Read(t);
  }

  private static String rootName(Expr array) {
    return dev.adjoint.processor.ir.Exprs.base(array) instanceof Expr.Read r ? r.var().name() : "array";
  }

  /** {@code a + b} on ints, folding constants. */
  static Expr plus(Expr a, Expr b) {
    if (isConstant(a) && value(a) == 0) {
      return b;
    }
    if (isConstant(b) && value(b) == 0) {
      return a;
    }
    if (isConstant(a) && isConstant(b)) {
      return Expr.Constant.ofInt(value(a) + value(b));
    }
    return new Expr.Binary(BinaryOp.ADD, a, b, Primitive.INT);
  }

  private static Expr minus(Expr a, Expr b) {
    if (isConstant(b) && value(b) == 0) {
      return a;
    }
    if (isConstant(a) && isConstant(b)) {
      return Expr.Constant.ofInt(value(a) - value(b));
    }
    return new Expr.Binary(BinaryOp.SUB, a, b, Primitive.INT);
  }

  private static boolean isConstant(Expr e) {
    return e instanceof Expr.Constant c && c.type() == Primitive.INT && c.java().matches("-?[0-9]+");
  }

  private static int value(Expr e) {
    return Integer.parseInt(((Expr.Constant) e).java());
  }

  private static Expr zero() {
    return Expr.Constant.ofInt(0);
  }

  private static Expr lt(Expr a, Expr b) {
    return new Expr.Binary(BinaryOp.LT, a, b, Primitive.BOOLEAN);
  }

  private static Expr gt(Expr a, Expr b) {
    return new Expr.Binary(BinaryOp.GT, a, b, Primitive.BOOLEAN);
  }

  /** The conditions joined by {@code ||}, leaving out those false on constants; null if none is left. */
  private static Expr or(List<Expr> conditions) {
    Expr joined = null;
    for (Expr c : conditions) {
      if (c instanceof Expr.Binary b && isConstant(b.left()) && isConstant(b.right())
          && !holds(b.op(), value(b.left()), value(b.right()))) {
        continue;
      }
      joined = joined == null ? c : new Expr.Binary(BinaryOp.OR, joined, c, Primitive.BOOLEAN);
    }
    return joined;
  }

  private static boolean holds(BinaryOp op, int a, int b) {
    return op == BinaryOp.LT ? a < b : a > b;
  }
}
