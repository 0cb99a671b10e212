package dev.adjoint.runtime;

/** Allocations of arrays shaped like others, for generated code. */
public final class Shapes {
  private Shapes() {}

  /** Zeros of the shape of {@code a}. */
  /**
   * {@code new double[n]}, as {@code kept} if it has {@code n} elements (filled with zeros): a
   * generated method's work array, kept in its adjoint object from one call to the next.
   */
  public static double[] zeroed(double[] kept, int n) {
    if (kept == null || kept.length != n) {
      return new double[n];
    }
    java.util.Arrays.fill(kept, 0.0);
    return kept;
  }

  /** {@link #zeroed(double[], int)} for a {@code float[]} work array. */
  public static float[] zeroed(float[] kept, int n) {
    if (kept == null || kept.length != n) {
      return new float[n];
    }
    java.util.Arrays.fill(kept, 0f);
    return kept;
  }

  public static double[] zerosLike(double[] a) {
    return new double[a.length];
  }

  /** Zeros of the shape of {@code a}, rows of differing lengths included. */
  public static double[][] zerosLike(double[][] a) {
    double[][] zeros = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      zeros[i] = new double[a[i].length];
    }
    return zeros;
  }

  /** The adjoint or tangent of a {@code float[]}: doubles. */
  public static double[] zerosLike(float[] a) {
    return new double[a.length];
  }

  public static double[][] zerosLike(float[][] a) {
    double[][] zeros = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      zeros[i] = new double[a[i].length];
    }
    return zeros;
  }

  public static float[] copyOf(float[] a) {
    return a.clone();
  }

  public static float[][] copyOf(float[][] a) {
    float[][] copy = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      copy[i] = a[i].clone();
    }
    return copy;
  }

  public static double[] copyOf(double[] a) {
    return a.clone();
  }

  public static int[] copyOf(int[] a) {
    return a.clone();
  }

  /** A deep copy: new rows too, so writing into it never reaches {@code a}. */
  public static double[][] copyOf(double[][] a) {
    double[][] copy = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      copy[i] = a[i].clone();
    }
    return copy;
  }

  public static int[][] copyOf(int[][] a) {
    int[][] copy = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      copy[i] = a[i].clone();
    }
    return copy;
  }

  /** {@code target[i] += scale * source[i]}: adds a callee's array gradient to an adjoint. */
  public static void addScaled(double[] target, double scale, double[] source) {
    for (int i = 0; i < target.length; i++) {
      target[i] += scale * source[i];
    }
  }

  public static void addScaled(double[][] target, double scale, double[][] source) {
    for (int i = 0; i < target.length; i++) {
      addScaled(target[i], scale, source[i]);
    }
  }

  /** Sets every element to {@code value}; a null array is left alone. */
  public static void fill(double[] a, double value) {
    if (a != null) {
      java.util.Arrays.fill(a, value);
    }
  }

  public static void fill(double[][] a, double value) {
    if (a != null) {
      for (double[] row : a) {
        fill(row, value);
      }
    }
  }

  /** Copies {@code from}'s elements into {@code to}, which keeps its identity (aliases see it). */
  public static void copyInto(double[] from, double[] to) {
    System.arraycopy(from, 0, to, 0, from.length);
  }

  public static void copyInto(double[][] from, double[][] to) {
    for (int i = 0; i < from.length; i++) {
      copyInto(from[i], to[i]);
    }
  }

  public static void copyInto(float[] from, float[] to) {
    System.arraycopy(from, 0, to, 0, from.length);
  }

  public static void copyInto(float[][] from, float[][] to) {
    for (int i = 0; i < from.length; i++) {
      copyInto(from[i], to[i]);
    }
  }

  public static void copyInto(int[] from, int[] to) {
    System.arraycopy(from, 0, to, 0, from.length);
  }

  /**
   * Fails unless arrays {@code a} and {@code b} (each a one- or two-dimensional primitive array)
   * share no storage: neither the same array nor a row in common. A generated gradient of a
   * method that writes into one of them assumes they do not.
   */
  public static void requireDistinct(String method, String aName, Object a, String bName, Object b) {
    if (a == null || b == null) {
      return;
    }
    if (a == b || sharesRow(a, b) || sharesRow(b, a) || sharesRows(a, b)) {
      throw new IllegalArgumentException(method + " was given arrays " + aName + " and " + bName
          + " that share elements, and writes into one of them; its generated derivative assumes"
          + " they do not. Pass a copy of the one it only reads (for example " + bName
          + ".clone()), or call a helper that takes the array once.");
    }
  }

  /** Whether {@code row} is one of the rows of the matrix {@code m}. */
  private static boolean sharesRow(Object m, Object row) {
    if (!(m instanceof Object[]) || row instanceof Object[]) {
      return false;
    }
    for (Object r : (Object[]) m) {
      if (r == row) {
        return true;
      }
    }
    return false;
  }

  /** Whether two matrices have a row in common. */
  private static boolean sharesRows(Object a, Object b) {
    if (!(a instanceof Object[]) || !(b instanceof Object[])) {
      return false;
    }
    Object[] x = (Object[]) a;
    Object[] y = (Object[]) b;
    if ((long) x.length * y.length <= 256) {
      for (Object r : y) {
        if (sharesRow(a, r)) {
          return true;
        }
      }
      return false;
    }
    java.util.Set<Object> rows = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Collections.addAll(rows, x);
    for (Object r : y) {
      if (rows.contains(r)) {
        return true;
      }
    }
    return false;
  }

  /** How many numbers {@code a} holds: one entry each of a flattened Hessian or Jacobian. */
  public static int count(double[] a) {
    return a.length;
  }

  /** How many numbers {@code a} holds, its rows one after another. */
  public static int count(double[][] a) {
    int n = 0;
    for (double[] row : a) {
      n += row.length;
    }
    return n;
  }

  public static int count(float[] a) {
    return a.length;
  }

  public static int count(float[][] a) {
    int n = 0;
    for (float[] row : a) {
      n += row.length;
    }
    return n;
  }

  /**
   * Writes {@code part} into {@code matrix[row][column]}; returns the next row. A matrix's
   * column is built from one such call per parameter, in declaration order.
   */
  public static int intoColumn(double[][] matrix, int column, int row, double part) {
    matrix[row][column] = part;
    return row + 1;
  }

  /**
   * Writes {@code part}'s elements down {@code matrix}'s column from {@code row}, or zeros where
   * {@code part} is null (a gradient component that no derivative reaches); {@code shape} is the
   * parameter it belongs to. Returns the next row.
   */
  public static int intoColumn(double[][] matrix, int column, int row, double[] part, double[] shape) {
    for (int i = 0; i < shape.length; i++) {
      matrix[row++][column] = part == null ? 0.0 : part[i];
    }
    return row;
  }

  /** {@link #intoColumn(double[][], int, int, double[], double[])} for a matrix parameter, row by row. */
  public static int intoColumn(double[][] matrix, int column, int row, double[][] part, double[][] shape) {
    for (int i = 0; i < shape.length; i++) {
      row = intoColumn(matrix, column, row, part == null ? null : part[i], shape[i]);
    }
    return row;
  }

  /** For a {@code float[]} parameter, whose part is an array of doubles. */
  public static int intoColumn(double[][] matrix, int column, int row, double[] part, float[] shape) {
    for (int i = 0; i < shape.length; i++) {
      matrix[row++][column] = part == null ? 0.0 : part[i];
    }
    return row;
  }

  public static int intoColumn(double[][] matrix, int column, int row, double[][] part, float[][] shape) {
    for (int i = 0; i < shape.length; i++) {
      row = intoColumn(matrix, column, row, part == null ? null : part[i], shape[i]);
    }
    return row;
  }

  /** Writes {@code part} into {@code row[at]}; returns the next index. A Jacobian's row is built from one call per parameter. */
  public static int intoRow(double[] row, int at, double part) {
    row[at] = part;
    return at + 1;
  }

  /** Writes {@code part}'s elements into {@code row} from {@code at}, or zeros where it is null; returns the next index. */
  public static int intoRow(double[] row, int at, double[] part, double[] shape) {
    for (int i = 0; i < shape.length; i++) {
      row[at++] = part == null ? 0.0 : part[i];
    }
    return at;
  }

  /** {@link #intoRow(double[], int, double[], double[])} for a matrix parameter, row by row. */
  public static int intoRow(double[] row, int at, double[][] part, double[][] shape) {
    for (int i = 0; i < shape.length; i++) {
      at = intoRow(row, at, part == null ? null : part[i], shape[i]);
    }
    return at;
  }

  /** For a {@code float[]} parameter, whose part is an array of doubles. */
  public static int intoRow(double[] row, int at, double[] part, float[] shape) {
    for (int i = 0; i < shape.length; i++) {
      row[at++] = part == null ? 0.0 : part[i];
    }
    return at;
  }

  public static int intoRow(double[] row, int at, double[][] part, float[][] shape) {
    for (int i = 0; i < shape.length; i++) {
      at = intoRow(row, at, part == null ? null : part[i], shape[i]);
    }
    return at;
  }

  /** Writes {@code part} down column {@code column} of {@code matrix}, from its first row. */
  public static void intoColumn(double[][] matrix, int column, double[] part) {
    for (int i = 0; i < part.length; i++) {
      matrix[i][column] = part[i];
    }
  }
}
