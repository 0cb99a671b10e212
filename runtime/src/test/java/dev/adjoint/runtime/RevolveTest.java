package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The binomial schedule reverses every step once, last first, from the state at that step,
 * within its snapshots, and recomputes exactly as many steps as the optimum: the closed form
 * {@code r l - C(s + r + 1, s + 1)} and, independently, dynamic programming over every first
 * snapshot position.
 */
class RevolveTest {

  /** What a schedule did: its advanced steps and the most slots it held at once. */
  private record Run(long advanced, int slotsUsed) {}

  /**
   * Runs the schedule on a simulated loop whose state is the step it is at, checking each
   * action against what a loop can do.
   */
  private static Run simulate(int steps, int snapshots) {
    Revolve schedule = new Revolve(steps, snapshots);
    int[] slots = new int[snapshots];
    java.util.Arrays.fill(slots, -1);
    int state = 0; // the schedule starts from the state at step 0
    int nextReversed = steps - 1;
    long advanced = 0;
    int used = 0;
    for (int action = schedule.next(); action != Revolve.DONE; action = schedule.next()) {
      switch (action) {
        case Revolve.STORE -> {
          assertTrue(schedule.slot() >= 0 && schedule.slot() < snapshots, "slot " + schedule.slot());
          assertTrue(state >= 0, "store of an undefined state");
          slots[schedule.slot()] = state;
          used = Math.max(used, schedule.slot() + 1);
        }
        case Revolve.RESTORE -> {
          assertTrue(slots[schedule.slot()] >= 0, "restore of an empty slot");
          state = slots[schedule.slot()];
        }
        case Revolve.ADVANCE -> {
          assertEquals(state, schedule.from(), "advance from another step than the state's");
          assertTrue(schedule.to() > schedule.from() && schedule.to() < steps);
          advanced += schedule.to() - schedule.from();
          state = schedule.to();
        }
        case Revolve.REVERSE -> {
          assertEquals(nextReversed, schedule.step(), "steps are reversed last first, each once");
          assertEquals(schedule.step(), state, "a step is reversed from the state at it");
          nextReversed--;
          state = -1;
        }
        default -> throw new AssertionError("action " + action);
      }
    }
    assertEquals(-1, nextReversed, "every step reversed");
    assertEquals(advanced, schedule.advanced());
    return new Run(advanced, used);
  }

  /** The fewest advanced steps, by trying every first snapshot: opt[l][c] with c snapshots beyond the start's. */
  private static long[][] optimum(int maxSteps, int maxSpare) {
    long[][] opt = new long[maxSteps + 1][maxSpare + 1];
    for (int c = 0; c <= maxSpare; c++) {
      for (int l = 2; l <= maxSteps; l++) {
        if (c == 0) {
          opt[l][c] = (long) l * (l - 1) / 2;
          continue;
        }
        long best = Long.MAX_VALUE;
        for (int m = 1; m < l; m++) {
          best = Math.min(best, m + opt[l - m][c - 1] + opt[m][c]);
        }
        opt[l][c] = best;
      }
    }
    return opt;
  }

  @Test
  void theScheduleIsOptimalForEveryShortLoop() {
    long[][] opt = optimum(200, 9);
    for (int snapshots = 1; snapshots <= 10; snapshots++) {
      for (int steps = 0; steps <= 200; steps++) {
        Run run = simulate(steps, snapshots);
        long best = steps <= 1 ? 0 : opt[steps][snapshots - 1];
        assertEquals(best, run.advanced(), steps + " steps, " + snapshots + " snapshots");
        assertEquals(best, Revolve.advances(steps, snapshots), "closed form, " + steps + " steps, " + snapshots);
        assertTrue(run.slotsUsed() <= snapshots);
      }
    }
  }

  @Test
  void longLoopsCostTheBinomialBound() {
    int[][] cases = {{1_000_000, 100}, {100_000, 10}, {100_000, 1000}, {10_000, 2}, {2000, 1}, {50, 100},
        {50, 50}, {50, 49}};
    for (int[] c : cases) {
      Run run = simulate(c[0], c[1]);
      assertEquals(Revolve.advances(c[0], c[1]), run.advanced(), c[0] + " steps, " + c[1] + " snapshots");
      assertTrue(run.slotsUsed() <= c[1]);
    }
    // Enough snapshots: every state stored once on the way, l - 1 advanced steps. One: l (l - 1) / 2.
    assertEquals(49, Revolve.advances(50, 50));
    assertEquals(2000L * 1999 / 2, Revolve.advances(2000, 1));
    // 10^6 steps with 100 snapshots: C(104, 4) >= 10^6 > C(103, 3), so four repetitions at most.
    long a = Revolve.advances(1_000_000, 100);
    assertTrue(a > 2_000_000 && a < 4_000_000, "advances " + a);
  }

  @Test
  void noStepsNothingToDo() {
    assertEquals(Revolve.DONE, new Revolve(0, 3).next());
    assertThrows(IllegalArgumentException.class, () -> new Revolve(5, 0));
    assertThrows(IllegalArgumentException.class, () -> new Revolve(-1, 2));
  }
}
