package dev.adjoint.runtime;

/**
 * The order {@code Arrays.sort} puts a range in, as positions: generated code sorts an array by
 * copying elements into the order this gives, so that each sorted element's derivative is the
 * one of the element it came from.
 */
public final class Sorting {
  private Sorting() {}

  /**
   * The positions {@code from .. to - 1} of {@code a}, ordered as {@code Arrays.sort} orders their
   * values ({@code Double.compare}: -0.0 before 0.0, NaN last); equal values keep their order.
   */
  public static int[] order(double[] a, int from, int to) {
    Integer[] positions = positions(from, to);
    java.util.Arrays.sort(positions, (i, j) -> Double.compare(a[i], a[j]));
    return unboxed(positions);
  }

  /** As {@link #order(double[], int, int)} for a {@code float[]}. */
  public static int[] order(float[] a, int from, int to) {
    Integer[] positions = positions(from, to);
    java.util.Arrays.sort(positions, (i, j) -> Float.compare(a[i], a[j]));
    return unboxed(positions);
  }

  /** As {@link #order(double[], int, int)} for an {@code int[]}. */
  public static int[] order(int[] a, int from, int to) {
    Integer[] positions = positions(from, to);
    java.util.Arrays.sort(positions, (i, j) -> Integer.compare(a[i], a[j]));
    return unboxed(positions);
  }

  /** As {@link #order(double[], int, int)} for a {@code long[]}. */
  public static int[] order(long[] a, int from, int to) {
    Integer[] positions = positions(from, to);
    java.util.Arrays.sort(positions, (i, j) -> Long.compare(a[i], a[j]));
    return unboxed(positions);
  }

  private static Integer[] positions(int from, int to) {
    Integer[] positions = new Integer[to - from];
    for (int k = 0; k < positions.length; k++) {
      positions[k] = from + k;
    }
    return positions;
  }

  private static int[] unboxed(Integer[] positions) {
    int[] order = new int[positions.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = positions[k];
    }
    return order;
  }
}
