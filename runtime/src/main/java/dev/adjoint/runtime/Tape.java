package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * What generated reverse sweeps of code with loops keep between the forward and the reverse
 * sweep: overwritten values, branch decisions and trip counts, each read back in the reverse
 * order it was written. Primitive arrays that grow by doubling: no boxing, no object per value.
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
  private long[] longs = new long[16];
  private int longTop;
  private Object[] arrays = new Object[16];
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
   * The contents of {@code a[from .. from + count)}, in one copy: what a loop that rewrites that
   * range overwrites, recorded at the loop's entry, where its trip count is known.
   */
  public void pushRange(double[] a, int from, int count) {
    if (doubleTop + count > doubles.length) {
      doubles = Arrays.copyOf(doubles, Math.max(doubles.length * 2, doubleTop + count));
    }
    System.arraycopy(a, from, doubles, doubleTop, count);
    doubleTop += count;
  }

  /** Puts back into {@code a[from .. from + count)} what {@link #pushRange} recorded of it. */
  public void popRange(double[] a, int from, int count) {
    doubleTop -= count;
    System.arraycopy(doubles, doubleTop, a, from, count);
  }

  public void push(long value) {
    if (longTop == longs.length) {
      longs = Arrays.copyOf(longs, longs.length * 2);
    }
    longs[longTop++] = value;
  }

  public void push(int value) {
    push((long) value);
  }

  public void push(boolean value) {
    push(value ? 1L : 0L);
  }

  public long popLong() {
    return longs[--longTop];
  }

  public int popInt() {
    return (int) longs[--longTop];
  }

  public boolean popBoolean() {
    return longs[--longTop] != 0;
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
      longTop = 0;
      java.util.Arrays.fill(arrays, 0, arrayTop, null);
      arrayTop = 0;
    }
  }

  /** How many values the tape holds: zero again once the reverse sweep has read them all. */
  public int size() {
    return doubleTop + longTop + arrayTop;
  }
}
