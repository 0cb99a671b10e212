package dev.adjoint.processor.testing;

import java.util.Arrays;

/**
 * Arguments and gradient components that may be a {@code double} (boxed), a {@code double[]} or a
 * {@code double[][]}, seen as flat vectors: element {@code k} of a {@code double[][]} is the
 * {@code k}-th element in row-major order (rows may differ in length). Other values (an {@code
 * int}, an {@code int[]}, ...) are passed through unchanged by the copies.
 */
public final class ArrayValues {

  private ArrayValues() {}

  /** Is {@code o} a {@code double[]} or a {@code double[][]}? */
  public static boolean isDoubleArray(Object o) {
    return o instanceof double[] || o instanceof double[][];
  }

  /** A copy sharing nothing mutable with {@code o}: arrays (of any primitive type) are cloned deeply. */
  public static Object deepCopy(Object o) {
    if (o instanceof double[] a) {
      return a.clone();
    }
    if (o instanceof double[][] m) {
      double[][] c = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        c[i] = m[i] == null ? null : m[i].clone();
      }
      return c;
    }
    if (o instanceof int[] a) {
      return a.clone();
    }
    if (o instanceof long[] a) {
      return a.clone();
    }
    if (o instanceof boolean[] a) {
      return a.clone();
    }
    if (o instanceof Object[] a) {
      Object[] c = a.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] = deepCopy(c[i]);
      }
      return c;
    }
    return o;
  }

  /** {@link #deepCopy} of every element. */
  public static Object[] deepCopyAll(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = deepCopy(args[i]);
    }
    return out;
  }

  /** Number of scalar elements: 1 for a number. */
  public static int size(Object o) {
    if (o instanceof double[] a) {
      return a.length;
    }
    if (o instanceof double[][] m) {
      int n = 0;
      for (double[] row : m) {
        n += row.length;
      }
      return n;
    }
    return 1;
  }

  /** The elements in row-major order; a number gives a vector of one. */
  public static double[] flatten(Object o) {
    if (o instanceof double[] a) {
      return a.clone();
    }
    if (o instanceof double[][] m) {
      double[] out = new double[size(m)];
      int k = 0;
      for (double[] row : m) {
        System.arraycopy(row, 0, out, k, row.length);
        k += row.length;
      }
      return out;
    }
    if (o instanceof Number n) {
      return new double[] {n.doubleValue()};
    }
    throw new IllegalArgumentException("not a double, double[] or double[][]: " + describe(o));
  }

  /** Element {@code flat} of {@code o}. */
  public static double element(Object o, int flat) {
    if (o instanceof double[] a) {
      return a[flat];
    }
    if (o instanceof double[][] m) {
      int[] ij = rowAndColumn(m, flat);
      return m[ij[0]][ij[1]];
    }
    if (flat != 0) {
      throw new IndexOutOfBoundsException(flat);
    }
    return ((Number) o).doubleValue();
  }

  /**
   * Sets element {@code flat} of array {@code o} in place and returns {@code o}; for a number,
   * returns the new number.
   */
  public static Object withElement(Object o, int flat, double v) {
    if (o instanceof double[] a) {
      a[flat] = v;
      return a;
    }
    if (o instanceof double[][] m) {
      int[] ij = rowAndColumn(m, flat);
      m[ij[0]][ij[1]] = v;
      return m;
    }
    if (flat != 0) {
      throw new IndexOutOfBoundsException(flat);
    }
    return v;
  }

  /** "" for a number, "[k]" for a vector, "[i][j]" for a matrix. */
  public static String index(Object o, int flat) {
    if (o instanceof double[]) {
      return "[" + flat + "]";
    }
    if (o instanceof double[][] m) {
      int[] ij = rowAndColumn(m, flat);
      return "[" + ij[0] + "][" + ij[1] + "]";
    }
    return "";
  }

  private static int[] rowAndColumn(double[][] m, int flat) {
    int k = flat;
    for (int i = 0; i < m.length; i++) {
      if (k < m[i].length) {
        return new int[] {i, k};
      }
      k -= m[i].length;
    }
    throw new IndexOutOfBoundsException(flat);
  }

  /** "double", "double[3]", "double[2][3]", or for ragged rows "double[2][3,1]". */
  public static String shape(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof double[] a) {
      return "double[" + a.length + "]";
    }
    if (o instanceof double[][] m) {
      StringBuilder sb = new StringBuilder("double[" + m.length + "][");
      boolean ragged = false;
      for (double[] row : m) {
        if (row == null || row.length != m[0].length) {
          ragged = true;
        }
      }
      if (m.length == 0) {
        sb.append("0");
      } else if (!ragged) {
        sb.append(m[0].length);
      } else {
        for (int i = 0; i < m.length; i++) {
          sb.append(i == 0 ? "" : ",").append(m[i] == null ? "null" : m[i].length);
        }
      }
      return sb.append("]").toString();
    }
    if (o instanceof Number) {
      return "double";
    }
    return o.getClass().getSimpleName();
  }

  /** Same kind and the same lengths, row by row. */
  public static boolean sameShape(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return true;
    }
    if (a instanceof double[] x && b instanceof double[] y) {
      return x.length == y.length;
    }
    if (a instanceof double[][] x && b instanceof double[][] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (x[i] == null || y[i] == null || x[i].length != y[i].length) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Bit-for-bit equal contents (arrays compared deeply, by {@link Arrays#deepEquals}). */
  public static boolean identical(Object a, Object b) {
    return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
  }

  /** A readable rendering: numbers as they are, arrays deeply. */
  public static String describe(Object o) {
    if (o instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    if (o instanceof double[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof long[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof boolean[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(o);
  }

  /** "(a, b, ...)" with arrays rendered deeply. */
  public static String describeArguments(Object[] args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(describe(args[i]));
    }
    return sb.append(")").toString();
  }
}
