package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Ty;
import dev.adjoint.processor.fuzz.DualInterpreter.Unsupported;

/**
 * Java's conversions, arithmetic and array accesses on the interpreter's values: {@link Dual}
 * for double, Integer, Long, Boolean, {@link Dual.Array} for double[], {@link Dual.Matrix} for
 * double[][], int[]. A value's class is its Java type: every expression yields a value of its
 * static type.
 */
final class Values {
  private Values() {}

  static Ty typeOf(Object v) {
    if (v instanceof Dual) {
      return Ty.DOUBLE;
    }
    if (v instanceof Flt) {
      return Ty.FLOAT;
    }
    if (v instanceof Integer) {
      return Ty.INT;
    }
    if (v instanceof Long) {
      return Ty.LONG;
    }
    if (v instanceof Boolean) {
      return Ty.BOOLEAN;
    }
    if (v instanceof Dual.Array) {
      return Ty.DARR;
    }
    if (v instanceof FltArray) {
      return Ty.FARR;
    }
    if (v instanceof Dual.Matrix) {
      return Ty.DARR2;
    }
    if (v instanceof int[]) {
      return Ty.IARR;
    }
    if (v instanceof Point) {
      return Ty.RECORD;
    }
    throw new Unsupported("a value " + v);
  }

  /**
   * A float: its value (a float, held exactly in the double) and its tangent. Java's float
   * operations are the double ones rounded to float (exact for + - * / %, as the double has more
   * than twice the float's bits); the rounding has derivative 1, as Adjoint takes it.
   */
  record Flt(Dual d) {
    static Flt of(Dual d) {
      return new Flt(new Dual((float) d.v(), d.t()));
    }
  }

  /** A {@code float[]}: floats (held exactly in doubles) and their tangents. */
  record FltArray(Dual.Array a) {
    FltArray(int length) {
      this(new Dual.Array(length));
    }
  }

  /** A value of the batch's record {@link Generator#RECORD}: its components x and y. */
  record Point(Dual x, Dual y) {
    Dual component(String name) {
      return switch (name) {
        case "x" -> x;
        case "y" -> y;
        default -> throw new Unsupported("component " + name);
      };
    }
  }

  static boolean numeric(Ty t) {
    return t == Ty.DOUBLE || t == Ty.FLOAT || t == Ty.INT || t == Ty.LONG;
  }

  /** Binary numeric promotion (JLS 5.6): double over long over int. */
  static Ty promote(Ty a, Ty b) {
    if (!numeric(a) || !numeric(b)) {
      throw new Unsupported("arithmetic on " + a + " and " + b);
    }
    if (a == Ty.DOUBLE || b == Ty.DOUBLE) {
      return Ty.DOUBLE;
    }
    if (a == Ty.FLOAT || b == Ty.FLOAT) {
      return Ty.FLOAT;
    }
    return a == Ty.LONG || b == Ty.LONG ? Ty.LONG : Ty.INT;
  }

  /** The type of {@code c ? x : y} and of a switch expression's arms: equal, or promoted. */
  static Ty unify(Ty a, Ty b) {
    return a == b ? a : promote(a, b);
  }

  static Dual toDual(Object v) {
    if (v instanceof Dual d) {
      return d;
    }
    if (v instanceof Flt f) {
      return f.d();
    }
    if (v instanceof Integer i) {
      return Dual.constant(i);
    }
    if (v instanceof Long l) {
      return Dual.constant(l);
    }
    throw new Unsupported("a double from " + v);
  }

  static long toLong(Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l) {
      return l;
    }
    throw new Unsupported("a long from " + v);
  }

  static int toInt(Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    throw new Unsupported("an int from " + v);
  }

  static boolean truth(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new Unsupported("a condition from " + v);
  }

  /** {@code (float) v}: one rounding, of a long too (not through a double, which would round twice). */
  static Flt toFloat(Object v) {
    if (v instanceof Long l) {
      return new Flt(Dual.constant((float) l));
    }
    return v instanceof Flt f ? f : Flt.of(toDual(v));
  }

  /** Assignment conversion (JLS 5.2): identity or widening. */
  static Object convert(Object v, Ty to) {
    Ty from = typeOf(v);
    if (from == to) {
      return v;
    }
    if (to == Ty.DOUBLE && (from == Ty.INT || from == Ty.LONG || from == Ty.FLOAT)) {
      return toDual(v);
    }
    if (to == Ty.FLOAT && (from == Ty.INT || from == Ty.LONG)) {
      return toFloat(v);
    }
    if (to == Ty.LONG && from == Ty.INT) {
      return (long) (Integer) v;
    }
    throw new Unsupported("assigning a " + from + " to a " + to);
  }

  /**
   * Casting conversion between numeric types (JLS 5.5), as a cast or a compound assignment
   * does: a double to int or long truncates, saturates and takes NaN to 0, and drops the tangent.
   */
  static Object cast(Object v, Ty to) {
    Ty from = typeOf(v);
    if (from == to || !numeric(to) || !numeric(from)) {
      return convert(v, to);
    }
    return switch (to) {
      case DOUBLE -> toDual(v);
      case FLOAT -> toFloat(v);
      case LONG -> from == Ty.DOUBLE || from == Ty.FLOAT ? (Object) (long) toDual(v).v() : (Object) toLong(v);
      case INT -> from == Ty.DOUBLE || from == Ty.FLOAT ? (Object) (int) toDual(v).v() : (Object) (int) toLong(v);
      default -> throw new Unsupported("a cast to " + to);
    };
  }

  /** {@code x op y} for + - * / % after binary numeric promotion. */
  static Object arithmetic(String op, Object x, Object y) {
    return switch (promote(typeOf(x), typeOf(y))) {
      case DOUBLE -> toDual(x).arithmetic(op, toDual(y));
      case FLOAT -> Flt.of(toDual(x).arithmetic(op, toDual(y)));
      case LONG -> longArithmetic(op, toLong(x), toLong(y));
      default -> intArithmetic(op, toInt(x), toInt(y));
    };
  }

  /** {@code x op y} for {@code & | ^} of ints and longs, after binary numeric promotion. */
  static Object bitwise(String op, Object x, Object y) {
    if (promote(typeOf(x), typeOf(y)) == Ty.LONG) {
      long a = toLong(x);
      long b = toLong(y);
      return op.equals("&") ? a & b : op.equals("|") ? a | b : a ^ b;
    }
    int a = toInt(x);
    int b = toInt(y);
    return op.equals("&") ? a & b : op.equals("|") ? a | b : a ^ b;
  }

  /** {@code x << y}, {@code >>}, {@code >>>}: the type of x (promoted), the distance masked as Java masks it. */
  static Object shift(String op, Object x, Object y) {
    long distance = toLong(y);
    if (x instanceof Long a) {
      return op.equals("<<") ? a << distance : op.equals(">>") ? a >> distance : a >>> distance;
    }
    int a = toInt(x);
    return op.equals("<<") ? a << distance : op.equals(">>") ? a >> distance : a >>> distance;
  }

  private static int intArithmetic(String op, int a, int b) {
    if (b == 0 && (op.equals("/") || op.equals("%"))) {
      throw new Unsupported("integer division by zero (Java throws)");
    }
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> a / b;
      case "%" -> a % b;
      default -> throw new Unsupported("operator " + op + " on ints");
    };
  }

  private static long longArithmetic(String op, long a, long b) {
    if (b == 0 && (op.equals("/") || op.equals("%"))) {
      throw new Unsupported("integer division by zero (Java throws)");
    }
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> a / b;
      case "%" -> a % b;
      default -> throw new Unsupported("operator " + op + " on longs");
    };
  }

  /** {@code x op y} for the numeric comparisons, after binary numeric promotion. */
  static boolean compare(String op, Object x, Object y) {
    int c;
    switch (promote(typeOf(x), typeOf(y))) {
      case DOUBLE, FLOAT -> {
        double a = toDual(x).v();
        double b = toDual(y).v();
        // Not Double.compare: NaN compares false with everything, and -0.0 == 0.0.
        return switch (op) {
          case "<" -> a < b;
          case ">" -> a > b;
          case "<=" -> a <= b;
          case ">=" -> a >= b;
          case "==" -> a == b;
          case "!=" -> a != b;
          default -> throw new Unsupported("comparison " + op);
        };
      }
      default -> c = Long.compare(toLong(x), toLong(y));
    }
    return switch (op) {
      case "<" -> c < 0;
      case ">" -> c > 0;
      case "<=" -> c <= 0;
      case ">=" -> c >= 0;
      case "==" -> c == 0;
      case "!=" -> c != 0;
      default -> throw new Unsupported("comparison " + op);
    };
  }

  // ---------------------------------------------------------------- arrays

  static Ty elementType(Ty array) {
    return switch (array) {
      case DARR -> Ty.DOUBLE;
      case FARR -> Ty.FLOAT;
      case DARR2 -> Ty.DARR;
      case IARR -> Ty.INT;
      default -> throw new Unsupported("an element of a " + array);
    };
  }

  static int length(Object array) {
    if (array instanceof Dual.Array a) {
      return a.length();
    }
    if (array instanceof FltArray fa) {
      return fa.a().length();
    }
    if (array instanceof Dual.Matrix m) {
      return m.rows.length;
    }
    if (array instanceof int[] a) {
      return a.length;
    }
    throw new Unsupported("length of " + array);
  }

  static void checkIndex(Object array, int i) {
    if (i < 0 || i >= length(array)) {
      throw new Unsupported("index " + i + " out of bounds (Java throws)");
    }
  }

  static Object element(Object array, int i) {
    if (array instanceof Dual.Array a) {
      return a.get(i);
    }
    if (array instanceof FltArray fa) {
      return new Flt(fa.a().get(i));
    }
    if (array instanceof Dual.Matrix m) {
      return m.rows[i];
    }
    return ((int[]) array)[i];
  }

  static void setElement(Object array, int i, Object v) {
    if (array instanceof Dual.Array a) {
      a.set(i, (Dual) v);
    } else if (array instanceof FltArray fa) {
      fa.a().set(i, ((Flt) v).d());
    } else if (array instanceof Dual.Matrix m) {
      m.rows[i] = (Dual.Array) v;
    } else {
      ((int[]) array)[i] = (Integer) v;
    }
  }
}
