package dev.adjoint.processor.frontend;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * Which methods of this compilation call which, as far as their source shows, to tell a call that
 * is part of a recursion (its callee calls its caller again, directly, through another method or
 * through a helper) from one that is not. Such calls run in split mode wherever they stand, so that
 * recursion of depth d costs O(d) rather than the O(d²) of re-running each level's callee.
 *
 * <p>Annotation processors run before javac attributes method bodies, so a call is resolved by
 * name and argument count, like {@code CalleeResolver#calledMethod}, but keeping every candidate:
 * an overload counted as called can only make a call split that need not be, which costs a tape
 * but never a wrong derivative. A call this misses (through a static import, a qualified name of
 * another package) stays in joint mode: correct, at the old cost.
 */
final class CallGraph {
  private final Elements elements;
  private final Trees trees;
  private final Map<ExecutableElement, Set<ExecutableElement>> calls = new HashMap<>();

  CallGraph(Elements elements, Trees trees) {
    this.elements = elements;
    this.trees = trees;
  }

  /** Whether {@code from}, run, may call {@code to} (through any number of calls, at least one). */
  boolean reaches(ExecutableElement from, ExecutableElement to) {
    Set<ExecutableElement> seen = new HashSet<>();
    Deque<ExecutableElement> work = new ArrayDeque<>(List.of(from));
    // An explicit work list: call chains of any length, no recursion in the processor.
    while (!work.isEmpty()) {
      for (ExecutableElement callee : callsOf(work.pop())) {
        if (callee.equals(to)) {
          return true;
        }
        if (seen.add(callee)) {
          work.push(callee);
        }
      }
    }
    return false;
  }

  /** Whether a recursion may run when {@code method} does: it, or a method it calls, calls itself again. */
  boolean reachesRecursion(ExecutableElement method) {
    Set<ExecutableElement> reachable = new LinkedHashSet<>(List.of(method));
    Deque<ExecutableElement> work = new ArrayDeque<>(reachable);
    while (!work.isEmpty()) {
      for (ExecutableElement callee : callsOf(work.pop())) {
        if (reachable.add(callee)) {
          work.push(callee);
        }
      }
    }
    return reachable.stream().anyMatch(m -> reaches(m, m));
  }

  private Set<ExecutableElement> callsOf(ExecutableElement method) {
    Set<ExecutableElement> known = calls.get(method);
    if (known != null) {
      return known;
    }
    Set<ExecutableElement> found = new LinkedHashSet<>();
    var path = trees.getPath(method);
    if (path != null) {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree t, Void unused) {
          found.addAll(candidates(method, t));
          return super.visitMethodInvocation(t, unused);
        }
      }.scan(path.getLeaf(), null);
    }
    calls.put(method, found);
    return found;
  }

  /**
   * The methods with source here that {@code call} in {@code caller} may call: {@code f(...)} in
   * {@code caller}'s class or the nearest enclosing one declaring an {@code f}, {@code
   * Owner.f(...)} in a class of the same package, with the call's argument count.
   */
  private List<ExecutableElement> candidates(ExecutableElement caller, MethodInvocationTree call) {
    return CallSites.candidates(elements, caller, call).stream().filter(m -> trees.getPath(m) != null).toList();
  }
}
