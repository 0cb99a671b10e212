package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A statement. {@code source} is how the user wrote it (for comments in generated code), empty
 * for statements a transformation introduced.
 */
public sealed interface Stmt {
  String source();

  /** {@code T var = init;} or, with {@code init == null}, {@code T var;}. */
  record Declare(Var var, Expr init, String source) implements Stmt {}

  /**
   * {@code var = value;} or, with a {@code compound} operator, {@code var op= value;} (which, like
   * Java, narrows the result to the variable's type).
   */
  record Assign(Var var, BinaryOp compound, Expr value, String source) implements Stmt {
    /** The value assigned, as an expression of the old values. */
    public Expr rhs() {
      return compound == null ? value : new Expr.Binary(compound, new Expr.Read(var), value, var.type());
    }
  }

  record Return(Expr value, String source) implements Stmt {}

  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, String source) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** A comment line in generated code, e.g. the primal statement above its adjoint. */
  record Comment(String text) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** {@code adjoint.field += value;}: hands a parameter's adjoint to the caller's storage. */
  record AccumulateOutput(String field, Expr value) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }
}
