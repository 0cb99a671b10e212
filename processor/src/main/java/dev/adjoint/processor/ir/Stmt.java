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

  /**
   * {@code array[index] = value;} or {@code array[index] op= value;}. {@code array} is a variable
   * or, for a row of a matrix, {@code m[i]}.
   */
  record ArrayStore(Expr array, Expr index, BinaryOp compound, Expr value, String source) implements Stmt {
    public Expr element() {
      return new Expr.ArrayRead(array, index, ((ArrayType) array.type()).component());
    }

    /** The value stored, as an expression of the old values. */
    public Expr rhs() {
      return compound == null ? value : new Expr.Binary(compound, element(), value, element().type());
    }

    /** The array variable whose elements this writes. */
    public Var root() {
      return Exprs.rootVar(array);
    }
  }

  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, String source) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * A loop: {@code while (condition) { body; update }}, or with {@code testFirst == false}
   * {@code do { body; update } while (condition)}. {@code update} is a for-loop's update, which
   * a {@code continue} does not skip. {@code id} is unique within the function; break and
   * continue name their loop by it.
   */
  record Loop(String id, Expr condition, List<Stmt> body, List<Stmt> update, boolean testFirst, String source)
      implements Stmt {
    public Loop {
      body = List.copyOf(body);
      update = List.copyOf(update);
    }
  }

  /**
   * {@code throw new E(message)}: leaves the method as the primal does (argument validation).
   * {@code message} is a concatenation of string literals ({@link String}) and numbers ({@link
   * Expr}); empty for no message. {@code exception} is an unchecked exception class.
   */
  record Throw(TypeRef exception, List<Object> message, String source) implements Stmt {
    public Throw {
      message = List.copyOf(message);
    }
  }

  /** A call as a statement of its own, such as a helper that fills an array. */
  record Invoke(Expr.Call call, String source) implements Stmt {}

  /**
   * The forward half of a call statement made in split mode: the callee's {@code mForwardInOut}
   * writes into the caller's arrays as the primal does and leaves on the tape what its {@code
   * mReverseInOut} reads.
   */
  record ForwardInvoke(Expr.ForwardCall call, String source) implements Stmt {}

  /**
   * {@code stack.pushRange(array, from, count)}: records the elements a loop is about to rewrite.
   * {@code site} names this push for the tape checker, as {@link Push}'s does.
   */
  record PushRange(Var stack, Expr array, Expr from, Expr count, String site) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** {@code stack.reserve(doubles, ints)}: room for what a loop will record, made at its entry. */
  record Reserve(Var stack, Expr doubles, Expr ints) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** {@code stack.popRange(array, from, count)}: puts back what the {@link PushRange} of {@code site} recorded. */
  record PopRange(Var stack, Expr array, Expr from, Expr count, String site) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** {@code Shapes.copyInto(from, to)}: puts an array's recorded contents back. */
  record CopyInto(Expr from, Expr to) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /**
   * The reverse of a call with arrays: {@code MAdjoint adjoint = new MAdjoint(); adjoint.a =
   * aBar; ...; Owner_Grad.mVjp(args, seed, adjoint);} ({@code mVjpInOut} if the callee writes
   * into arrays: it replaces their adjoints and adds to the others). Scalar adjoints are read back
   * from {@code adjoint}'s fields by the code that follows. With a {@code tape} (null
   * otherwise), the call is {@code mReverse(args, seed, adjoint, tape)}, the reverse sweep of a
   * {@link Expr.ForwardCall} of the forward sweep.
   */
  record AdjointCall(Expr.Call call, Expr seed, Var adjoint, java.util.Map<String, Expr> arrayAdjoints,
      Var tape) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /**
   * The tangent of a joint {@link AdjointCall} (forward mode over reverse mode): both adjoint
   * objects are made ({@code adjointTangent}'s array fields set to {@code arrayAdjointTangents}),
   * and in place of the callee's {@code mVjp} runs its {@code mVjpTangent(args, argTangents,
   * seed, seedTangent, adjoint, adjointTangent)}, which does what {@code mVjp} does and adds the
   * tangent of each adjoint it adds to into {@code adjointTangent}. {@code argTangents} has one
   * entry per active parameter of the callee, in order.
   */
  record TangentAdjointCall(AdjointCall call, List<Expr> argTangents, Expr seedTangent, Var adjointTangent,
      java.util.Map<String, Expr> arrayAdjointTangents) implements Stmt {
    public TangentAdjointCall {
      argTangents = List.copyOf(argTangents);
    }

    @Override
    public String source() {
      return "";
    }
  }

  /** {@code break}: leaves the loop {@code loopId}. Gone after jump elimination. */
  record Break(String loopId, String source) implements Stmt {}

  /** {@code continue}: ends this iteration of loop {@code loopId}. Gone after jump elimination. */
  record Continue(String loopId, String source) implements Stmt {}

  /** {@code for (int counter = times; counter > 0; counter--) { body }}: a loop run backwards. */
  record Repeat(Var counter, Expr times, List<Stmt> body) implements Stmt {
    public Repeat {
      body = List.copyOf(body);
    }

    @Override
    public String source() {
      return "";
    }
  }

  /**
   * {@code if (object.field == null) object.field = zeros like shapeOf;}: the caller's adjoint
   * array, in the adjoint object named {@code object} (the method's parameter).
   */
  record AllocateOutput(String object, String field, Expr shapeOf) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** {@code target[i] += scale * from[i]} for every i (rows too): a callee's array gradient. */
  record AddScaled(Expr target, Expr scale, Expr from) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /**
   * {@code stack.push(value);}: keeps a value of the forward sweep for the reverse sweep. {@code
   * site} names this push, uniquely within the generated class, for the tape checker: the {@link
   * Expr.Pop} that reads the value back names the same site.
   */
  record Push(Var stack, Expr value, String site) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /**
   * {@code Shapes.requireDistinct("Owner.m", "a", a, "b", b)}: fails unless array parameters
   * {@code a} and {@code b}, one of which the method writes into, share no elements; the
   * derivative code assumes they do not.
   */
  record RequireDistinct(String method, Var a, Var b) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** A comment line in generated code, e.g. the primal statement above its adjoint. */
  record Comment(String text) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /** {@code object.field += value;}: hands a parameter's adjoint to the caller's storage. */
  record AccumulateOutput(String object, String field, Expr value) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /**
   * {@code object.name = value;}: hands a local of a method cut into chunks to the chunks that
   * read it, through the object holding the locals they share (see {@link Chunks}).
   */
  record SetField(Var object, String name, Expr value) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }

  /**
   * {@code method(locals)}, or {@code method(locals, adjoint)} with {@code passAdjoint}: runs one
   * chunk of a method cut into chunks (see {@link Chunks}).
   */
  record CallChunk(String method, Var locals, boolean passAdjoint) implements Stmt {
    @Override
    public String source() {
      return "";
    }
  }
}
