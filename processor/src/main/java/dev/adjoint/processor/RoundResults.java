package dev.adjoint.processor;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.VjpFunction;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * The differentiated methods of one round, by class, and which classes may be written: none
 * with a failed method, and none that calls into a class that is not written, since its
 * generated code would not compile.
 */
final class RoundResults {
  private final Map<TypeElement, List<VjpFunction>> done = new LinkedHashMap<>();
  private final Set<TypeElement> failed = new HashSet<>();

  void add(TypeElement owner, VjpFunction vjp) {
    done.computeIfAbsent(owner, k -> new ArrayList<>()).add(vjp);
  }

  void failed(TypeElement owner) {
    failed.add(owner);
  }

  Map<TypeElement, List<VjpFunction>> writable() {
    Set<String> blocked = new HashSet<>();
    failed.forEach(t -> blocked.add(t.getQualifiedName().toString()));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (var entry : done.entrySet()) {
        String name = entry.getKey().getQualifiedName().toString();
        if (!blocked.contains(name) && callsInto(entry.getValue(), blocked)) {
          blocked.add(name);
          changed = true;
        }
      }
    }
    Map<TypeElement, List<VjpFunction>> writable = new LinkedHashMap<>(done);
    writable.keySet().removeIf(t -> blocked.contains(t.getQualifiedName().toString()));
    return writable;
  }

  private static boolean callsInto(List<VjpFunction> functions, Set<String> classes) {
    boolean[] calls = {false};
    for (VjpFunction f : functions) {
      Walk.statements(f.primal().body(), s -> {
        for (Expr e : Walk.expressions(s)) {
          calls[0] |= callsInto(e, classes);
        }
      });
    }
    return calls[0];
  }

  private static boolean callsInto(Expr e, Set<String> classes) {
    if (e instanceof Expr.Call c && classes.contains(c.callee().owner().qualifiedName())) {
      return true;
    }
    return Derivatives.children(e).stream().anyMatch(child -> callsInto(child, classes));
  }


}
