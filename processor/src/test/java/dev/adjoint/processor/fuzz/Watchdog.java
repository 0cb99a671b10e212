package dev.adjoint.processor.fuzz;

import java.util.concurrent.Callable;

/**
 * Runs generated code on a thread of its own with a deadline: a processor fault can make a
 * gradient loop forever, and the fuzzer must report that rather than hang. A fresh thread per
 * call also gives each check a fresh thread-local tape.
 */
final class Watchdog {
  private Watchdog() {}

  /** The outcome: the value, or what it threw, or null for both when the deadline passed. */
  record Outcome<T>(T value, Throwable thrown, boolean timedOut) {}

  @SuppressWarnings({"deprecation", "removal"})
  static <T> Outcome<T> run(Callable<T> work, long millis) {
    Object[] box = new Object[2];
    Thread t =
        new Thread(
            () -> {
              try {
                box[0] = work.call();
              } catch (Throwable e) {
                box[1] = e;
              }
            },
            "fuzz-check");
    t.setDaemon(true);
    t.start();
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      // Generated code in an endless loop never checks for interruption: stop it (JDK 17 still
      // can; the thread holds no lock of ours).
      t.stop();
      return new Outcome<>(null, null, true);
    }
    @SuppressWarnings("unchecked")
    T value = (T) box[0];
    return new Outcome<>(value, (Throwable) box[1], false);
  }
}
