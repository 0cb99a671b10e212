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
 *
 * <p>Code generated with the processor option {@code adjoint.checkTape} names, at every push,
 * where it pushes and, at every pop, which push it expects to read back; the tape then fails with
 * a {@link TapeDisciplineError} on the first pop that would read another push's value, and on a
 * gradient call that returns with values left over ({@link #checkBalanced}).
 */
public final class Tape {
  private static final ThreadLocal<Tape> LOCAL = ThreadLocal.withInitial(Tape::new);
  /**
   * Whether tapes count what they hold, for {@link #measure}: read once, from the system property
   * {@code adjoint.measureTape}, so that without it the JIT drops the counting and a gradient runs
   * at full speed.
   */
  private static final boolean MEASURED = Boolean.getBoolean("adjoint.measureTape");

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

  /**
   * For each gradient call in progress on this thread, the tops of the six stacks when it
   * started ({@link #enter}), so that it leaves the tape exactly there ({@link #exit}).
   */
  private int[] entered = new int[6 * 4];
  private int depth;

  /**
   * Checked mode (processor option {@code adjoint.checkTape}): beside every value, where it was
   * pushed and its kind, so that a pop that would read another site's value fails at once.
   */
  private String[] sites = new String[16];
  private char[] kinds = new char[16];
  private int siteTop;

  /** With {@link #MEASURED}: the bytes of arrays pushed and held, and the peaks since {@link #measure} began. */
  private long arrayBytes;
  private final long[] peaks = new long[7];

  public void push(double value) {
    if (doubleTop == doubles.length) {
      doubles = Arrays.copyOf(doubles, doubles.length * 2);
    }
    doubles[doubleTop++] = value;
    if (MEASURED) {
      noteGrowth();
    }
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
    if (count <= 0) {
      // A loop that runs no times: its start may be out of bounds, and nothing is read.
      return;
    }
    reserve(count, 0);
    System.arraycopy(a, from, doubles, doubleTop, count);
    doubleTop += count;
    if (MEASURED) {
      noteGrowth();
    }
  }

  /** Puts back into {@code a[from .. from + count)} what {@link #pushRange} recorded of it. */
  public void popRange(double[] a, int from, int count) {
    if (count <= 0) {
      return;
    }
    doubleTop -= count;
    System.arraycopy(doubles, doubleTop, a, from, count);
  }

  /** As {@link #pushRange(double[], int, int)} for a {@code float[]}: each float kept exactly in a double. */
  public void pushRange(float[] a, int from, int count) {
    if (count <= 0) {
      return;
    }
    reserve(count, 0);
    for (int k = 0; k < count; k++) {
      doubles[doubleTop + k] = a[from + k];
    }
    doubleTop += count;
    if (MEASURED) {
      noteGrowth();
    }
  }

  /** Puts back into {@code a[from .. from + count)} what {@link #pushRange(float[], int, int)} kept of it. */
  public void popRange(float[] a, int from, int count) {
    if (count <= 0) {
      return;
    }
    doubleTop -= count;
    for (int k = 0; k < count; k++) {
      a[from + k] = (float) doubles[doubleTop + k];
    }
  }

  public void push(int value) {
    if (intTop == ints.length) {
      ints = Arrays.copyOf(ints, ints.length * 2);
    }
    ints[intTop++] = value;
    if (MEASURED) {
      noteGrowth();
    }
  }

  public int popInt() {
    return ints[--intTop];
  }

  public void push(long value) {
    if (longTop == longs.length) {
      longs = Arrays.copyOf(longs, longs.length * 2);
    }
    longs[longTop++] = value;
    if (MEASURED) {
      noteGrowth();
    }
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
    if (MEASURED) {
      noteGrowth();
    }
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
    if (MEASURED) {
      arrayBytes += TapeUsage.bytesOf(array);
      noteGrowth();
    }
  }

  public Object popArray() {
    Object array = arrays[--arrayTop];
    arrays[arrayTop] = null;
    if (MEASURED) {
      arrayBytes -= TapeUsage.bytesOf(array);
    }
    return array;
  }

  /** A gradient call starts using this tape. */
  public void enter() {
    if (entered.length < 6 * (depth + 1)) {
      entered = Arrays.copyOf(entered, entered.length * 2);
    }
    int at = 6 * depth++;
    entered[at] = doubleTop;
    entered[at + 1] = intTop;
    entered[at + 2] = longTop;
    entered[at + 3] = booleanTop;
    entered[at + 4] = arrayTop;
    entered[at + 5] = siteTop;
  }

  /**
   * A gradient call is done with this tape, normally or by an exception: the tape goes back to
   * where the call found it, so a call that failed halfway leaves nothing behind.
   */
  public void exit() {
    int at = 6 * --depth;
    doubleTop = entered[at];
    intTop = entered[at + 1];
    longTop = entered[at + 2];
    booleanTop = entered[at + 3];
    if (MEASURED) {
      for (int i = entered[at + 4]; i < arrayTop; i++) {
        arrayBytes -= TapeUsage.bytesOf(arrays[i]);
      }
    }
    Arrays.fill(arrays, entered[at + 4], Math.max(arrayTop, entered[at + 4]), null);
    arrayTop = entered[at + 4];
    Arrays.fill(sites, entered[at + 5], Math.max(siteTop, entered[at + 5]), null);
    siteTop = entered[at + 5];
  }

  /**
   * Checked mode, as a gradient call returns normally: its reverse sweep must have read back
   * everything its forward sweep pushed, no more and no less.
   */
  public void checkBalanced(String method) {
    int at = 6 * (depth - 1);
    int[] now = {doubleTop, intTop, longTop, booleanTop, arrayTop};
    String[] kindNames = {"double", "int", "long", "boolean", "array"};
    for (int k = 0; k < now.length; k++) {
      if (now[k] != entered[at + k]) {
        throw new TapeDisciplineError(method + " returns with " + (now[k] - entered[at + k]) + " " + kindNames[k]
            + " value(s) more on the tape than when it was called"
            + (siteTop > entered[at + 5] ? "; the latest pushed at " + sites[siteTop - 1] : ""));
      }
    }
  }

  /** Checked mode: {@link #push(double)} from push site {@code site}. */
  public void push(double value, String site) {
    pushSite(site, 'D');
    push(value);
  }

  /** Checked mode: {@link #popDouble()} of a value pushed at {@code site}. */
  public double popDouble(String site) {
    popSite(site, 'D');
    return popDouble();
  }

  public void push(int value, String site) {
    pushSite(site, 'I');
    push(value);
  }

  public int popInt(String site) {
    popSite(site, 'I');
    return popInt();
  }

  public void push(long value, String site) {
    pushSite(site, 'J');
    push(value);
  }

  public long popLong(String site) {
    popSite(site, 'J');
    return popLong();
  }

  public void push(boolean value, String site) {
    pushSite(site, 'Z');
    push(value);
  }

  public boolean popBoolean(String site) {
    popSite(site, 'Z');
    return popBoolean();
  }

  public void push(Object array, String site) {
    pushSite(site, 'A');
    push(array);
  }

  public Object popArray(String site) {
    popSite(site, 'A');
    return popArray();
  }

  public void pushRange(double[] a, int from, int count, String site) {
    pushSite(site, 'R');
    pushRange(a, from, count);
  }

  public void popRange(double[] a, int from, int count, String site) {
    popSite(site, 'R');
    popRange(a, from, count);
  }

  public void pushRange(float[] a, int from, int count, String site) {
    pushSite(site, 'R');
    pushRange(a, from, count);
  }

  public void popRange(float[] a, int from, int count, String site) {
    popSite(site, 'R');
    popRange(a, from, count);
  }

  private void pushSite(String site, char kind) {
    if (siteTop == sites.length) {
      sites = Arrays.copyOf(sites, sites.length * 2);
      kinds = Arrays.copyOf(kinds, kinds.length * 2);
    }
    sites[siteTop] = site;
    kinds[siteTop++] = kind;
  }

  private void popSite(String site, char kind) {
    if (siteTop == 0) {
      throw new TapeDisciplineError("a pop at " + site + " (" + kindName(kind) + ") found no checked value on the tape");
    }
    String top = sites[siteTop - 1];
    if (!top.equals(site) || kinds[siteTop - 1] != kind) {
      throw new TapeDisciplineError("a pop at " + site + " (" + kindName(kind) + ") would read the value pushed at "
          + top + " (" + kindName(kinds[siteTop - 1]) + ")");
    }
    sites[--siteTop] = null;
  }

  private static String kindName(char kind) {
    switch (kind) {
      case 'D':
        return "double";
      case 'I':
        return "int";
      case 'J':
        return "long";
      case 'Z':
        return "branch decision";
      case 'A':
        return "array";
      default:
        return "range of doubles";
    }
  }

  /**
   * The most this thread's tape held while {@code call} ran (a gradient call, say), beyond what
   * it held before: each kind's peak and the peak of their total in bytes. Counting is on only in
   * a JVM started with {@code -Dadjoint.measureTape=true}, so that it costs nothing otherwise.
   *
   * @throws IllegalStateException without that property
   */
  public static TapeUsage measure(Runnable call) {
    if (!MEASURED) {
      throw new IllegalStateException("Tape.measure needs a JVM started with -Dadjoint.measureTape=true"
          + " (without it the tape does not count what it holds, so that gradients run at full speed)");
    }
    Tape tape = local();
    long[] before = tape.usage();
    long[] outer = tape.peaks.clone();
    System.arraycopy(before, 0, tape.peaks, 0, before.length);
    try {
      call.run();
      long[] peak = tape.peaks.clone();
      for (int k = 0; k < peak.length; k++) {
        peak[k] -= before[k];
      }
      return new TapeUsage(peak[0], peak[1], peak[2], peak[3], peak[4], peak[5], peak[6]);
    } finally {
      // A measurement inside another one: the outer one's peaks go on from the larger.
      for (int k = 0; k < outer.length; k++) {
        tape.peaks[k] = Math.max(outer[k], tape.peaks[k]);
      }
    }
  }

  /** What the tape holds now: doubles, ints, longs, branch decisions, arrays, their bytes, and the total bytes. */
  private long[] usage() {
    long total = 8L * doubleTop + 4L * intTop + 8L * longTop + booleanTop + 8L * arrayTop + arrayBytes;
    return new long[] {doubleTop, intTop, longTop, booleanTop, arrayTop, arrayBytes, total};
  }

  private void noteGrowth() {
    peaks[0] = Math.max(peaks[0], doubleTop);
    peaks[1] = Math.max(peaks[1], intTop);
    peaks[2] = Math.max(peaks[2], longTop);
    peaks[3] = Math.max(peaks[3], booleanTop);
    peaks[4] = Math.max(peaks[4], arrayTop);
    peaks[5] = Math.max(peaks[5], arrayBytes);
    peaks[6] = Math.max(peaks[6],
        8L * doubleTop + 4L * intTop + 8L * longTop + booleanTop + 8L * arrayTop + arrayBytes);
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
