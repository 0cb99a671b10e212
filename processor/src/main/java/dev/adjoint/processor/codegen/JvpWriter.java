package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.JvpFunction;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** Forward mode's members of a {@code _Grad} class: the record {@code MJvp} and {@code mJvp}. */
final class JvpWriter {
  private JvpWriter() {}

  static void write(JvpFunction jvp, ClassName grad, ClassName owner, Target target, TypeSpec.Builder type) {
    Function f = jvp.primal();
    ClassName record = grad.nestedClass(Names.jvpRecordName(f.name()));
    var valueType = JavaTypes.of(f.returnType());
    type.addType(ValueTypes.of(record,
        List.of(ParameterSpec.builder(valueType, "value").build(),
            ParameterSpec.builder(JavaTypes.of(f.returnType().derivative()), "tangent").build()),
        CodeBlock.of("The value of {@link $T#$L} and its derivative along the tangents given to {@link #$L}.\n",
            owner, f.name(), Names.jvpMethodName(f.name())), target));
    List<ParameterSpec> parameters = new ArrayList<>();
    f.params().forEach(p -> parameters.add(ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build()));
    jvp.tangents().forEach(t -> parameters.add(ParameterSpec.builder(JavaTypes.of(t.type()), t.name()).build()));
    String pairs = f.activeParams().isEmpty() ? "no parameter"
        : jvp.tangents().stream().map(Var::name).collect(Collectors.joining(", "));
    CodeBlock.Builder body = CodeBlock.builder();
    if (f.returnType().isArray()) {
      new StatementWriter("").write(jvp.body(), body);
      body.addStatement("return new $T($L, $L)", record, ExpressionWriter.write(jvp.value()),
          ExpressionWriter.write(jvp.tangent()));
    } else {
      // The record's method runs the allocation-free one, which holds the code.
      java.util.Set<String> used = new java.util.HashSet<>();
      parameters.forEach(p -> used.add(p.name()));
      dev.adjoint.processor.ir.Walk.mentionedVars(jvp.body()).forEach(v -> used.add(v.name()));
      LocalNames taken = new LocalNames(used);
      String into = taken.fresh("tangent");
      String value = taken.fresh("value");
      String args = parameters.stream().map(p -> p.name()).collect(Collectors.joining(", "));
      body.addStatement("double[] $N = new double[1]", into)
          .addStatement("double $N = $N($L, $N)", value, Names.jvpMethodName(f.name()), args, into)
          .addStatement("return new $T($N, $N[0])", record, value, into);
      type.addMethod(intoMethod(jvp, parameters, into, owner, pairs));
    }
    type.addMethod(MethodSpec.methodBuilder(Names.jvpMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(parameters)
        .addJavadoc("Jacobian-vector product (forward mode) of {@link $T#$L}: its value, and its directional\n"
            + "derivative along the tangents $L of the differentiated parameters (the sum of each\n"
            + "partial derivative times its tangent).\n", owner, f.name(), pairs)
        .addCode(body.build())
        .build());
    ChunkWriter.addTo(type, jvp.chunks(), "", null);
  }

  /** {@code double mJvp(..., double[] tangent)}: the value, and the tangent in {@code tangent[0]}. */
  private static MethodSpec intoMethod(JvpFunction jvp, List<ParameterSpec> parameters, String into, ClassName owner,
      String pairs) {
    Function f = jvp.primal();
    CodeBlock.Builder body = CodeBlock.builder();
    new StatementWriter("").write(jvp.body(), body);
    body.addStatement("$N[0] = $L", into, ExpressionWriter.write(jvp.tangent()));
    body.addStatement("return $L", ExpressionWriter.write(jvp.value()));
    return MethodSpec.methodBuilder(Names.jvpMethodName(f.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double.class)
        .addParameters(parameters)
        .addParameter(double[].class, into)
        .addJavadoc("The allocation-free {@link #$L}: returns the value of {@link $T#$L} and stores its\n"
            + "directional derivative along $L in {@code $N[0]}.\n", Names.jvpMethodName(f.name()), owner, f.name(),
            pairs, into)
        .addCode(body.build())
        .build();
  }
}
