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

  static void write(JvpFunction jvp, ClassName grad, ClassName owner, TypeSpec.Builder type) {
    Function f = jvp.primal();
    ClassName record = grad.nestedClass(Names.jvpRecordName(f.name()));
    var valueType = JavaTypes.of(f.returnType());
    type.addType(TypeSpec.recordBuilder(record)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(valueType, "value")
            .addParameter(valueType, "tangent")
            .build())
        .addJavadoc("The value of {@link $T#$L} and its derivative along the tangents given to {@link #$L}.\n",
            owner, f.name(), Names.jvpMethodName(f.name()))
        .build());
    List<ParameterSpec> parameters = new ArrayList<>();
    f.params().forEach(p -> parameters.add(ParameterSpec.builder(JavaTypes.of(p.type()), p.name()).build()));
    jvp.tangents().forEach(t -> parameters.add(ParameterSpec.builder(JavaTypes.of(t.type()), t.name()).build()));
    CodeBlock.Builder body = CodeBlock.builder();
    new StatementWriter("").write(jvp.body(), body);
    body.addStatement("return new $T($L, $L)", record, ExpressionWriter.write(jvp.value()),
        ExpressionWriter.write(jvp.tangent()));
    String pairs = f.activeParams().isEmpty() ? "no parameter"
        : jvp.tangents().stream().map(Var::name).collect(Collectors.joining(", "));
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
}
