package dev.adjoint.processor;

/**
 * Runs the processor's work on a thread of its own with a large stack, so that no stage needs
 * an explicit work stack to follow deep expressions: a sum of thousands of terms in one
 * expression (what symbolic code generators emit) is a tree thousands of levels deep, and the
 * front end, lowering and the analyses follow it recursively. javac's own thread has whatever
 * stack the build gave it (often 1 MB, enough for about a thousand levels of our recursion).
 *
 * <p>The stack is reserved address space, committed only as deep as the recursion really goes,
 * so an ordinary method costs nothing more. The caller waits for the thread, which is the only
 * one touching javac meanwhile; starting and joining it order the memory accesses of the two.
 * If the thread cannot be started (no address space for its stack), the work runs on the
 * caller's thread, as it did before: deep expressions then fail sooner, with the same error.
 */
final class LargeStack {
  /**
   * 1 GB of address space, touched only as deep as the recursion goes: javac's own attribution of
   * the user's method runs out of a build's usual stack long before the processor runs out of this.
   */
  static final long DEFAULT_BYTES = 1L << 30;

  private LargeStack() {}

  /** Runs {@code work} on a thread with a stack of {@code bytes} and waits for it; rethrows what it throws. */
  static void run(long bytes, Runnable work) {
    Throwable[] thrown = new Throwable[1];
    Thread thread = new Thread(null, () -> {
      try {
        work.run();
      } catch (Throwable t) {
        thrown[0] = t;
      }
    }, "adjoint-processor", bytes);
    thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    thread.setDaemon(true);
    try {
      thread.start();
    } catch (OutOfMemoryError noThread) {
      work.run();
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        // javac's thread must not go on while ours still uses javac: wait, and pass the interrupt on.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (thrown[0] instanceof RuntimeException e) {
      throw e;
    }
    if (thrown[0] instanceof Error e) {
      throw e;
    }
    if (thrown[0] != null) {
      throw new IllegalStateException(thrown[0]);
    }
  }
}
