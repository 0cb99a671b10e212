package dev.adjoint.processor.codegen;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Names for the locals of a method the writer composes itself (a Hessian's or a Jacobian's loop),
 * fresh among the names it already has: its parameters, and the locals of code it writes in.
 */
final class LocalNames {
  private final Set<String> taken;

  LocalNames(Collection<String> taken) {
    this.taken = new HashSet<>(taken);
  }

  /** {@code base}, or {@code base2}, {@code base3}, ..., whichever is not taken yet; it is taken then. */
  String fresh(String base) {
    String candidate = base;
    for (int i = 2; taken.contains(candidate); i++) {
      candidate = base + i;
    }
    taken.add(candidate);
    return candidate;
  }
}
