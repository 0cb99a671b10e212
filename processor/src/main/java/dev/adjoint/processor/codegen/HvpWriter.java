package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.HvpFunction;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Second-order members of a {@code _Grad} class, from forward mode over reverse mode: {@code
 * mVjpTangent} (and {@code mVjpInOutTangent}) for generated callers, and for users the record
 * {@code MHvp}, {@code mHvp} and {@code mHessian}.
 */
final class HvpWriter {
  private HvpWriter() {}

  static void write(HvpFunction hvp, ClassName grad, ClassName owner, Settings settings, Target target,
      TypeSpec.Builder type) {
    Function f = hvp.primal();
    boolean inOut = hvp.vjp().inOut();
    boolean returnsValue = f.returnType() == Primitive.DOUBLE;
    ClassName adjoint = grad.nestedClass(Names.adjointClassName(f.name()));
    ClassName jvpRecord = grad.nestedClass(Names.jvpRecordName(f.name()));
    String name = hvp.methodName();
    type.addMethod(tangentMethod(hvp, name, adjoint, returnsValue ? jvpRecord : null, settings));
    ChunkWriter.addTo(type, hvp.chunks(), List.of(hvp.vjp().adjointParam(), hvp.adjointTangent()), adjoint, settings);
    if (hvp.split() != null) {
      type.addMethod(forwardTangentMethod(hvp, adjoint, jvpRecord, settings));
      type.addMethod(reverseTangentMethod(hvp, adjoint, settings));
    }
    if (inOut || !returnsValue) {
      return;
    }
    ClassName gradient = grad.nestedClass(Names.gradientRecordName(f.name()));
    ClassName record = grad.nestedClass(Names.hvpRecordName(f.name()));
    type.addType(ValueTypes.of(record,
        List.of(ParameterSpec.builder(gradient, "gradient").build(), ParameterSpec.builder(gradient, "hvp").build()),
        CodeBlock.of("The value and gradient of {@link $T#$L} ({@code gradient}), and the Hessian times the\n"
            + "direction given to {@link #$L} ({@code hvp}, one component per differentiated parameter;\n"
            + "its {@code value()} is the directional derivative).\n", owner, f.name(), Names.hvpMethodName(f.name())),
        target));
    MethodSpec hvpMethod = hvpMethod(hvp, owner, adjoint, gradient, record);
    if (LargerStackEntry.applies(f)) {
      type.addMethods(LargerStackEntry.retrying(hvpMethod));
    } else {
      type.addMethod(hvpMethod);
    }
    type.addMethod(hvpIntoMethod(hvp, owner, adjoint));
    type.addMethod(hessianMethod(hvp, owner, record));
    type.addMethod(hessianColumnMethod(hvp, gradient));
  }

  private static List<ParameterSpec> parameters(Function f, List<Var> tangents) {
    List<ParameterSpec> parameters = new ArrayList<>();
    f.params().forEach(p -> parameters.add(ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build()));
    tangents.forEach(t -> parameters.add(ParameterSpec.builder(JavaTypes.of(t.type()), t.name()).build()));
    return parameters;
  }

  private static MethodSpec tangentMethod(HvpFunction hvp, String name, ClassName adjoint, ClassName jvpRecord,
      Settings settings) {
    Function f = hvp.primal();
    CodeBlock.Builder body = CodeBlock.builder();
    CodeBlock result = jvpRecord == null ? null
        : CodeBlock.of("return new $T($N, $L)", jvpRecord, hvp.vjp().value().name(),
            ExpressionWriter.write(hvp.valueTangent()));
    TapeGuard.write(hvp.body(), new StatementWriter(List.of(hvp.vjp().adjointParam(), hvp.adjointTangent()), settings), result,
        f.owner().gradClass().qualifiedName() + "." + name, settings, body);
    List<ParameterSpec> parameters = parameters(f, hvp.tangents());
    parameters.add(ParameterSpec.builder(JavaTypes.of(hvp.vjp().seed().type()), hvp.vjp().seed().name()).build());
    parameters.add(ParameterSpec.builder(JavaTypes.of(hvp.seedTangent().type()), hvp.seedTangent().name()).build());
    parameters.add(ParameterSpec.builder(adjoint, hvp.vjp().adjointParam()).build());
    parameters.add(ParameterSpec.builder(adjoint, hvp.adjointTangent()).build());
    String vjp = hvp.vjp().inOut() ? Names.vjpInOutMethodName(f.name()) : Names.vjpMethodName(f.name());
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(jvpRecord == null ? TypeName.VOID : jvpRecord)
        .addParameters(parameters)
        .addJavadoc("For generated second-order code: forward mode over {@link #$L}. Does what it does, and adds\n"
            + "into {@code $L} the tangent of what it adds into {@code $L}, along the tangents of the\n"
            + "differentiated parameters, of {@code $L} and of the adjoints {@code $L} holds on entry.\n"
            + (jvpRecord == null ? "" : "Returns the value and its tangent.\n"),
            vjp, hvp.adjointTangent(), hvp.vjp().adjointParam(), hvp.vjp().seed().name(), hvp.vjp().adjointParam())
        .addCode(body.build())
        .build();
  }

  /**
   * {@code mForwardTangent}: for generated second-order callers that run this method split,
   * forward mode over {@code mForward}; it leaves values and tangents on the caller's tape.
   */
  private static MethodSpec forwardTangentMethod(HvpFunction hvp, ClassName adjoint, ClassName jvpRecord,
      Settings settings) {
    Function f = hvp.primal();
    HvpFunction.Split split = hvp.split();
    dev.adjoint.processor.ir.Var tape = hvp.vjp().split().tape();
    CodeBlock.Builder body = CodeBlock.builder();
    if (split.joint()) {
      // As mForward: the value alone, through the whole product.
      body.addStatement("return $N($L, 0.0, 0.0, new $T(), new $T())", hvp.methodName(), arguments(hvp), adjoint,
          adjoint);
    } else {
      new StatementWriter(List.of(hvp.vjp().adjointParam(), hvp.adjointTangent()), settings).write(split.forward(), body);
      body.addStatement("return new $T($N, $L)", jvpRecord, split.value().name(),
          ExpressionWriter.write(split.valueTangent()));
    }
    return MethodSpec.methodBuilder(Names.forwardTangentMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(jvpRecord)
        .addParameters(parameters(f, hvp.tangents()))
        .addParameter(JavaTypes.of(tape.type()), tape.name())
        .addJavadoc("For generated second-order code: forward mode over {@link #$L}. Returns the value and its\n"
            + "tangent, leaving on {@code $N} what {@link #$L} reads.\n", Names.forwardMethodName(f.name()),
            tape.name(), Names.reverseTangentMethodName(f.name()))
        .addCode(body.build())
        .build();
  }

  /** {@code mReverseTangent}: forward mode over {@code mReverse}, for the call {@code mForwardTangent} made last. */
  private static MethodSpec reverseTangentMethod(HvpFunction hvp, ClassName adjoint, Settings settings) {
    Function f = hvp.primal();
    HvpFunction.Split split = hvp.split();
    dev.adjoint.processor.ir.Var tape = hvp.vjp().split().tape();
    CodeBlock.Builder body = CodeBlock.builder();
    if (split.joint()) {
      body.addStatement("$N($L, $N, $N, $N, $N)", hvp.methodName(), arguments(hvp), hvp.vjp().seed().name(),
          hvp.seedTangent().name(), hvp.vjp().adjointParam(), hvp.adjointTangent());
    } else {
      new StatementWriter(List.of(hvp.vjp().adjointParam(), hvp.adjointTangent()), settings).write(split.reverse(), body);
    }
    List<ParameterSpec> parameters = parameters(f, hvp.tangents());
    parameters.add(ParameterSpec.builder(JavaTypes.of(hvp.vjp().seed().type()), hvp.vjp().seed().name()).build());
    parameters.add(ParameterSpec.builder(JavaTypes.of(hvp.seedTangent().type()), hvp.seedTangent().name()).build());
    parameters.add(ParameterSpec.builder(adjoint, hvp.vjp().adjointParam()).build());
    parameters.add(ParameterSpec.builder(adjoint, hvp.adjointTangent()).build());
    return MethodSpec.methodBuilder(Names.reverseTangentMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameters(parameters)
        .addParameter(JavaTypes.of(tape.type()), tape.name())
        .addJavadoc("For generated second-order code: forward mode over {@link #$L}, for the call of\n"
            + "{@link #$L} with these arguments that is the latest on this thread's tape.\n",
            Names.reverseMethodName(f.name()), Names.forwardTangentMethodName(f.name()))
        .addCode(body.build())
        .build();
  }

  private static List<String> names(Function f, List<Var> tangents) {
    return java.util.stream.Stream.concat(f.params().stream(), tangents.stream()).map(Var::name).toList();
  }

  private static String arguments(HvpFunction hvp) {
    return java.util.stream.Stream.concat(hvp.primal().params().stream(), hvp.tangents().stream())
        .map(Var::name).collect(Collectors.joining(", "));
  }

  private static MethodSpec hvpMethod(HvpFunction hvp, ClassName owner, ClassName adjoint, ClassName gradient,
      ClassName record) {
    Function f = hvp.primal();
    String adjointLocal = hvp.vjp().adjointParam();
    String tangentLocal = hvp.adjointTangent();
    String valueLocal = hvp.vjp().value().name();
    String arguments = java.util.stream.Stream.concat(f.params().stream(), hvp.tangents().stream())
        .map(Var::name).collect(Collectors.joining(", "));
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T $N = new $T()", adjoint, adjointLocal, adjoint)
        .addStatement("$T $N = new $T()", adjoint, tangentLocal, adjoint)
        .addStatement("$T $N = $N($L, 1.0, 0.0, $N, $N)", record.peerClass(Names.jvpRecordName(f.name())), valueLocal,
            Names.vjpTangentMethodName(f.name()), arguments, adjointLocal, tangentLocal);
    body.addStatement("return new $T(new $T($N.value()$L), new $T($N.tangent()$L))", record, gradient, valueLocal,
        fields(f, adjointLocal), gradient, valueLocal, fields(f, tangentLocal));
    String tangents = hvp.tangents().stream().map(Var::name).collect(Collectors.joining(", "));
    return MethodSpec.methodBuilder(Names.hvpMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(parameters(f, hvp.tangents()))
        .addJavadoc("Hessian-vector product of {@link $T#$L} (forward mode over reverse mode): the value and\n"
            + "gradient, as {@link #$L} gives them, and the Hessian times the direction $L.\n",
            owner, f.name(), f.name(), tangents.isEmpty() ? "(none)" : tangents)
        .addCode(body.build())
        .build();
  }

  /**
   * {@code double mHvp(..., MAdjoint gradient, MAdjoint hvp)}: for hot loops (conjugate
   * gradients), the value, with the gradient and the Hessian times the direction added into two
   * adjoint objects the caller keeps, as {@code mVjp} adds into one.
   */
  private static MethodSpec hvpIntoMethod(HvpFunction hvp, ClassName owner, ClassName adjoint) {
    Function f = hvp.primal();
    LocalNames taken = new LocalNames(names(f, hvp.tangents()));
    String gradient = taken.fresh("gradient");
    String product = taken.fresh("hvp");
    return MethodSpec.methodBuilder(Names.hvpMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double.class)
        .addParameters(parameters(f, hvp.tangents()))
        .addParameter(adjoint, gradient)
        .addParameter(adjoint, product)
        .addJavadoc("The allocation-free {@link #$L}: returns the value of {@link $T#$L}, adds its gradient into\n"
            + "{@code $N} and the Hessian times the direction into {@code $N} (fields are added to, as\n"
            + "{@link #$L} adds; {@code reset()} them between calls).\n", Names.hvpMethodName(f.name()), owner,
            f.name(), gradient, product, Names.vjpMethodName(f.name()))
        .addStatement("return $N($L, 1.0, 0.0, $N, $N).value()", Names.vjpTangentMethodName(f.name()), arguments(hvp),
            gradient, product)
        .build();
  }

  private static CodeBlock fields(Function f, String object) {
    return GradClassWriter.gradientComponents(f, object).stream().map(c -> CodeBlock.of(", $L", c))
        .collect(CodeBlock.joining(""));
  }

  /**
   * {@code mHessian}: one {@code mHvp} per column, along each active element in turn; the rows and
   * columns are the active parameters flattened in declaration order.
   */
  private static MethodSpec hessianMethod(HvpFunction hvp, ClassName owner, ClassName record) {
    Function f = hvp.primal();
    List<String> used = new java.util.ArrayList<>(names(f, hvp.tangents()));
    used.add(owner.simpleName());
    LocalNames taken = new LocalNames(used);
    String n = taken.fresh("n");
    String hessian = taken.fresh("hessian");
    String column = taken.fresh("column");
    String i = taken.fresh("i");
    String j = taken.fresh("j");
    List<Var> active = f.activeParams();
    CodeBlock size = active.isEmpty() ? CodeBlock.of("0") : active.stream()
        .map(p -> p.type().isArray() ? CodeBlock.of("$T.count($N)", JavaTypes.SHAPES, p.name()) : CodeBlock.of("1"))
        .collect(CodeBlock.joining(" + "));
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("int $N = $L", n, size)
        .addStatement("double[][] $N = new double[$N][$N]", hessian, n, n);
    for (int k = 0; k < active.size(); k++) {
      Var p = active.get(k);
      Var t = hvp.tangents().get(k);
      if (p.type().isArray()) {
        body.addStatement("$T $N = $T.zerosLike($N)", JavaTypes.of(t.type()), t.name(), JavaTypes.SHAPES, p.name());
      } else {
        body.addStatement("$T $N = 0.0", JavaTypes.of(t.type()), t.name());
      }
    }
    body.addStatement("int $N = 0", column);
    String arguments = java.util.stream.Stream.concat(f.params().stream(), hvp.tangents().stream())
        .map(Var::name).collect(Collectors.joining(", "));
    String shapes = active.stream().filter(p -> p.type().isArray()).map(p -> ", " + p.name())
        .collect(Collectors.joining());
    String columnMethod = Names.hessianMethodName(f.name()) + "Column";
    CodeBlock columnCode = CodeBlock.builder()
        .addStatement("$N($N, $N++, $N($L).hvp()$L)", columnMethod, hessian, column, Names.hvpMethodName(f.name()),
            arguments, shapes)
        .build();
    for (int k = 0; k < active.size(); k++) {
      Var p = active.get(k);
      String t = hvp.tangents().get(k).name();
      if (!p.type().isArray()) {
        body.addStatement("$N = 1.0", t).add(columnCode).addStatement("$N = 0.0", t);
      } else if (((ArrayType) p.type()).dims() == 1) {
        body.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, t, i)
            .addStatement("$N[$N] = 1.0", t, i).add(columnCode).addStatement("$N[$N] = 0.0", t, i)
            .endControlFlow();
      } else {
        body.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, t, i)
            .beginControlFlow("for (int $N = 0; $N < $N[$N].length; $N++)", j, j, t, i, j)
            .addStatement("$N[$N][$N] = 1.0", t, i, j).add(columnCode).addStatement("$N[$N][$N] = 0.0", t, i, j)
            .endControlFlow()
            .endControlFlow();
      }
    }
    body.addStatement("return $N", hessian);
    return MethodSpec.methodBuilder(Names.hessianMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double[][].class)
        .addParameters(f.params().stream().map(p -> ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build())
            .toList())
        .addJavadoc("The Hessian of {@link $T#$L} over the differentiated parameters, flattened in declaration\n"
            + "order (a {@code double} is one row and column, an array its elements, a matrix its rows one\n"
            + "after another): one {@link #$L} per column.\n", owner, f.name(), Names.hvpMethodName(f.name()))
        .addCode(body.build())
        .build();
  }

  /** {@code mHessianColumn}: one HVP's components down a column of the Hessian, flattened. */
  private static MethodSpec hessianColumnMethod(HvpFunction hvp, ClassName gradient) {
    Function f = hvp.primal();
    LocalNames taken = new LocalNames(names(f, List.of()));
    String hessian = taken.fresh("hessian");
    String column = taken.fresh("column");
    String product = taken.fresh("product");
    String row = taken.fresh("row");
    MethodSpec.Builder method = MethodSpec.methodBuilder(Names.hessianMethodName(f.name()) + "Column")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(double[][].class, hessian)
        .addParameter(TypeName.INT, column)
        .addParameter(gradient, product);
    f.activeParams().stream().filter(p -> p.type().isArray())
        .forEach(p -> method.addParameter(JavaTypes.of(p.type()), p.name()));
    method.addStatement("int $N = 0", row);
    for (Var p : f.activeParams()) {
      // A record parameter's component: product.p().x() of the record of partials.
      dev.adjoint.processor.ir.RecordParam group = f.recordOf(p);
      CodeBlock component = group == null ? CodeBlock.of("$N.$N()", product, p.name())
          : CodeBlock.of("$N.$N().$N()", product, group.name(), group.components().get(group.vars().indexOf(p)));
      if (p.type().isArray()) {
        method.addStatement("$N = $T.intoColumn($N, $N, $N, $L, $N)", row, JavaTypes.SHAPES, hessian, column, row,
            component, p.name());
      } else {
        method.addStatement("$N = $T.intoColumn($N, $N, $N, $L)", row, JavaTypes.SHAPES, hessian, column, row,
            component);
      }
    }
    return method.build();
  }
}
