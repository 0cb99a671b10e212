package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.Ast.*;
import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a failing program to a small one that still fails the same oracle: greedy passes of
 * edits, each tried on a copy and kept when the test still fails, repeated until no edit helps
 * or the time is up. Deterministic: edits are tried in traversal order.
 *
 * <p>Edits: delete runs of statements (halves first, then single ones); replace an if by its
 * then or else branch, drop an else; replace a loop by one pass of its body; drop a switch case;
 * replace a double expression by one of its double operands or by 0.5; replace a condition of an
 * if or ?: by one of its operands, or by one that is always true or always false; lower literal loop bounds to 1. Statements the
 * generator marked {@code keep} (a method's last return, a while loop's guard step) are never
 * deleted, and no edit touches loop conditions, indices or array sizes, so every candidate
 * still terminates and stays in bounds; candidates that are not valid Java are rejected by the
 * test (it compiles them).
 */
final class Shrinker {

  /** Whether a candidate still fails the way the original did. */
  interface Test {
    boolean stillFails(Program candidate);
  }

  private final Test test;
  private final String target;
  private final long deadline;
  private Program current;
  private String currentText;
  int attempts;
  int accepted;
  boolean timedOut;

  Shrinker(Test test, String target, long millis) {
    this.test = test;
    this.target = target;
    this.deadline = System.currentTimeMillis() + millis;
  }

  Program shrink(Program start) {
    current = Units.closure(start, List.of(target));
    currentText = Printer.program(current);
    boolean progress = true;
    while (progress && !timeUp()) {
      progress = deleteStatements();
      progress |= structural();
      progress |= simplifyExpressions();
      progress |= lowerBounds();
    }
    timedOut = timeUp();
    return current;
  }

  private boolean timeUp() {
    return System.currentTimeMillis() > deadline;
  }

  private boolean attempt(Program candidate) {
    if (timeUp()) {
      return false;
    }
    Program c = Units.closure(candidate, List.of(target));
    String text = Printer.program(c);
    if (text.equals(currentText)) {
      return false;
    }
    attempts++;
    if (test.stillFails(c)) {
      current = c;
      currentText = text;
      accepted++;
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- statements

  /** Every block of the program's methods (target first), outer blocks before inner ones. */
  private List<Block> blocks(Program p) {
    List<Block> out = new ArrayList<>();
    for (Method m : ordered(p)) {
      collectBlocks(m.body, out);
    }
    return out;
  }

  private List<Method> ordered(Program p) {
    List<Method> out = new ArrayList<>();
    out.add(p.method(target));
    for (Method m : p.methods) {
      if (!m.name.equals(target)) {
        out.add(m);
      }
    }
    return out;
  }

  private static void collectBlocks(Stmt s, List<Block> out) {
    if (s instanceof Block b) {
      out.add(b);
      for (Stmt c : b.stmts) {
        collectBlocks(c, out);
      }
      return;
    }
    for (Block b : s.blocks()) {
      collectBlocks(b, out);
    }
    if (s instanceof If i && i.els instanceof If elseIf) {
      collectBlocks(elseIf, out);
    }
  }

  private boolean deleteStatements() {
    boolean any = false;
    for (int bi = 0; bi < blocks(current).size() && !timeUp(); bi++) {
      int size = blocks(current).get(bi).stmts.size();
      int chunk = Math.max(1, size / 2);
      while (chunk >= 1 && !timeUp()) {
        boolean removed = false;
        int n = blocks(current).size() > bi ? blocks(current).get(bi).stmts.size() : 0;
        for (int from = n - chunk; from >= 0 && !timeUp(); from -= chunk) {
          Program c = current.copy();
          List<Block> bs = blocks(c);
          if (bi >= bs.size()) {
            break;
          }
          List<Stmt> stmts = bs.get(bi).stmts;
          if (from + chunk > stmts.size() || anyKept(stmts.subList(from, from + chunk))) {
            continue;
          }
          stmts.subList(from, from + chunk).clear();
          if (attempt(c)) {
            removed = true;
            any = true;
          }
        }
        if (!removed) {
          chunk /= 2;
        }
      }
    }
    return any;
  }

  private static boolean anyKept(List<Stmt> ss) {
    for (Stmt s : ss) {
      if (s.keep) {
        return true;
      }
    }
    return false;
  }

  /** if -> branch, drop else, loop -> one pass of its body, drop a switch case. */
  private boolean structural() {
    boolean any = false;
    for (int bi = 0; bi < blocks(current).size() && !timeUp(); bi++) {
      for (int si = 0; si < sizeOf(bi) && !timeUp(); si++) {
        for (int variant = 0; variant < 8 && !timeUp(); variant++) {
          Program c = current.copy();
          List<Block> bs = blocks(c);
          if (bi >= bs.size() || si >= bs.get(bi).stmts.size()) {
            break;
          }
          List<Stmt> stmts = bs.get(bi).stmts;
          Stmt s = stmts.get(si);
          if (!rewrite(stmts, si, s, variant)) {
            continue;
          }
          if (attempt(c)) {
            any = true;
          }
        }
      }
    }
    return any;
  }

  private int sizeOf(int bi) {
    List<Block> bs = blocks(current);
    return bi < bs.size() ? bs.get(bi).stmts.size() : 0;
  }

  /** Applies structural edit {@code variant} to statement {@code si}; false if none applies. */
  private static boolean rewrite(List<Stmt> stmts, int si, Stmt s, int variant) {
    if (s instanceof If i) {
      switch (variant) {
        case 0 -> {
          stmts.remove(si);
          stmts.addAll(si, i.then.stmts);
          return true;
        }
        case 1 -> {
          if (i.els == null) {
            return false;
          }
          stmts.remove(si);
          if (i.els instanceof Block b) {
            stmts.addAll(si, b.stmts);
          } else {
            stmts.add(si, i.els);
          }
          return true;
        }
        case 2 -> {
          if (i.els == null) {
            return false;
          }
          i.els = null;
          return true;
        }
        default -> {
          return false;
        }
      }
    }
    if (s instanceof Block b && variant == 0) {
      // A bare block (what unwrapping a loop leaves) gives its statements to its parent: the
      // generator's names are unique, so nothing clashes.
      stmts.remove(si);
      stmts.addAll(si, b.stmts);
      return true;
    }
    if (s instanceof Loop l && variant == 0) {
      List<Stmt> body = new ArrayList<>();
      if (l instanceof For f) {
        body.add(f.init);
      } else if (l instanceof ForEach) {
        return false;
      }
      body.addAll(l.body.stmts);
      stmts.set(si, new Block(body));
      return true;
    }
    if (s instanceof Switch sw && variant < sw.cases.size() && sw.cases.size() > 1) {
      sw.cases.remove(variant);
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- expressions

  /** A place holding an expression that may be replaced. */
  private record Slot(Object holder, int index, Expr expr, boolean conditionOk) {
    void set(Expr e) {
      if (holder instanceof Expr p) {
        p.setKid(index, e);
      } else {
        ((Stmt) holder).setExpr(index, e);
      }
    }
  }

  private List<Slot> slots(Program p) {
    List<Slot> out = new ArrayList<>();
    for (Method m : ordered(p)) {
      stmtSlots(m.body, out);
    }
    return out;
  }

  private static void stmtSlots(Stmt s, List<Slot> out) {
    if (!(s instanceof For)) {
      List<Expr> es = s.exprs();
      for (int i = 0; i < es.size(); i++) {
        exprSlots(s, i, es.get(i), s instanceof If, out);
      }
    }
    for (Stmt c : Units.children(s)) {
      stmtSlots(c, out);
    }
  }

  private static void exprSlots(Object holder, int index, Expr e, boolean conditionOk, List<Slot> out) {
    out.add(new Slot(holder, index, e, conditionOk));
    List<Expr> kids = e.kids();
    for (int k = 0; k < kids.size(); k++) {
      if ((e instanceof Assign || e instanceof Step) && k == 0) {
        continue; // an assignment's target stays a variable
      }
      boolean condOk =
          (e instanceof Cond && k == 0)
              || (conditionOk && e instanceof Binary b && (b.op.equals("&&") || b.op.equals("||")))
              || (conditionOk && e instanceof Unary u && u.op.equals("!"));
      exprSlots(e, k, kids.get(k), condOk, out);
    }
  }

  /** The replacements tried for an expression, smallest change last. */
  private static List<Expr> replacements(Slot s) {
    List<Expr> out = new ArrayList<>();
    Expr e = s.expr();
    if (e.ty == Ty.DOUBLE) {
      if (e instanceof Cond c) {
        out.add(c.args.get(1).copy());
        out.add(c.args.get(2).copy());
      }
      for (Expr k : e.kids()) {
        if (k.ty == Ty.DOUBLE && !(e instanceof Cond)) {
          out.add(k.copy());
        }
      }
      if (!(e instanceof Lit l && (l.text.equals("0.5") || l.text.equals("1.0")))) {
        out.add(new Lit(Ty.DOUBLE, "0.5"));
      }
    } else if (e.ty == Ty.BOOLEAN && s.conditionOk()) {
      for (Expr k : e.kids()) {
        if (k.ty == Ty.BOOLEAN) {
          out.add(k.copy());
        }
      }
      // Always true or false, but not compile-time constants: javac's definite assignment
      // treats `if (true)` specially, which would lead to programs nobody writes.
      if (!(e instanceof Lit)) {
        out.add(new Lit(Ty.BOOLEAN, "Math.sqrt(2.0) > 1"));
        out.add(new Lit(Ty.BOOLEAN, "Math.sqrt(2.0) < 1"));
      }
    }
    return out;
  }

  private boolean simplifyExpressions() {
    boolean any = false;
    for (int si = 0; si < slots(current).size() && !timeUp(); si++) {
      List<Expr> options = replacements(slots(current).get(si));
      for (int o = 0; o < options.size() && !timeUp(); o++) {
        Program c = current.copy();
        List<Slot> ss = slots(c);
        if (si >= ss.size()) {
          break;
        }
        List<Expr> opts = replacements(ss.get(si));
        if (o >= opts.size()) {
          break;
        }
        ss.get(si).set(opts.get(o));
        if (attempt(c)) {
          any = true;
          break; // the slot now holds something else: its options changed
        }
      }
    }
    return any;
  }

  // ---------------------------------------------------------------- loop bounds

  private List<Lit> bounds(Program p) {
    List<Lit> out = new ArrayList<>();
    for (Method m : ordered(p)) {
      Units.visit(m.body, e -> {
        if (e instanceof Lit l && l.bound && !l.text.equals("1")) {
          out.add(l);
        }
      });
    }
    return out;
  }

  private boolean lowerBounds() {
    boolean any = false;
    for (int i = 0; i < bounds(current).size() && !timeUp(); i++) {
      Program c = current.copy();
      List<Lit> ls = bounds(c);
      if (i >= ls.size()) {
        break;
      }
      ls.get(i).text = "1";
      if (attempt(c)) {
        any = true;
        i--; // the list lost this entry
      }
    }
    return any;
  }
}
