package dev.adjoint.runtime;

import java.util.function.Supplier;

/**
 * Runs a gradient call again, on a thread of its own with a larger stack, after it overflowed the
 * caller's. Generated code only: the public entry of a method below which a recursion runs catches
 * the {@link StackOverflowError} of its sweeps and hands them here.
 *
 * <p>Why: a recursion's {@code mForward} and {@code mReverse} frames hold more than the primal's
 * (the tape, the seed, the adjoints; measured 2 to 3 times the primal's frame once compiled), so a
 * recursion the primal survives can overflow in the gradient. Rather than make every gradient call
 * pay for a thread, only a call that overflowed does: its cost is the aborted attempt (O(depth)
 * like the sweeps themselves) and the thread. The entry makes sure the aborted attempt left nothing
 * behind: the tape is restored by its own {@code exit()}, and the caller's adjoint is only added
 * to once the sweeps are done.
 *
 * <p>The stack grows by a factor of 8 from 256 MB (reserved address space: the pages are only
 * committed as the recursion touches them) until the sweeps fit, or a thread that large cannot be
 * made, in which case the original overflow is thrown. A call nested in one being retried (the
 * joint call of another such method) does not start threads of its own: its overflow goes up to
 * the retry, which grows the stack for the whole.
 */
public final class LargerStack {
  private static final long FIRST = 256L << 20;
  private static final long LAST = 16L << 30;
  private static final ThreadLocal<Boolean> RETRYING = ThreadLocal.withInitial(() -> false);

  private LargerStack() {}

  /**
   * The value of {@code sweeps}, run on a thread with a larger stack (boxed: this is the rare
   * path); what they throw is thrown here. {@code overflow} is the caller's, thrown again when no stack is large enough.
   */
  public static <T> T retry(StackOverflowError overflow, Supplier<T> sweeps) {
    if (RETRYING.get()) {
      throw overflow;
    }
    for (long size = FIRST; size <= LAST; size *= 8) {
      Attempt<T> attempt = new Attempt<>(sweeps);
      Thread thread;
      try {
        thread = new Thread(null, attempt, "adjoint-larger-stack", size);
        thread.setDaemon(true);
        thread.start();
      } catch (OutOfMemoryError noThread) {
        break;
      }
      joinUninterruptibly(thread);
      if (attempt.failure instanceof StackOverflowError) {
        continue;
      }
      if (attempt.failure instanceof RuntimeException) {
        throw (RuntimeException) attempt.failure;
      }
      if (attempt.failure instanceof Error) {
        throw (Error) attempt.failure;
      }
      return attempt.value;
    }
    throw overflow;
  }

  /** Whether this thread runs a retry: for tests. */
  public static boolean retrying() {
    return RETRYING.get();
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sweeps on the larger stack; read by the caller after join(), which orders the writes. */
  private static final class Attempt<T> implements Runnable {
    private final Supplier<T> sweeps;
    private T value;
    private Throwable failure;

    Attempt(Supplier<T> sweeps) {
      this.sweeps = sweeps;
    }

    @Override
    public void run() {
      RETRYING.set(true);
      try {
        value = sweeps.get();
      } catch (Throwable t) {
        failure = t;
      }
    }
  }
}
