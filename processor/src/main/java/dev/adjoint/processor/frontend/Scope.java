package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The variables visible at a point of the method body. Java forbids a local from shadowing
 * another local, but sibling blocks may reuse a name; such a later local gets a fresh IR name so
 * that names stay unique within a function.
 */
final class Scope {
  private final Deque<Map<String, Var>> blocks = new ArrayDeque<>();
  private final Set<String> usedNames = new HashSet<>();

  Scope() {
    blocks.push(new HashMap<>());
  }

  void enterBlock() {
    blocks.push(new HashMap<>());
    records.push(new HashMap<>());
  }

  void exitBlock() {
    blocks.pop();
    records.pop();
  }

  Var lookup(String name) {
    for (Map<String, Var> block : blocks) {
      Var v = block.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** An IR name for a new variable the user called {@code name}. */
  String freshName(String name) {
    String candidate = name;
    for (int i = 2; usedNames.contains(candidate); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }

  /**
   * A variable the front end introduces (the old value of {@code x} in {@code x++}, a loop
   * counter of a for-each loop): a fresh name no user local of the method had so far, and
   * invisible to name lookup, so the user's own names keep resolving as before. A user local
   * declared later with the same name is renamed instead.
   */
  Var temporary(String base, dev.adjoint.processor.ir.Type type) {
    Var v = new Var(freshName(base), type, Var.Role.LOCAL, false);
    usedNames.add(v.name());
    return v;
  }

  /** Temporaries holding a new array the front end made (a copy), which nothing else refers to. */
  private final Set<Var> newArrays = new HashSet<>();

  /** A temporary of {@code type} for a new array the front end makes, held nowhere else. */
  Var newArray(String base, dev.adjoint.processor.ir.Type type) {
    Var v = temporary(base, type);
    newArrays.add(v);
    return v;
  }

  /** Whether {@code v} is one of {@link #newArray}'s temporaries. */
  boolean isNewArray(Var v) {
    return newArrays.contains(v);
  }

  /** The variables the user declared {@code float}: the IR carries them in doubles (see {@link Floats}). */
  private final Set<Var> floats = new HashSet<>();
  /** Float literals and fields, by identity: the IR writes them as doubles of the same value. */
  private final Set<dev.adjoint.processor.ir.Expr> floatLeaves =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** A value of a record type, held component by component in variables of its own. */
  record RecordValue(javax.lang.model.element.TypeElement type, Map<String, Var> components) {}

  private final Deque<Map<String, RecordValue>> records = new ArrayDeque<>();

  {
    records.push(new HashMap<>());
  }

  void declareRecord(String name, RecordValue value) {
    usedNames.add(name);
    records.peek().put(name, value);
  }

  /** The record a name refers to, if it refers to one. */
  RecordValue lookupRecord(String name) {
    if (lookup(name) != null) {
      return null;
    }
    for (Map<String, RecordValue> block : records) {
      RecordValue v = block.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  void markFloat(Var v) {
    floats.add(v);
  }

  boolean isFloat(Var v) {
    return floats.contains(v);
  }

  /** {@code leaf}, remembered as a float value. */
  dev.adjoint.processor.ir.Expr floatLeaf(dev.adjoint.processor.ir.Expr leaf) {
    floatLeaves.add(leaf);
    return leaf;
  }

  boolean isFloatLeaf(dev.adjoint.processor.ir.Expr e) {
    return floatLeaves.contains(e);
  }

  void declare(String sourceName, Var var) {
    usedNames.add(var.name());
    blocks.peek().put(sourceName, var);
  }
}
