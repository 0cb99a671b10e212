package dev.adjoint.processor.ir;

import java.util.List;

/**
 * An expression. Expressions have no side effects (assignments are statements), so a
 * transformation may evaluate one again, drop it or move it.
 */
public sealed interface Expr {
  Type type();

  /** A literal or a named compile-time constant, spelled as Java, e.g. {@code 0.5} or {@code Math.PI}. */
  record Constant(Type type, String java) implements Expr {
    public static Constant ofDouble(double value) {
      return new Constant(Primitive.DOUBLE, Double.toString(value));
    }

    public static Constant ofInt(int value) {
      return new Constant(Primitive.INT, Integer.toString(value));
    }

    public boolean isDoubleValue(double value) {
      try {
        return Double.parseDouble(java) == value;
      } catch (NumberFormatException notANumber) {
        return false;
      }
    }
  }

  /** A {@code static final} field read by name, e.g. {@code Model.RATE}. */
  /**
   * {@code Owner.name}. With {@code copy} (not null), a private table of the user's class that
   * the generated class {@code owner} holds a copy of, initialised by the Java text {@code copy}.
   */
  record StaticField(TypeRef owner, String name, Type type, String copy) implements Expr {
    public StaticField(TypeRef owner, String name, Type type) {
      this(owner, name, type, null);
    }
  }

  record Read(Var var) implements Expr {
    @Override
    public Type type() {
      return var.type();
    }
  }

  record Unary(UnaryOp op, Expr operand) implements Expr {
    @Override
    public Type type() {
      return op == UnaryOp.NOT ? Primitive.BOOLEAN : operand.type();
    }
  }

  record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {}

  record Cast(Primitive type, Expr operand) implements Expr {}

  record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, Type type) implements Expr {}

  /**
   * A call of a static method of {@code java.lang.Math} or {@code StrictMath} that has a
   * derivative rule; {@code owner} is {@code Math} or {@code StrictMath}. Or, with a {@code
   * custom} rule (null otherwise), a call of the method a user's JVP rule describes, which the
   * stages differentiate as they do a Math function, with the rule giving its partials.
   */
  record MathCall(String owner, String name, List<Expr> args, Type type, DerivativeRule custom) implements Expr {
    public MathCall {
      args = List.copyOf(args);
    }

    public MathCall(String owner, String name, List<Expr> args, Type type) {
      this(owner, name, args, type, null);
    }

    /** The same call of other arguments. */
    public MathCall withArgs(List<Expr> newArgs) {
      return new MathCall(owner, name, newArgs, type, custom);
    }
  }

  /**
   * A call whose result carries no derivative (an integer function, {@code Math.floor}, ...):
   * it is evaluated as in the primal. The activity analysis rejects one whose double arguments
   * are active but whose result would silently lose their derivative.
   */
  record PrimalCall(TypeRef owner, String name, List<Expr> args, Type type, boolean zeroDerivative, Origin origin)
      implements Expr {
    public PrimalCall {
      args = List.copyOf(args);
    }
  }

  /** A call of another {@code @Differentiable} method, differentiated through its {@code _Grad}. */
  record Call(Callee callee, List<Expr> args, Origin origin, List<Origin> argOrigins) implements Expr {
    public Call {
      args = List.copyOf(args);
      argOrigins = List.copyOf(argOrigins);
    }

    @Override
    public Type type() {
      return callee.returns();
    }
  }

  /**
   * {@code Owner_Grad.mForward(args, tape)}: the callee's value, leaving on the tape what its {@code
   * mReverse} reads (Tapenade's split mode). Not free of side effects, unlike the other
   * expressions: a forward sweep evaluates it exactly once, and the reverse sweep calls {@code
   * mReverse} exactly once in its place.
   */
  record ForwardCall(Call call, Var tape) implements Expr {
    @Override
    public Type type() {
      return call.type();
    }
  }

  /** {@code Owner_Grad.m(args)}: the value and gradient of a callee, as its gradient record. */
  record GradientCall(Callee callee, List<Expr> args) implements Expr {
    public GradientCall {
      args = List.copyOf(args);
    }

    @Override
    public Type type() {
      return callee.gradientRecord();
    }
  }

  /** {@code array[index]}. */
  record ArrayRead(Expr array, Expr index, Type type) implements Expr {}

  /** {@code array.length}. */
  record Length(Expr array) implements Expr {
    @Override
    public Type type() {
      return Primitive.INT;
    }
  }

  /** {@code new double[n][m]}: zeros of the given dimensions. */
  record NewArray(ArrayType type, List<Expr> dims) implements Expr {
    public NewArray {
      dims = List.copyOf(dims);
    }
  }

  /** {@code new double[] {u, v, 1}} or, in a declaration, {@code {u, v, 1}}. */
  record ArrayLiteral(ArrayType type, List<Expr> elements) implements Expr {
    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** A deep copy of an array, so the generated code never writes into the caller's. */
  record CopyOf(Expr array, ArrayType type) implements Expr {}

  /** Zeros of the shape of {@code array}: an adjoint array. */
  record ZerosLike(Expr array, ArrayType type) implements Expr {}

  /**
   * {@code object.name}: a field of an object the generated code made, e.g. a callee's adjoint;
   * or of the receiver of an instance method (a constant), read through the record accessor
   * {@code object.name()} if {@code accessor}.
   */
  record Field(Var object, String name, Type type, boolean accessor) implements Expr {
    public Field(Var object, String name, Type type) {
      this(object, name, type, false);
    }
  }

  /** {@code adjoint.name}: the caller's adjoint storage for a parameter. */
  record OutputField(String object, String name, Type type) implements Expr {}

  /**
   * {@code stack.popDouble()} (or {@code popInt()}, {@code popBoolean()} by type): the latest value
   * pushed, which the {@link Stmt.Push} of {@code site} pushed.
   */
  record Pop(Var stack, Type type, String site) implements Expr {}

  /** Reads a component of a record, e.g. {@code g.x()} of a callee's gradient record. */
  record Component(Expr record, String name, Type type) implements Expr {}

  /** {@code new T()}: an object of a generated class, e.g. the locals that chunks share. */
  record NewObject(RecordType type) implements Expr {}
}
