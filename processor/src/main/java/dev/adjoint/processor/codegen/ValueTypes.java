package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The immutable values generated code returns ({@code MGradient}, {@code MJvp}, {@code MHvp},
 * {@code FJacobian}): a record from source level 16 on; below it, a final class with a record's
 * public API (canonical constructor, accessors, and equals, hashCode and toString computed as a
 * record's are), so that code written against one compiles against the other.
 */
final class ValueTypes {
  private ValueTypes() {}

  static TypeSpec of(ClassName name, List<ParameterSpec> components, CodeBlock javadoc, Target target) {
    return target.records() ? record(name, components, javadoc) : finalClass(name, components, javadoc);
  }

  private static TypeSpec record(ClassName name, List<ParameterSpec> components, CodeBlock javadoc) {
    return TypeSpec.recordBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(MethodSpec.constructorBuilder().addParameters(components).build())
        .addJavadoc(javadoc)
        .build();
  }

  private static TypeSpec finalClass(ClassName name, List<ParameterSpec> components, CodeBlock javadoc) {
    TypeSpec.Builder type = TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(javadoc)
        .addJavadoc("\n<p>A record from source level 16 on; a final class with the same members below it.\n");
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
    ClassName doubles = ClassName.get(Double.class);
    ClassName objects = ClassName.get(java.util.Objects.class);
    CodeBlock.Builder equal = CodeBlock.builder();
    CodeBlock.Builder hash = CodeBlock.builder().addStatement("int h = 0");
    CodeBlock.Builder text = CodeBlock.builder().add("return $S", name.simpleName() + "[");
    for (int i = 0; i < components.size(); i++) {
      ParameterSpec c = components.get(i);
      boolean primitive = c.type().isPrimitive();
      type.addField(FieldSpec.builder(c.type(), c.name(), Modifier.PRIVATE, Modifier.FINAL).build());
      constructor.addParameter(c).addStatement("this.$N = $N", c.name(), c.name());
      type.addMethod(MethodSpec.methodBuilder(c.name()).addModifiers(Modifier.PUBLIC).returns(c.type())
          .addStatement("return this.$N", c.name()).build());
      equal.add(i == 0 ? "return " : "\n    && ");
      equal.add(primitive ? CodeBlock.of("$T.compare(this.$N, that.$N) == 0", doubles, c.name(), c.name())
          : CodeBlock.of("$T.equals(this.$N, that.$N)", objects, c.name(), c.name()));
      hash.addStatement("h = 31 * h + $T.hashCode(this.$N)", primitive ? doubles : objects, c.name());
      // A record's toString shows an array as its identity, as Object.toString does.
      text.add(" + $S + this.$N", (i == 0 ? "" : ", ") + c.name() + "=", c.name());
    }
    if (components.isEmpty()) {
      equal.add("return true");
    }
    type.addMethod(constructor.build());
    type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(ClassName.get(Override.class))
        .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN).addParameter(ClassName.get(Object.class), "o")
        .beginControlFlow("if (!(o instanceof $T))", name).addStatement("return false").endControlFlow()
        .addStatement("$T that = ($T) o", name, name)
        .addStatement("$L", equal.build())
        .build());
    type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(ClassName.get(Override.class))
        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
        .addCode(hash.build()).addStatement("return h").build());
    type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(ClassName.get(Override.class))
        .addModifiers(Modifier.PUBLIC).returns(ClassName.get(String.class))
        .addCode(text.add(" + $S;\n", "]").build()).build());
    return type.build();
  }
}
