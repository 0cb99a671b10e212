package dev.adjoint.runtime;

/** Allocations of arrays shaped like others, for generated code. */
public final class Shapes {
  private Shapes() {}

  /** Zeros of the shape of {@code a}. */
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

  public static void copyInto(int[] from, int[] to) {
    System.arraycopy(from, 0, to, 0, from.length);
  }
}
