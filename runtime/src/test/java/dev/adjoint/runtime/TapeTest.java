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
