package dev.adjoint.processor;

import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.HvpFunction;
import dev.adjoint.processor.ir.JvpFunction;
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
  /** Forward mode's products, by class, with the JVPs of this round each one calls. */
  private final Map<TypeElement, List<JvpFunction>> jvps = new LinkedHashMap<>();
  private final Map<JvpFunction, Set<String>> jvpCalls = new java.util.HashMap<>();

  /** @param calls the callees, as "Owner.m", whose {@code mJvp} this round must also write */
  void addJvp(TypeElement owner, JvpFunction jvp, Set<String> calls) {
    jvps.computeIfAbsent(owner, k -> new ArrayList<>()).add(jvp);
    jvpCalls.put(jvp, calls);
  }

  /**
   * The JVPs to write into the classes {@code written}: none calling a JVP that is not written
   * (its method failed, or forward mode does not handle it), so the generated code compiles.
   */
  Map<TypeElement, List<JvpFunction>> writableJvps(Set<TypeElement> written) {
    Map<TypeElement, List<JvpFunction>> result = new LinkedHashMap<>();
    jvps.forEach((owner, list) -> {
      if (written.contains(owner)) {
        result.put(owner, new ArrayList<>(list));
      }
    });
    boolean changed = true;
    while (changed) {
      Set<String> present = new HashSet<>();
      result.values().forEach(list -> list.forEach(j -> present.add(key(j.primal()))));
      changed = false;
      for (List<JvpFunction> list : result.values()) {
        changed |= list.removeIf(j -> !present.containsAll(jvpCalls.get(j)));
      }
    }
    return result;
  }

  /** Second-order members of one method (its VJP's tangent, and its VJP-in-out's if it has one). */
  private record Hvps(List<HvpFunction> functions, Set<String> jvpCalls, Set<String> hvpCalls) {}

  private final Map<TypeElement, List<Hvps>> hvps = new LinkedHashMap<>();

  /**
   * @param jvpCalls the methods, as "p.Owner.m", whose {@code mJvp} this round must also write
   * @param hvpCalls those whose second-order members it must also write
   */
  void addHvps(TypeElement owner, List<HvpFunction> functions, Set<String> jvpCalls, Set<String> hvpCalls) {
    hvps.computeIfAbsent(owner, k -> new ArrayList<>()).add(new Hvps(functions, jvpCalls, hvpCalls));
  }

  /**
   * The second-order members to write, given the JVPs written: none needing a JVP or another
   * method's second-order members that are not written.
   */
  Map<TypeElement, List<HvpFunction>> writableHvps(Map<TypeElement, List<JvpFunction>> jvpsWritten) {
    Set<String> jvpPresent = new HashSet<>();
    jvpsWritten.values().forEach(list -> list.forEach(j -> jvpPresent.add(key(j.primal()))));
    Map<TypeElement, List<Hvps>> result = new LinkedHashMap<>();
    hvps.forEach((owner, list) -> {
      if (jvpsWritten.containsKey(owner)) {
        List<Hvps> kept = new ArrayList<>(list);
        kept.removeIf(h -> !jvpPresent.containsAll(h.jvpCalls()));
        result.put(owner, kept);
      }
    });
    boolean changed = true;
    while (changed) {
      Set<String> present = new HashSet<>();
      result.values().forEach(list -> list.forEach(h -> present.add(key(h.functions().get(0).primal()))));
      changed = false;
      for (List<Hvps> list : result.values()) {
        changed |= list.removeIf(h -> !present.containsAll(h.hvpCalls()));
      }
    }
    Map<TypeElement, List<HvpFunction>> functions = new LinkedHashMap<>();
    result.forEach((owner, list) -> list.forEach(h ->
        functions.computeIfAbsent(owner, k -> new ArrayList<>()).addAll(h.functions())));
    return functions;
  }

  static String key(dev.adjoint.processor.ir.Function f) {
    return key(f.owner(), f.name());
  }

  /** How a method is named among the JVPs of a round: "p.Owner.m". */
  static String key(dev.adjoint.processor.ir.TypeRef owner, String method) {
    return owner.qualifiedName() + "." + method;
  }

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
