package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.StackType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Walk;
import java.util.List;

/**
 * An estimate of the bytes of bytecode javac makes of IR statements, from the instructions each
 * node compiles to. It errs on the large side (a local's load or store is counted as the
 * two-byte form plus a share of the four-byte {@code wide} form that methods with many locals
 * need, and every comparison as a value rather than a branch), since it decides which generated
 * methods are cut into chunks to stay under HotSpot's limit for JIT compilation (8,000 bytes);
 * {@code LongMethodsTest} checks it against what javac writes around that budget.
 */
public final class BytecodeSize {
  /** A load or store of a local: {@code dload n} is 2 bytes, {@code wide dload n} 4. */
  private static final int LOCAL = 3;
  /** {@code ldc2_w}, {@code getstatic}, {@code invokestatic}, {@code getfield}: an opcode and a 2-byte index. */
  private static final int INDEXED = 3;
  /** A comparison as a value: compare, branch, push 1, jump, push 0. */
  private static final int COMPARISON = 9;
  /** The tape checker's site names, as {@code ldc_w}. */
  private static final int SITE = 3;

  private BytecodeSize() {}

  public static int of(List<Stmt> statements) {
    int total = 0;
    for (Stmt s : statements) {
      total += of(s);
    }
    return total;
  }

  public static int of(Stmt s) {
    if (s instanceof Stmt.Comment) {
      return 0;
    } else if (s instanceof Stmt.Declare d) {
      if (d.init() == null) {
        return d.var().type() instanceof StackType ? INDEXED + LOCAL : 0;
      }
      return of(d.init()) + LOCAL;
    } else if (s instanceof Stmt.Assign a) {
      return of(a.value()) + LOCAL + (a.compound() == null ? 0 : LOCAL + 2);
    } else if (s instanceof Stmt.Return r) {
      return of(r.value()) + 1;
    } else if (s instanceof Stmt.ArrayStore a) {
      return of(a.array()) + of(a.index()) + of(a.value()) + 1 + (a.compound() == null ? 0 : 3);
    } else if (s instanceof Stmt.If i) {
      return of(i.condition()) + 3 + of(i.then()) + (i.otherwise().isEmpty() ? 0 : 3 + of(i.otherwise()));
    } else if (s instanceof Stmt.Loop l) {
      return 2 * of(l.condition()) + 6 + of(l.body()) + of(l.update());
    } else if (s instanceof Stmt.Repeat r) {
      return of(r.times()) + 2 * LOCAL + 12 + of(r.body());
    } else if (s instanceof Stmt.Throw t) {
      int message = 0;
      for (Object part : t.message()) {
        message += part instanceof Expr e ? of(e) + 2 : INDEXED;
      }
      return 12 + message;
    } else if (s instanceof Stmt.Invoke i) {
      return of(i.call()) + 2;
    } else if (s instanceof Stmt.ForwardInvoke i) {
      return of(i.call()) + 2;
    } else if (s instanceof Stmt.Push p) {
      return LOCAL + of(p.value()) + SITE + INDEXED;
    } else if (s instanceof Stmt.PushRange p) {
      return LOCAL + of(p.array()) + of(p.from()) + of(p.count()) + SITE + INDEXED;
    } else if (s instanceof Stmt.PopRange p) {
      return LOCAL + of(p.array()) + of(p.from()) + of(p.count()) + SITE + INDEXED;
    } else if (s instanceof Stmt.Reserve r) {
      return LOCAL + of(r.doubles()) + of(r.ints()) + INDEXED;
    } else if (s instanceof Stmt.AdjointCall a) {
      // new, dup, invokespecial, astore; a field per array adjoint; the call and its dropped value.
      int size = 3 + 1 + INDEXED + LOCAL;
      for (Expr array : a.arrayAdjoints().values()) {
        size += LOCAL + of(array) + INDEXED;
      }
      for (Expr arg : a.call().args()) {
        size += of(arg);
      }
      return size + of(a.seed()) + LOCAL + (a.tape() == null ? 0 : LOCAL) + INDEXED + 1;
    } else if (s instanceof Stmt.AllocateOutput o) {
      return 2 * (LOCAL + INDEXED) + 3 + of(o.shapeOf()) + INDEXED + INDEXED;
    } else if (s instanceof Stmt.AddScaled a) {
      return of(a.target()) + of(a.scale()) + of(a.from()) + INDEXED;
    } else if (s instanceof Stmt.CopyInto c) {
      return of(c.from()) + of(c.to()) + INDEXED;
    } else if (s instanceof Stmt.RequireDistinct) {
      return 3 * INDEXED + 2 * LOCAL + INDEXED;
    } else if (s instanceof Stmt.AccumulateOutput o) {
      return LOCAL + 1 + INDEXED + of(o.value()) + 1 + INDEXED;
    } else if (s instanceof Stmt.SetField f) {
      return LOCAL + of(f.value()) + INDEXED;
    } else if (s instanceof Stmt.CallChunk c) {
      return 2 * LOCAL + INDEXED;
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      return 3;
    }
    // A statement kind added later: count what it evaluates, and a call.
    int size = INDEXED;
    for (Expr e : Walk.allExpressions(s)) {
      size += of(e);
    }
    return size;
  }

  public static int of(Expr e) {
    if (e instanceof Expr.Constant c) {
      return constant(c);
    } else if (e instanceof Expr.Read) {
      return LOCAL;
    } else if (e instanceof Expr.Binary b) {
      int operands = of(b.left()) + of(b.right());
      if (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR) {
        return operands + 3 + COMPARISON;
      }
      return operands + (b.op().isArithmetic() ? 1 : COMPARISON);
    } else if (e instanceof Expr.Unary u) {
      return of(u.operand()) + (u.op() == UnaryOp.NOT ? COMPARISON - 1 : 1);
    } else if (e instanceof Expr.Cast c) {
      return of(c.operand()) + 2;
    } else if (e instanceof Expr.Conditional c) {
      return of(c.condition()) + 3 + of(c.ifTrue()) + 3 + of(c.ifFalse());
    } else if (e instanceof Expr.Field || e instanceof Expr.OutputField) {
      return LOCAL + INDEXED;
    } else if (e instanceof Expr.StaticField) {
      return INDEXED;
    } else if (e instanceof Expr.Pop p) {
      return LOCAL + SITE + INDEXED + (p.type().isArray() ? INDEXED : 0);
    } else if (e instanceof Expr.NewObject) {
      return 3 + 1 + INDEXED;
    } else if (e instanceof Expr.ArrayLiteral l) {
      int size = 3 + 2;
      for (Expr element : l.elements()) {
        size += 1 + 3 + of(element) + 1;
      }
      return size;
    } else if (e instanceof Expr.Component c) {
      return of(c.record()) + INDEXED;
    }
    // Calls, array reads and allocations: their operands and one instruction with an index.
    int size = e instanceof Expr.ArrayRead || e instanceof Expr.Length ? 1 : INDEXED + 1;
    for (Expr child : Walk.children(e)) {
      size += of(child);
    }
    if (e instanceof Expr.ForwardCall) {
      size += LOCAL;
    }
    return size;
  }

  private static int constant(Expr.Constant c) {
    String java = c.java();
    if (c.type() == Primitive.BOOLEAN || java.equals("null")) {
      return 1;
    }
    if (c.type() == Primitive.INT) {
      try {
        int v = Integer.parseInt(java);
        return v >= -1 && v <= 5 ? 1 : v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE ? 2 : 3;
      } catch (NumberFormatException named) {
        return 3;
      }
    }
    return c.isDoubleValue(0.0) || c.isDoubleValue(1.0) ? 1 : 3;
  }
}
