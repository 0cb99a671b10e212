package dev.adjoint.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Prints IR statements as Java. */
final class StatementWriter {
  /** The adjoint objects the method has as parameters, which its chunks get too. */
  private final List<String> adjointParams;
  /**
   * Whether a callee's adjoint object that a loop passes to it is made once, at the top of the
   * method, and its fields set afresh at each call (optimisation {@code reusedAdjoints}), rather
   * than made at each call: a callee the JIT does not inline would otherwise cost an object per
   * iteration.
   */
  private final boolean reuseAdjointObjects;
  /** The adjoint objects made at the top of the method being written. */
  private final Set<Var> madeAtTop = new HashSet<>();
  /**
   * The private fields of the first adjoint parameter's object that keep callees' adjoint objects
   * between calls ({@link ScratchObjects}); empty where the method has none to use.
   */
  private final Set<String> scratch;

  StatementWriter(String adjointParam) {
    this(List.of(adjointParam), null);
  }

  /** {@code settings} null: every optimisation of the printed code off. */
  StatementWriter(List<String> adjointParams, Settings settings) {
    this(adjointParams, settings, Set.of());
  }

  /** With {@code scratch}, the scratch fields of {@code adjointParams.get(0)}'s object. */
  StatementWriter(List<String> adjointParams, Settings settings, Set<String> scratch) {
    this.adjointParams = List.copyOf(adjointParams);
    this.reuseAdjointObjects = settings != null && settings.on(Optimization.REUSED_ADJOINTS);
    this.scratch = Set.copyOf(scratch);
  }

  /** Prints a method's body (or a chunk's). */
  void write(List<Stmt> statements, CodeBlock.Builder out) {
    write(statements, out, true);
  }

  /** As above; {@code withAdjoint} false for a chunk without the adjoint objects, and so without scratch. */
  void write(List<Stmt> statements, CodeBlock.Builder out, boolean withAdjoint) {
    makeAtTop(statements, withAdjoint, out);
    bulkCalls = BulkCalls.in(statements);
    block(statements, out);
  }

  /** The JDK's array operations, as the calls to print for their loops (see {@link BulkCalls}). */
  private java.util.Map<Stmt, CodeBlock> bulkCalls = java.util.Map.of();

  /** The callee adjoint objects a call in a loop of {@code statements} fills, made (or fetched) once. */
  private void makeAtTop(List<Stmt> statements, boolean withAdjoint, CodeBlock.Builder out) {
    madeAtTop.clear();
    if (reuseAdjointObjects) {
      ScratchObjects.madeAtTop(statements, false, (adjoint, call) -> make(adjoint, call, withAdjoint, out));
    }
  }

  /**
   * A method's whole body, whose work arrays {@link ScratchObjects#workspaces} are kept in scratch
   * fields where it has them: {@code double[] v = adjoint.v = Shapes.zeroed(adjoint.v, n)}.
   */
  void writeWithWorkspaces(List<Stmt> statements, CodeBlock.Builder out) {
    Set<Var> kept = new HashSet<>(ScratchObjects.workspaces(statements));
    kept.removeIf(v -> !scratch.contains(v.name()));
    makeAtTop(statements, true, out);
    bulkCalls = BulkCalls.in(statements);
    String holder = adjointParams.isEmpty() ? null : adjointParams.get(0);
    for (Stmt s : statements) {
      if (holder != null && s instanceof Stmt.Declare d && kept.contains(d.var())) {
        Expr.NewArray n = (Expr.NewArray) d.init();
        out.addStatement("$T $N = $N.$N = $T.zeroed($N.$N, $L)", JavaTypes.of(d.var().type()), d.var().name(), holder,
            d.var().name(), JavaTypes.SHAPES, holder, d.var().name(), ExpressionWriter.write(n.dims().get(0)));
      } else {
        write(s, out);
      }
    }
  }

  private void block(List<Stmt> statements, CodeBlock.Builder out) {
    for (Stmt s : statements) {
      write(s, out);
    }
  }

  /**
   * {@code T adjoint = new T();} at the top, for an adjoint object a call in a loop fills; or the
   * one kept in a scratch field of this method's own adjoint object, made the first time.
   */
  private void make(Var adjoint, Stmt.AdjointCall call, boolean withAdjoint, CodeBlock.Builder out) {
    if (madeAtTop.add(adjoint)) {
      var type = JavaTypes.of(call.adjoint().type());
      if (withAdjoint && scratch.contains(adjoint.name())) {
        String holder = adjointParams.get(0);
        out.beginControlFlow("if ($N.$N == null)", holder, adjoint.name())
            .addStatement("$N.$N = new $T()", holder, adjoint.name(), type)
            .endControlFlow();
        out.addStatement("$T $N = $N.$N", type, adjoint.name(), holder, adjoint.name());
      } else {
        out.addStatement("$T $N = new $T()", type, adjoint.name(), type);
      }
    }
  }

  /**
   * The adjoint object of a call: made here, or (made at the top) given the fields a new one would
   * have: the caller's adjoint arrays where it passes them, null arrays and zero scalars elsewhere.
   */
  private void fill(Var adjoint, Stmt.AdjointCall a, java.util.Map<String, Expr> arrays, CodeBlock.Builder out) {
    if (!madeAtTop.contains(adjoint)) {
      var type = JavaTypes.of(a.adjoint().type());
      out.addStatement("$T $N = new $T()", type, adjoint.name(), type);
      arrays.forEach((field, array) -> out.addStatement("$N.$N = $L", adjoint.name(), field, ExpressionWriter.write(array)));
      return;
    }
    for (Callee.Param p : a.call().callee().params()) {
      if (!p.active()) {
        continue;
      }
      if (arrays.containsKey(p.name())) {
        out.addStatement("$N.$N = $L", adjoint.name(), p.name(), ExpressionWriter.write(arrays.get(p.name())));
      } else {
        out.addStatement("$N.$N = $L", adjoint.name(), p.name(), p.type().isArray() ? "null" : "0.0");
      }
    }
  }

  private void write(Stmt s, CodeBlock.Builder out) {
    CodeBlock bulk = bulkCalls.get(s);
    if (bulk != null) {
      if (!bulk.isEmpty()) {
        out.addStatement("$L", bulk);
      }
      return;
    }
    if (s instanceof Stmt.Comment c) {
      out.add("// $L\n", c.text());
    } else if (s instanceof Stmt.Declare d) {
      if (d.init() == null && d.var().type() instanceof dev.adjoint.processor.ir.StackType) {
        out.addStatement("$T $N = $T.local()", JavaTypes.of(d.var().type()), d.var().name(), JavaTypes.of(d.var().type()));
      } else if (d.init() == null) {
        out.addStatement("$T $N", JavaTypes.of(d.var().type()), d.var().name());
      } else {
        out.addStatement("$T $N = $L", JavaTypes.of(d.var().type()), d.var().name(), ExpressionWriter.write(d.init()));
      }
    } else if (s instanceof Stmt.Assign a) {
      assign(a, out);
    } else if (s instanceof Stmt.If i) {
      out.beginControlFlow("if ($L)", ExpressionWriter.write(i.condition()));
      block(i.then(), out);
      // An else holding only another if reads as the chain the user wrote: else if.
      Stmt.If last = i;
      while (last.otherwise().size() == 1 && last.otherwise().get(0) instanceof Stmt.If next) {
        out.nextControlFlow("else if ($L)", ExpressionWriter.write(next.condition()));
        block(next.then(), out);
        last = next;
      }
      if (!last.otherwise().isEmpty()) {
        out.nextControlFlow("else");
        block(last.otherwise(), out);
      }
      out.endControlFlow();
    } else if (s instanceof Stmt.Loop l) {
      loop(l, out);
    } else if (s instanceof Stmt.Repeat r) {
      out.beginControlFlow("for (int $N = $L; $N > 0; $N--)", r.counter().name(), ExpressionWriter.write(r.times()),
          r.counter().name(), r.counter().name());
      block(r.body(), out);
      out.endControlFlow();
    } else if (s instanceof Stmt.ArrayStore a) {
      CodeBlock element = ExpressionWriter.write(a.element());
      if (a.compound() == null) {
        out.addStatement("$L = $L", element, ExpressionWriter.stored(a.array(), a.value()));
      } else {
        out.addStatement("$L $L= $L", element, a.compound().symbol(), ExpressionWriter.write(a.value()));
      }
    } else if (s instanceof Stmt.AllocateOutput o) {
      out.beginControlFlow("if ($N.$N == null)", o.object(), o.field());
      out.addStatement("$N.$N = $T.zerosLike($L)", o.object(), o.field(), JavaTypes.SHAPES,
          ExpressionWriter.write(o.shapeOf()));
      out.endControlFlow();
    } else if (s instanceof Stmt.AddScaled a) {
      out.addStatement("$T.addScaled($L, $L, $L)", JavaTypes.SHAPES, ExpressionWriter.write(a.target()),
          ExpressionWriter.write(a.scale()), ExpressionWriter.write(a.from()));
    } else if (s instanceof Stmt.Throw t) {
      if (t.message().isEmpty()) {
        out.addStatement("throw new $T()", JavaTypes.className(t.exception()));
      } else {
        CodeBlock message = t.message().stream()
            .map(part -> part instanceof String text ? CodeBlock.of("$S", text)
                : CodeBlock.of("$L", ExpressionWriter.write((dev.adjoint.processor.ir.Expr) part, 12)))
            .collect(CodeBlock.joining(" + "));
        out.addStatement("throw new $T($L)", JavaTypes.className(t.exception()), message);
      }
    } else if (s instanceof Stmt.Invoke i) {
      out.addStatement("$L", ExpressionWriter.write(i.call()));
    } else if (s instanceof Stmt.ForwardInvoke i) {
      out.addStatement("$L", ExpressionWriter.write(i.call()));
    } else if (s instanceof Stmt.CopyInto c) {
      out.addStatement("$T.copyInto($L, $L)", JavaTypes.SHAPES, ExpressionWriter.write(c.from()),
          ExpressionWriter.write(c.to()));
    } else if (s instanceof Stmt.AdjointCall a) {
      fill(a.adjoint(), a, a.arrayAdjoints(), out);
      CodeBlock args = a.call().args().stream().map(ExpressionWriter::write).collect(CodeBlock.joining(", "));
      String name = a.call().callee().name();
      boolean inOut = a.call().callee().writesArrays();
      out.addStatement("$T.$N($L$L$L, $N$L)", JavaTypes.className(a.call().callee().owner().gradClass()),
          a.tape() != null ? (inOut ? Names.reverseInOutMethodName(name) : Names.reverseMethodName(name))
              : inOut ? Names.vjpInOutMethodName(name) : Names.vjpMethodName(name),
          args, a.call().args().isEmpty() ? "" : ", ", ExpressionWriter.write(a.seed()), a.adjoint().name(),
          a.tape() == null ? "" : ", " + a.tape().name());
    } else if (s instanceof Stmt.TangentAdjointCall t) {
      tangentAdjointCall(t, out);
    } else if (s instanceof Stmt.PushRange p) {
      out.addStatement("$N.pushRange($L, $L, $L$L)", p.stack().name(), ExpressionWriter.write(p.array()),
          ExpressionWriter.write(p.from()), ExpressionWriter.write(p.count()), ExpressionWriter.site(p.site()));
    } else if (s instanceof Stmt.Reserve r) {
      out.addStatement("$N.reserve($L, $L)", r.stack().name(), ExpressionWriter.write(r.doubles()),
          ExpressionWriter.write(r.ints()));
    } else if (s instanceof Stmt.PopRange p) {
      out.addStatement("$N.popRange($L, $L, $L$L)", p.stack().name(), ExpressionWriter.write(p.array()),
          ExpressionWriter.write(p.from()), ExpressionWriter.write(p.count()), ExpressionWriter.site(p.site()));
    } else if (s instanceof Stmt.Push p) {
      out.addStatement("$N.push($L$L)", p.stack().name(), ExpressionWriter.write(p.value()),
          ExpressionWriter.site(p.site()));
    } else if (s instanceof Stmt.RequireDistinct r) {
      out.addStatement("$T.requireDistinct($S, $S, $N, $S, $N)", JavaTypes.SHAPES, r.method(), r.a().name(),
          r.a().name(), r.b().name(), r.b().name());
    } else if (s instanceof Stmt.AccumulateOutput o) {
      out.addStatement("$N.$N += $L", o.object(), o.field(), ExpressionWriter.write(o.value()));
    } else if (s instanceof Stmt.Return r) {
      out.addStatement("return $L", ExpressionWriter.write(r.value()));
    } else if (s instanceof Stmt.SetField f) {
      out.addStatement("$N.$N = $L", f.object().name(), f.name(), ExpressionWriter.write(f.value()));
    } else if (s instanceof Stmt.CallChunk c) {
      if (c.passAdjoint()) {
        out.addStatement("$N($N, $L)", c.method(), c.locals().name(), String.join(", ", adjointParams));
      } else {
        out.addStatement("$N($N)", c.method(), c.locals().name());
      }
    } else {
      throw new IllegalArgumentException("cannot print " + s);
    }
  }

  /** Both adjoint objects, then the callee's {@code mVjpTangent} (or {@code mVjpInOutTangent}). */
  private void tangentAdjointCall(Stmt.TangentAdjointCall t, CodeBlock.Builder out) {
    Stmt.AdjointCall a = t.call();
    fill(a.adjoint(), a, a.arrayAdjoints(), out);
    fill(t.adjointTangent(), a, t.arrayAdjointTangents(), out);
    List<Expr> args = new java.util.ArrayList<>(a.call().args());
    args.addAll(t.argTangents());
    args.add(a.seed());
    args.add(t.seedTangent());
    CodeBlock written = args.stream().map(ExpressionWriter::write).collect(CodeBlock.joining(", "));
    String name = a.call().callee().name();
    String method = a.tape() != null ? Names.reverseTangentMethodName(name)
        : a.call().callee().writesArrays() ? Names.vjpInOutTangentMethodName(name) : Names.vjpTangentMethodName(name);
    out.addStatement("$T.$N($L, $N, $N$L)", JavaTypes.className(a.call().callee().owner().gradClass()), method,
        written, a.adjoint().name(), t.adjointTangent().name(), a.tape() == null ? "" : ", " + a.tape().name());
  }

  private void loop(Stmt.Loop l, CodeBlock.Builder out) {
    if (l.testFirst()) {
      out.beginControlFlow("while ($L)", ExpressionWriter.write(l.condition()));
    } else {
      out.beginControlFlow("do");
    }
    block(l.body(), out);
    block(l.update(), out);
    if (l.testFirst()) {
      out.endControlFlow();
    } else {
      out.endControlFlow("while ($L)", ExpressionWriter.write(l.condition()));
    }
  }

  private static void assign(Stmt.Assign a, CodeBlock.Builder out) {
    String name = a.var().name();
    if (a.compound() == null) {
      out.addStatement("$N = $L", name, ExpressionWriter.write(a.value()));
    } else if (a.var().type() == Primitive.INT && a.value() instanceof Expr.Constant c && c.java().equals("1")
        && (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)) {
      out.addStatement("$N$L", name, a.compound() == BinaryOp.ADD ? "++" : "--");
    } else {
      out.addStatement("$N $L= $L", name, a.compound().symbol(), ExpressionWriter.write(a.value()));
    }
  }
}
