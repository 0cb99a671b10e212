package dev.adjoint.processor;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.ProblemException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The member names one {@code _Grad} class gives out, so that two methods (overloads, or
 * {@code loss} next to {@code Loss}, or {@code f} next to {@code fVjp}) never generate clashing
 * members: the later one is rejected with a clear error instead.
 */
final class GeneratedNames {
  private final Map<String, String> claimedBy = new HashMap<>();

  void claim(Function f) {
    List<String> names = new java.util.ArrayList<>(List.of(f.name(), Names.vjpMethodName(f.name()),
        Names.gradientRecordName(f.name()), Names.adjointClassName(f.name()),
        Names.forwardMethodName(f.name()), Names.reverseMethodName(f.name())));
    if (f.recordResult() != null) {
      names.add(Names.recordResultMethodName(f.name()));
    }
    for (String name : names) {
      String other = claimedBy.get(name.toLowerCase(java.util.Locale.ROOT));
      if (other != null) {
        throw new ProblemException(f.origin(), Message.DUPLICATE_NAME, other, f.name(), name);
      }
    }
    names.forEach(name -> claimedBy.put(name.toLowerCase(java.util.Locale.ROOT), f.name()));
  }
}
