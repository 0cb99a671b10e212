package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * What generated reverse sweeps of code with loops keep between the forward and the reverse
 * sweep: overwritten values, branch decisions and trip counts, each read back in the reverse
 * order it was written. One primitive array per kind, so each value takes its own size (8 bytes
 * a {@code double}, 4 an {@code int}, 1 a branch decision): no boxing, no object per value.
 *
 * <p>Loops whose trip count is known at their entry record in blocks sized there ({@link
 * #pushRange}, {@link #reserve}); the arrays otherwise grow by doubling. Memory grows with what is
 * stored, and a thread's tape keeps its arrays for the next gradient call.
 *
 * <p>Generated code only. Each thread has one tape, {@link #local()}, reused by every gradient
 * call on it: a call pops exactly what it pushed, so calls nested in another's reverse sweep
 * share it safely, and a hot loop of gradient calls allocates nothing once the tape has grown.
 */
public final class Tape {
  private static final ThreadLocal<Tape> LOCAL = ThreadLocal.withInitial(Tape::new);

  /** This thread's tape. */
  public static Tape local() {
    return LOCAL.get();
  }

  private double[] doubles = new double[16];
  private int doubleTop;
  private int[] ints = new int[16];
  private int intTop;
  private long[] longs = new long[4];
  private int longTop;
  private boolean[] booleans = new boolean[16];
  private int booleanTop;
  private Object[] arrays = new Object[4];
  private int arrayTop;
  private int depth;

  public void push(double value) {
    if (doubleTop == doubles.length) {
      doubles = Arrays.copyOf(doubles, doubles.length * 2);
    }
    doubles[doubleTop++] = value;
  }

  public double popDouble() {
    return doubles[--doubleTop];
  }

  /**
   * Room for {@code doubleCount} more doubles and {@code intCount} more ints, made at once: a
   * loop that knows at its entry how much it will record.
   */
  public void reserve(int doubleCount, int intCount) {
    if (doubleTop + doubleCount > doubles.length) {
      doubles = Arrays.copyOf(doubles, Math.max(doubles.length * 2, doubleTop + doubleCount));
    }
    if (intTop + intCount > ints.length) {
      ints = Arrays.copyOf(ints, Math.max(ints.length * 2, intTop + intCount));
    }
  }

  /**
   * The contents of {@code a[from .. from + count)}, in one copy: what a loop that rewrites that
   * range overwrites, recorded at the loop's entry, where its trip count is known.
   */
  public void pushRange(double[] a, int from, int count) {
    reserve(count, 0);
    System.arraycopy(a, from, doubles, doubleTop, count);
    doubleTop += count;
  }

  /** Puts back into {@code a[from .. from + count)} what {@link #pushRange} recorded of it. */
  public void popRange(double[] a, int from, int count) {
    doubleTop -= count;
    System.arraycopy(doubles, doubleTop, a, from, count);
  }

  public void push(int value) {
    if (intTop == ints.length) {
      ints = Arrays.copyOf(ints, ints.length * 2);
    }
    ints[intTop++] = value;
  }

  public int popInt() {
    return ints[--intTop];
  }

  public void push(long value) {
    if (longTop == longs.length) {
      longs = Arrays.copyOf(longs, longs.length * 2);
    }
    longs[longTop++] = value;
  }

  public long popLong() {
    return longs[--longTop];
  }

  /** A branch decision. */
  public void push(boolean value) {
    if (booleanTop == booleans.length) {
      booleans = Arrays.copyOf(booleans, booleans.length * 2);
    }
    booleans[booleanTop++] = value;
  }

  public boolean popBoolean() {
    return booleans[--booleanTop];
  }

  /** An array reference, for a variable that is made to point to another array in a loop. */
  public void push(Object array) {
    if (arrayTop == arrays.length) {
      arrays = Arrays.copyOf(arrays, arrays.length * 2);
    }
    arrays[arrayTop++] = array;
  }

  public Object popArray() {
    Object array = arrays[--arrayTop];
    arrays[arrayTop] = null;
    return array;
  }

  /** A gradient call starts using this tape. */
  public void enter() {
    depth++;
  }

  /**
   * A gradient call is done with this tape, normally or by an exception. When the outermost call
   * exits, whatever an exception left on the tape is dropped, so failing calls leak nothing.
   */
  public void exit() {
    if (--depth == 0 && size() != 0) {
      doubleTop = 0;
      intTop = 0;
      longTop = 0;
      booleanTop = 0;
      Arrays.fill(arrays, 0, arrayTop, null);
      arrayTop = 0;
    }
  }

  /** How many values the tape holds: zero again once the reverse sweep has read them all. */
  public int size() {
    return doubleTop + intTop + longTop + booleanTop + arrayTop;
  }

  /** The bytes the tape's arrays take, for measuring what a gradient records. */
  public long capacityBytes() {
    return 8L * doubles.length + 4L * ints.length + 8L * longs.length + booleans.length
        + 4L * arrays.length;
  }
}
