package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LargerStackTest {
  /** 1 + 1 + ... depth times, one frame a level. */
  private static int count(int depth) {
    return depth == 0 ? 0 : 1 + count(depth - 1);
  }

  @Test
  void runsWhatOverflowedOnALargerStack() {
    StackOverflowError overflow = new StackOverflowError();
    // Far deeper than a default stack of 1 MB holds, even compiled.
    assertEquals(3_000_000, LargerStack.retry(overflow, () -> count(3_000_000)));
    assertFalse(LargerStack.retrying());
  }

  @Test
  void throwsWhatTheSweepsThrow() {
    IllegalArgumentException thrown = new IllegalArgumentException("from the user's method");
    assertSame(thrown, assertThrows(IllegalArgumentException.class,
        () -> LargerStack.retry(new StackOverflowError(), () -> {
          throw thrown;
        })));
  }

  @Test
  void aRetryInsideARetryLeavesTheStackToTheOuterOne() {
    StackOverflowError inner = new StackOverflowError("inner");
    boolean[] sawRetrying = {false};
    assertEquals(1.0, LargerStack.retry(new StackOverflowError(), () -> {
      sawRetrying[0] = LargerStack.retrying();
      assertSame(inner, assertThrows(StackOverflowError.class, () -> LargerStack.retry(inner, () -> 2.0)));
      return 1.0;
    }));
    assertTrue(sawRetrying[0]);
  }
}
