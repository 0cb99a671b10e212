package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TapeTest {

  @Test
  void popsInReverseOrderPerKindAndGrows() {
    Tape tape = new Tape();
    double[] array = {1};
    for (int i = 0; i < 100; i++) {
      tape.push((double) i);
      tape.push(i);
      tape.push(i % 2 == 0);
    }
    tape.push(array);
    assertSame(array, tape.popArray());
    for (int i = 99; i >= 0; i--) {
      assertEquals(i % 2 == 0, tape.popBoolean());
      assertEquals(i, tape.popInt());
      assertEquals(i, tape.popDouble());
    }
    assertEquals(0, tape.size());
  }

  @Test
  void rangesComeBackWhereTheyWereTakenFrom() {
    Tape tape = new Tape();
    double[] a = {1, 2, 3, 4, 5};
    tape.push(-1.0);
    tape.pushRange(a, 1, 3);
    tape.pushRange(a, 0, 0);
    java.util.Arrays.fill(a, 0);
    tape.popRange(a, 0, 0);
    tape.popRange(a, 1, 3);
    assertEquals(java.util.List.of(0.0, 2.0, 3.0, 4.0, 0.0),
        java.util.Arrays.stream(a).boxed().toList());
    assertEquals(-1.0, tape.popDouble());
    assertEquals(0, tape.size());
  }

  @Test
  void reservingMakesRoomOnceAndStoresNothing() {
    Tape tape = new Tape();
    long before = tape.capacityBytes();
    tape.reserve(1000, 500);
    long reserved = tape.capacityBytes();
    assertEquals(0, tape.size());
    assertTrue(reserved >= before + 8 * (1000 - 16) + 4 * (500 - 16), "room for what was asked");
    for (int i = 0; i < 1000; i++) {
      tape.push((double) i);
    }
    for (int i = 0; i < 500; i++) {
      tape.push(i);
    }
    assertEquals(reserved, tape.capacityBytes(), "no growth after the reservation");
  }

  @Test
  void eachKindTakesItsOwnSize() {
    Tape tape = new Tape();
    long before = tape.capacityBytes();
    for (int i = 0; i < 1 << 12; i++) {
      tape.push(i % 3 == 0);
    }
    // 4096 decisions: a byte each, in an array that grew by doubling.
    assertTrue(tape.capacityBytes() - before <= 4096, "branch decisions are bytes, not longs");
  }

  @Test
  void eachExitLeavesTheTapeWhereItsEnterFoundIt() {
    Tape tape = new Tape();
    tape.enter();
    tape.push(1.0);
    tape.push(new double[] {1});
    tape.enter();
    tape.push(2.0);
    tape.push(3);
    tape.push(new double[] {2});
    tape.exit();
    assertEquals(2, tape.size(), "an inner call that failed halfway leaves the outer call's values");
    assertEquals(1.0, tape.popDouble());
    tape.exit();
    assertEquals(0, tape.size());
  }

  @Test
  void checkedPopsReadWhatTheirOwnSitePushed() {
    Tape tape = new Tape();
    tape.enter();
    tape.push(1.0, "A");
    tape.push(true, "B");
    tape.push(7, "C");
    tape.pushRange(new double[] {4, 5}, 0, 2, "R");
    double[] back = new double[2];
    tape.popRange(back, 0, 2, "R");
    assertEquals(7, tape.popInt("C"));
    assertTrue(tape.popBoolean("B"));
    assertEquals(1.0, tape.popDouble("A"));
    assertEquals(5.0, back[1]);
    tape.checkBalanced("m");
    tape.exit();
  }

  @Test
  void aMisorderedPopFailsLoudly() {
    Tape tape = new Tape();
    tape.push(1.0, "first");
    tape.push(2.0, "second");
    TapeDisciplineError e = assertThrows(TapeDisciplineError.class, () -> tape.popDouble("first"));
    assertTrue(e.getMessage().contains("a pop at first (double) would read the value pushed at second (double)"),
        e.getMessage());
  }

  @Test
  void aPopOfAnotherKindFailsLoudly() {
    Tape tape = new Tape();
    tape.push(1.0, "x");
    // Each kind has a stack of its own, so without the check this would read some other int.
    assertThrows(TapeDisciplineError.class, () -> tape.popInt("x"));
  }

  @Test
  void aCallReturningWithValuesLeftOverFailsTheBalanceCheck() {
    Tape tape = new Tape();
    tape.push(0.5, "outer");
    tape.enter();
    tape.push(1.0, "left behind");
    TapeDisciplineError e = assertThrows(TapeDisciplineError.class, () -> tape.checkBalanced("Foo.mVjp"));
    assertTrue(e.getMessage().contains("Foo.mVjp returns with 1 double value(s) more"), e.getMessage());
    tape.exit();
    assertEquals(0.5, tape.popDouble("outer"));
  }

  @Test
  void eachThreadHasItsOwnTape() throws InterruptedException {
    Tape mine = Tape.local();
    Tape[] other = new Tape[1];
    Thread t = new Thread(() -> other[0] = Tape.local());
    t.start();
    t.join();
    assertSame(mine, Tape.local());
    assertFalse(mine == other[0]);
    assertTrue(other[0] != null);
  }

  @Test
  void measureGivesEachKindsPeakAndThePeakInBytes() {
    Tape tape = Tape.local();
    tape.push(9.0); // held before the measurement: not counted
    TapeUsage usage = Tape.measure(() -> {
      for (int i = 0; i < 10; i++) {
        tape.push((double) i);
      }
      tape.push(3);
      tape.push(true);
      tape.push(new double[5]);
      for (int i = 0; i < 10; i++) {
        tape.popDouble();
      }
      // Ints peak later than doubles: the total peaked before.
      tape.push(4);
      tape.push(5);
      tape.popArray();
      tape.popBoolean();
      tape.popInt();
      tape.popInt();
      tape.popInt();
    });
    assertEquals(10, usage.doubles());
    assertEquals(3, usage.ints());
    assertEquals(1, usage.branches());
    assertEquals(1, usage.arrays());
    assertEquals(40, usage.arrayBytes());
    assertEquals(8 * 10 + 4 + 1 + 8 + 40, usage.peakBytes());
    assertEquals(9.0, tape.popDouble());
    assertTrue(usage.toString().startsWith("peak 133 B: 10 doubles (80 B)"), usage.toString());
  }

  @Test
  void aMeasurementInsideAnotherCountsForBoth() {
    Tape tape = Tape.local();
    TapeUsage[] inner = new TapeUsage[1];
    TapeUsage outer = Tape.measure(() -> {
      tape.push(1.0);
      inner[0] = Tape.measure(() -> {
        tape.push(2.0);
        tape.push(3.0);
        tape.popDouble();
        tape.popDouble();
      });
      tape.popDouble();
    });
    assertEquals(2, inner[0].doubles());
    assertEquals(3, outer.doubles());
    assertEquals(24, outer.peakBytes());
  }

  @Test
  void exitForgetsTheArraysACallLeft() {
    Tape tape = Tape.local();
    TapeUsage usage = Tape.measure(() -> {
      tape.enter();
      tape.push(new int[4]);
      tape.exit();
      tape.push(new int[2]);
      tape.popArray();
    });
    assertEquals(16, usage.arrayBytes(), "the first array's 16 bytes, not 16 + 8");
  }
}
