package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The Jacobian of a {@code @Differentiable} method returning {@code double[]}: the record {@code
 * FJacobian(double[] value, double[][] p, ...)}, {@code f(...)} choosing the cheaper
 * construction, and the two constructions themselves: {@code fJacobianByColumns}, one {@code
 * fJvp} per input element (forward mode), and {@code fJacobianByRows}, one {@code fVjp} per
 * output (reverse mode).
 */
final class JacobianWriter {
  private JacobianWriter() {}

  static void write(VjpFunction vjp, boolean hasJvp, ClassName grad, ClassName owner, Target target,
      TypeSpec.Builder type) {
    Function f = vjp.primal();
    ClassName record = grad.nestedClass(Names.jacobianRecordName(f.name()));
    List<ParameterSpec> components = new java.util.ArrayList<>();
    components.add(ParameterSpec.builder(JavaTypes.of(f.returnType()), "value").build());
    f.activeParams().forEach(p -> components.add(ParameterSpec.builder(double[][].class, p.name()).build()));
    type.addType(ValueTypes.of(record, components,
        CodeBlock.of("The value of {@link $T#$L} and its Jacobian: per differentiated parameter, one row per\n"
            + "output and one column per element of the parameter (a matrix's rows one after another).\n",
            owner, f.name()), target));
    Set<Var> written = writtenParameters(vjp);
    type.addMethod(chooser(f, hasJvp, record, owner, written, locals(f)));
    if (hasJvp) {
      type.addMethod(byColumns(f, record, owner, written, locals(f)));
    }
    type.addMethod(byRows(f, record, owner, grad.nestedClass(Names.adjointClassName(f.name())), written,
        locals(f)));
  }

  /** The parameters the method writes into: its VJP copies each before anything else. */
  private static Set<Var> writtenParameters(VjpFunction vjp) {
    Set<Var> written = new HashSet<>();
    for (Stmt s : vjp.body()) {
      if (s instanceof Stmt.Assign a && a.value() instanceof Expr.CopyOf && vjp.primal().params().contains(a.var())) {
        written.add(a.var());
      }
    }
    return written;
  }

  /** Locals of a generated method, fresh among the parameters' names. */
  private static LocalNames locals(Function f) {
    return new LocalNames(f.params().stream().map(Var::name).toList());
  }

  private static List<ParameterSpec> parameters(Function f) {
    return f.params().stream().map(p -> ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build()).toList();
  }

  /** The arguments of a call that must leave the caller's arrays alone: copies of those the method writes. */
  private static String arguments(Function f, Set<Var> written) {
    return f.params().stream().map(p -> copied(p, p.name(), written)).collect(Collectors.joining(", "));
  }

  private static String copied(Var p, String name, Set<Var> written) {
    boolean copyable = p.type() instanceof ArrayType a && (a.element() == Primitive.DOUBLE || a.element() == Primitive.INT);
    return written.contains(p) && copyable ? "dev.adjoint.runtime.Shapes.copyOf(" + name + ")" : name;
  }

  private static CodeBlock inputCount(Function f) {
    List<Var> active = f.activeParams();
    return active.isEmpty() ? CodeBlock.of("0") : active.stream()
        .map(p -> p.type().isArray() ? CodeBlock.of("$T.count($N)", JavaTypes.SHAPES, p.name()) : CodeBlock.of("1"))
        .collect(CodeBlock.joining(" + "));
  }

  private static MethodSpec chooser(Function f, boolean hasJvp, ClassName record, ClassName owner, Set<Var> written,
      LocalNames names) {
    String args = f.params().stream().map(Var::name).collect(Collectors.joining(", "));
    CodeBlock.Builder body = CodeBlock.builder();
    if (hasJvp) {
      String outputs = names.fresh("outputs");
      body.addStatement("int $N = $L.length", outputs, GradClassWriter.userCall(f, owner, p -> copied(p, p.name(), written)))
          .addStatement("return $L <= $N ? $N($L) : $N($L)", inputCount(f), outputs,
              Names.jacobianByColumnsName(f.name()), args,
              Names.jacobianByRowsName(f.name()), args);
    } else {
      body.addStatement("return $N($L)", Names.jacobianByRowsName(f.name()), args);
    }
    return MethodSpec.methodBuilder(f.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(parameters(f))
        .addJavadoc("The value and Jacobian of {@link $T#$L}: by columns in forward mode when the differentiated\n"
            + "inputs are no more than the outputs, else by rows in reverse mode.$L\n", owner, f.name(),
            hasJvp ? "" : " (Forward mode does not cover this method: always by rows.)")
        .addCode(body.build())
        .build();
  }

  private static MethodSpec byColumns(Function f, ClassName record, ClassName owner, Set<Var> written,
      LocalNames names) {
    List<Var> active = f.activeParams();
    String value = names.fresh("value");
    String i = names.fresh("i");
    String j = names.fresh("j");
    String column = names.fresh("column");
    List<String> tangents = active.stream().map(p -> names.fresh(Names.tangentName(p.name())))
        .toList();
    List<String> jacobians = active.stream().map(p -> names.fresh(p.name() + "Jacobian")).toList();
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("$T $N = $L", JavaTypes.of(f.returnType()), value,
        GradClassWriter.userCall(f, owner, p -> copied(p, p.name(), written)));
    for (int k = 0; k < active.size(); k++) {
      Var p = active.get(k);
      if (p.type().isArray()) {
        body.addStatement("$T $N = $T.zerosLike($N)", JavaTypes.of(p.type().derivative()), tangents.get(k), JavaTypes.SHAPES,
            p.name());
      } else {
        body.addStatement("double $N = 0.0", tangents.get(k));
      }
      body.addStatement("double[][] $N = new double[$N.length][$L]", jacobians.get(k), value,
          p.type().isArray() ? CodeBlock.of("$T.count($N)", JavaTypes.SHAPES, p.name()) : CodeBlock.of("1"));
    }
    StringBuilder call = new StringBuilder(Names.jvpMethodName(f.name())).append("(")
        .append(arguments(f, written));
    for (int k = 0; k < active.size(); k++) {
      call.append(", ").append(copied(active.get(k), tangents.get(k), written));
    }
    call.append(").tangent()");
    for (int k = 0; k < active.size(); k++) {
      Var p = active.get(k);
      String t = tangents.get(k);
      String jacobian = jacobians.get(k);
      if (!p.type().isArray()) {
        body.addStatement("$N = 1.0", t)
            .addStatement("$T.intoColumn($N, 0, $L)", JavaTypes.SHAPES, jacobian, call)
            .addStatement("$N = 0.0", t);
      } else if (((ArrayType) p.type()).dims() == 1) {
        body.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, t, i)
            .addStatement("$N[$N] = 1.0", t, i)
            .addStatement("$T.intoColumn($N, $N, $L)", JavaTypes.SHAPES, jacobian, i, call)
            .addStatement("$N[$N] = 0.0", t, i)
            .endControlFlow();
      } else {
        body.addStatement("int $N = 0", column)
            .beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, t, i)
            .beginControlFlow("for (int $N = 0; $N < $N[$N].length; $N++)", j, j, t, i, j)
            .addStatement("$N[$N][$N] = 1.0", t, i, j)
            .addStatement("$T.intoColumn($N, $N++, $L)", JavaTypes.SHAPES, jacobian, column, call)
            .addStatement("$N[$N][$N] = 0.0", t, i, j)
            .endControlFlow()
            .endControlFlow();
      }
    }
    body.addStatement("return new $T($N$L)", record, value,
        jacobians.stream().map(name -> ", " + name).collect(Collectors.joining()));
    return MethodSpec.methodBuilder(Names.jacobianByColumnsName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(parameters(f))
        .addJavadoc("The value and Jacobian of {@link $T#$L} column by column: one forward-mode {@link #$L} per\n"
            + "element of the differentiated parameters.\n", owner, f.name(),
            Names.jvpMethodName(f.name()))
        .addCode(body.build())
        .build();
  }

  private static MethodSpec byRows(Function f, ClassName record, ClassName owner, ClassName adjointClass,
      Set<Var> written, LocalNames names) {
    List<Var> active = f.activeParams();
    String value = names.fresh("value");
    String seed = names.fresh("seed");
    String row = names.fresh("row");
    String adjoint = names.fresh("adjoint");
    List<String> jacobians = active.stream().map(p -> names.fresh(p.name() + "Jacobian")).toList();
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T $N = $L", JavaTypes.of(f.returnType()), value,
            GradClassWriter.userCall(f, owner, p -> copied(p, p.name(), written)))
        .addStatement("double[] $N = new double[$N.length]", seed, value);
    for (String jacobian : jacobians) {
      body.addStatement("double[][] $N = new double[$N.length][]", jacobian, value);
    }
    String args = f.params().stream().map(Var::name).collect(Collectors.joining(", "));
    body.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", row, row, value, row)
        .addStatement("$N[$N] = 1.0", seed, row)
        .addStatement("$T $N = new $T()", adjointClass, adjoint, adjointClass)
        .addStatement("$N($L, $N, $N)", Names.vjpMethodName(f.name()), args, seed, adjoint)
        .addStatement("$N[$N] = 0.0", seed, row);
    for (int k = 0; k < active.size(); k++) {
      Var p = active.get(k);
      String jacobian = jacobians.get(k);
      if (p.type().isArray()) {
        body.addStatement("$N[$N] = new double[$T.count($N)]", jacobian, row, JavaTypes.SHAPES, p.name())
            .addStatement("$T.intoRow($N[$N], 0, $N.$N, $N)", JavaTypes.SHAPES, jacobian, row, adjoint, p.name(),
                p.name());
      } else {
        body.addStatement("$N[$N] = new double[] {$N.$N}", jacobian, row, adjoint, p.name());
      }
    }
    body.endControlFlow();
    body.addStatement("return new $T($N$L)", record, value,
        jacobians.stream().map(name -> ", " + name).collect(Collectors.joining()));
    return MethodSpec.methodBuilder(Names.jacobianByRowsName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(parameters(f))
        .addJavadoc("The value and Jacobian of {@link $T#$L} row by row: one reverse-mode {@link #$L} per output.\n",
            owner, f.name(), Names.vjpMethodName(f.name()))
        .addCode(body.build())
        .build();
  }
}
