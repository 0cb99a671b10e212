package dev.adjoint.runtime;

/**
 * The most a thread's tape held during a gradient call ({@link Tape#measure}): each kind's peak
 * count (they may peak at different moments) and the peak of all of them together in bytes,
 * which is what the call needs in memory beyond the method's own. An array on the tape counts
 * its reference (8 bytes) in {@link #peakBytes} and its contents in {@link #arrayBytes}: a
 * reverse sweep keeps the arrays it will read back alive.
 */
public final class TapeUsage {
  private final long doubles;
  private final long ints;
  private final long longs;
  private final long branches;
  private final long arrays;
  private final long arrayBytes;
  private final long peakBytes;

  TapeUsage(long doubles, long ints, long longs, long branches, long arrays, long arrayBytes, long peakBytes) {
    this.doubles = doubles;
    this.ints = ints;
    this.longs = longs;
    this.branches = branches;
    this.arrays = arrays;
    this.arrayBytes = arrayBytes;
    this.peakBytes = peakBytes;
  }

  /** The most doubles the tape held at once (8 bytes each). */
  public long doubles() {
    return doubles;
  }

  /** The most ints (4 bytes each): trip counts, indices. */
  public long ints() {
    return ints;
  }

  /** The most longs (8 bytes each). */
  public long longs() {
    return longs;
  }

  /** The most branch decisions (1 byte each). */
  public long branches() {
    return branches;
  }

  /** The most array references. */
  public long arrays() {
    return arrays;
  }

  /** The most bytes of array contents the tape kept alive. */
  public long arrayBytes() {
    return arrayBytes;
  }

  /** The peak of everything together, in bytes. */
  public long peakBytes() {
    return peakBytes;
  }

  /** The bytes of an array's contents (rows of a {@code double[][]} included; headers not). */
  static long bytesOf(Object array) {
    if (array instanceof double[]) {
      return 8L * ((double[]) array).length;
    }
    if (array instanceof long[]) {
      return 8L * ((long[]) array).length;
    }
    if (array instanceof int[]) {
      return 4L * ((int[]) array).length;
    }
    if (array instanceof boolean[]) {
      return ((boolean[]) array).length;
    }
    if (array instanceof Object[]) {
      Object[] rows = (Object[]) array;
      long bytes = 8L * rows.length;
      for (Object row : rows) {
        bytes += row == null ? 0 : bytesOf(row);
      }
      return bytes;
    }
    return 0;
  }

  @Override
  public String toString() {
    return String.format("peak %s: %d doubles (%s), %d ints (%s), %d longs (%s), %d branch decisions (%s),"
            + " %d arrays (%s)", bytes(peakBytes), doubles, bytes(8 * doubles), ints, bytes(4 * ints), longs,
        bytes(8 * longs), branches, bytes(branches), arrays, bytes(8 * arrays + arrayBytes));
  }

  private static String bytes(long b) {
    return b < 10_000 ? b + " B" : b < 10_000_000 ? (b / 1000) + " kB" : (b / 1_000_000) + " MB";
  }
}
