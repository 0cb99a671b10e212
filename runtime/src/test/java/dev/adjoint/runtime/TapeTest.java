package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
  void theOutermostExitDropsWhatAnExceptionLeft() {
    Tape tape = new Tape();
    tape.enter();
    tape.push(1.0);
    tape.enter();
    tape.push(2.0);
    tape.exit();
    assertEquals(2, tape.size(), "an inner exit leaves the outer call's values");
    tape.exit();
    assertEquals(0, tape.size());
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
}
