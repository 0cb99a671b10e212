package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The binomial checkpointing schedule of Griewank and Walther ("revolve", ACM TOMS 26(1), 2000):
 * how to reverse {@code steps} steps of a loop, each of which maps the loop's state to the
 * next, while holding at most {@code snapshots} copies of the state (the one at step 0
 * included), with the fewest forward steps recomputed. With {@code s} snapshots and {@code r}
 * the least number with {@code C(s + r, s) >= steps}, that is {@code r * steps - C(s + r + 1,
 * s + 1)} steps ({@link #advances}): memory {@code O(s)} for a cost that grows like {@code
 * log(steps)} passes.
 *
 * <p>Generated reverse sweeps drive it as a state machine:
 *
 * <pre>{@code
 * Revolve schedule = new Revolve(n, 100);
 * for (int action = schedule.next(); action != Revolve.DONE; action = schedule.next()) {
 *   switch (action) {
 *     case Revolve.STORE -> copy the state into snapshot schedule.slot()
 *     case Revolve.RESTORE -> copy snapshot schedule.slot() into the state
 *     case Revolve.ADVANCE -> run steps schedule.from() .. schedule.to() - 1, recording nothing
 *     case Revolve.REVERSE -> run step schedule.step() recording it, then its reverse sweep
 *   }
 * }
 * }</pre>
 *
 * <p>The first action stores the state at step 0 in slot 0; steps are reversed last first.
 * Before an {@code ADVANCE} or a {@code REVERSE} of step {@code k} the state is the one at step
 * {@code from()} or {@code k}, restored or advanced to by the actions before it; a {@code
 * REVERSE} leaves the state undefined (the next action restores one). Slots are used as a
 * stack, {@code 0 .. snapshots - 1}.
 */
public final class Revolve {
  public static final int DONE = 0;
  public static final int STORE = 1;
  public static final int RESTORE = 2;
  public static final int ADVANCE = 3;
  public static final int REVERSE = 4;

  private final int snapshots;
  /** Pending ranges to reverse, innermost last: first step, end, free snapshots beyond its own, its slot. */
  private int[] first = new int[8];
  private int[] end = new int[8];
  private int[] free = new int[8];
  private int[] slotOf = new int[8];
  private int depth;
  /** The step of the state each slot holds. */
  private final int[] slotStep;
  /** The step the state is at now, or -1 when a reverse step left it undefined. */
  private int live;
  private boolean started;
  /** With no snapshot to spare, the range is reversed from its start by ever shorter advances: the next step to reverse. */
  private int quadraticNext = -1;
  private int slot;
  private int from;
  private int to;
  private int step;
  private long advanced;

  /**
   * A schedule for {@code steps} steps (0 or more) holding at most {@code snapshots} states (1
   * or more: the state at step 0 takes one).
   */
  public Revolve(int steps, int snapshots) {
    if (steps < 0 || snapshots < 1) {
      throw new IllegalArgumentException("steps " + steps + " and snapshots " + snapshots
          + ": steps must be 0 or more, snapshots 1 or more");
    }
    this.snapshots = snapshots;
    this.slotStep = new int[Math.min(snapshots, Math.max(steps, 1))];
    if (steps > 0) {
      push(0, steps, Math.min(snapshots, steps) - 1, 0);
    }
  }

  /** The next action: {@link #STORE}, {@link #RESTORE}, {@link #ADVANCE}, {@link #REVERSE} or {@link #DONE}. */
  public int next() {
    if (!started) {
      started = true;
      if (depth > 0) {
        slot = 0;
        slotStep[0] = 0;
        live = 0;
        return STORE;
      }
      return DONE;
    }
    while (depth > 0) {
      int top = depth - 1;
      int a = first[top];
      int b = end[top];
      int s = slotOf[top];
      if (b - a == 1 || free[top] == 0) {
        // One step, or no snapshot to spare: the range's last step at a time, from its start.
        int k = quadraticNext >= 0 ? quadraticNext : b - 1;
        if (live != a && live != k) {
          live = slotStep[s];
          slot = s;
          quadraticNext = k;
          return RESTORE;
        }
        if (live != k) {
          quadraticNext = k;
          return advance(k);
        }
        quadraticNext = k - 1 >= a ? k - 1 : -1;
        if (quadraticNext < 0) {
          depth--;
        }
        step = k;
        live = -1;
        return REVERSE;
      }
      // Split at the optimal step m: reach it, store it, reverse [m, b) with one snapshot less,
      // then [a, m) with as many as before.
      int m = a + split(b - a, free[top] + 1);
      if (live != a && live != m) {
        live = slotStep[s];
        slot = s;
        return RESTORE;
      }
      if (live != m) {
        return advance(m);
      }
      end[top] = m;
      push(m, b, free[top] - 1, s + 1);
      slot = s + 1;
      slotStep[slot] = m;
      return STORE;
    }
    return DONE;
  }

  private int advance(int k) {
    from = live;
    to = k;
    advanced += to - from;
    live = k;
    return ADVANCE;
  }

  private void push(int a, int b, int spare, int s) {
    if (depth == first.length) {
      first = Arrays.copyOf(first, depth * 2);
      end = Arrays.copyOf(end, depth * 2);
      free = Arrays.copyOf(free, depth * 2);
      slotOf = Arrays.copyOf(slotOf, depth * 2);
    }
    first[depth] = a;
    end[depth] = b;
    free[depth] = spare;
    slotOf[depth] = s;
    depth++;
  }

  /**
   * A schedule of {@code snapshots} states, or with 0 the default of {@code
   * dev.adjoint.CheckpointedLoop}: the square root of {@code steps}, rounded up, at least 2.
   */
  public static Revolve of(int steps, int snapshots) {
    return new Revolve(steps, snapshots > 0 ? snapshots : Math.max(2, (int) Math.ceil(Math.sqrt(steps))));
  }

  /** The slot of a {@link #STORE} or {@link #RESTORE}. */
  public int slot() {
    return slot;
  }

  /** The first step an {@link #ADVANCE} runs. */
  public int from() {
    return from;
  }

  /** The step an {@link #ADVANCE} stops before: the state is then the one at this step. */
  public int to() {
    return to;
  }

  /** The step a {@link #REVERSE} runs and reverses. */
  public int step() {
    return step;
  }

  /** The steps advanced so far (recorded steps not counted). */
  public long advanced() {
    return advanced;
  }

  /** The number of snapshots the schedule was given. */
  public int snapshots() {
    return snapshots;
  }

  /**
   * The fewest forward steps (not counting the {@code steps} recorded ones) that reverse {@code
   * steps} steps with {@code snapshots} states held, the one at step 0 included: {@code r * steps
   * - C(s + r + 1, s + 1)} for the least {@code r} with {@code C(s + r, s) >= steps}.
   */
  public static long advances(int steps, int snapshots) {
    if (steps <= 1) {
      return 0;
    }
    int s = Math.min(snapshots, steps);
    if (s == 1) {
      return (long) steps * (steps - 1) / 2;
    }
    int r = repetitions(steps, s);
    return (long) r * steps - binomial(s + 1, r - 1);
  }

  /** The least r with C(s + r, s) >= steps. */
  private static int repetitions(int steps, int s) {
    int r = 0;
    for (long b = 1; b < steps; ) {
      r++;
      b = b * (s + r) / r;
    }
    return r;
  }

  /** C(s + r, s), saturated at Long.MAX_VALUE; 0 for negative arguments. */
  static long binomial(int s, int r) {
    if (s < 0 || r < 0) {
      return 0;
    }
    long b = 1;
    for (int i = 1; i <= r; i++) {
      if (b > Long.MAX_VALUE / (s + i)) {
        return Long.MAX_VALUE;
      }
      b = b * (s + i) / i;
    }
    return b;
  }

  /**
   * Where to put the first snapshot in a range of {@code l} steps reversed with {@code s}
   * states held (its start's included), as an offset from its start: {@code max(1, l - C(s - 1 +
   * r, s - 1), C(s + r - 2, s))}, which lies in the range of optimal first steps (checked
   * against dynamic programming in RevolveTest).
   */
  static int split(int l, int s) {
    int r = repetitions(l, s);
    long m = Math.max(1, Math.max(l - binomial(s - 1, r), binomial(s, r - 2)));
    return (int) Math.min(m, l - 1);
  }
}
