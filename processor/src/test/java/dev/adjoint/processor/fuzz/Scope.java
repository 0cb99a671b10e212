package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.Ty;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The variables visible while generating, with what the generator knows of their values: enough
 * to keep every generated program free of exceptions (array indices in range) and terminating
 * (loop counters are never written in their loop).
 */
final class Scope {

  /** Minimum length of every array the generator makes or receives. */
  static final int MIN_LENGTH = 3;

  static final class Var {
    final String name;
    final Ty ty;
    /** May be the target of an assignment (not a loop counter, final, or array variable). */
    boolean assignable = true;
    /** A @NoDerivative parameter: passed only where an inactive value is expected. */
    boolean inactive;

    // ints: what is known of the range, for indexing
    boolean nonneg;
    /** Exclusive upper bound, when a constant (0 = unknown). */
    int ubConst;
    /** Exclusive upper bound is the length of arrays of this group (null = unknown). */
    String ubGroup;
    /** A counter starting at 1: {@code i - 1} is also in range. */
    boolean startsAtOne;
    /** An int that may be stepped with ++ / += (counters that only grow, so stay nonneg). */
    boolean steppable;

    // arrays: the length group of the array (1D) or of its rows (2D), and of its columns (2D)
    String group;
    String colGroup;
    /** Writing into it writes into the caller's argument (v, m, a row of m). */
    boolean paramDerived;
    /** A helper's array parameter that the helper must not write. */
    boolean readOnly;
    /**
     * The variable whose array this one refers to (a row alias refers to its matrix), so the
     * generator never passes two names of one array to a call: aliasing between arguments is
     * not what the fuzzer is after.
     */
    String origin;

    String origin() {
      return origin != null ? origin : name;
    }

    Var(String name, Ty ty) {
      this.name = name;
      this.ty = ty;
    }

    boolean isArray() {
      return ty == Ty.DARR || ty == Ty.DARR2 || ty == Ty.IARR;
    }
  }

  private final Deque<List<Var>> frames = new ArrayDeque<>();

  Scope() {
    push();
  }

  void push() {
    frames.push(new ArrayList<>());
  }

  void pop() {
    frames.pop();
  }

  Var add(Var v) {
    frames.peek().add(v);
    return v;
  }

  List<Var> all(Predicate<Var> p) {
    List<Var> out = new ArrayList<>();
    for (List<Var> f : frames) {
      for (Var v : f) {
        if (p.test(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  Var find(String name) {
    for (List<Var> f : frames) {
      for (Var v : f) {
        if (v.name.equals(name)) {
          return v;
        }
      }
    }
    return null;
  }

  /** Shortest length an array of {@code group} can have. */
  static int minLength(String group) {
    if (group != null && group.startsWith("K")) {
      return Integer.parseInt(group.substring(1));
    }
    return MIN_LENGTH;
  }

  /** Whether int variable {@code i} is surely a valid index of arrays of {@code group}. */
  static boolean indexes(Var i, String group) {
    if (!i.nonneg) {
      return false;
    }
    if (i.ubConst > 0 && i.ubConst <= minLength(group)) {
      return true;
    }
    return i.ubGroup != null && i.ubGroup.equals(group);
  }
}
