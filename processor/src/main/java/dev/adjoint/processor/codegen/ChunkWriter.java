package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.Chunks;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The chunks of the generated methods that were cut (see {@link Chunks}): per cut method {@code
 * m}, the class of the locals its chunks share and one private static method per chunk.
 */
final class ChunkWriter {
  private ChunkWriter() {}

  static void addTo(TypeSpec.Builder type, VjpFunction vjp, ClassName adjoint, Settings settings,
      java.util.Set<String> scratch) {
    addTo(type, vjp.chunks(), List.of(vjp.adjointParam()), adjoint, settings, scratch);
  }

  /** {@code adjoint} (the class of the parameter named {@code adjointParam}) is null where no chunk takes one. */
  static void addTo(TypeSpec.Builder type, List<Chunks> cuts, String adjointParam, ClassName adjoint) {
    addTo(type, cuts, List.of(adjointParam), adjoint, null);
  }

  /** As above, for a method with several adjoint objects of class {@code adjoint} (second order). */
  static void addTo(TypeSpec.Builder type, List<Chunks> cuts, List<String> adjointParams, ClassName adjoint,
      Settings settings) {
    addTo(type, cuts, adjointParams, adjoint, settings, java.util.Set.of());
  }

  /** With {@code scratch}, the scratch fields of the first adjoint object ({@link ScratchObjects}). */
  static void addTo(TypeSpec.Builder type, List<Chunks> cuts, List<String> adjointParams, ClassName adjoint,
      Settings settings, java.util.Set<String> scratch) {
    for (Chunks cut : cuts) {
      ClassName localsClass = JavaTypes.className(cut.localsClass().ref());
      TypeSpec.Builder locals = TypeSpec.classBuilder(localsClass)
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The locals of {@link #$L} that its chunks hand to each other: {@code $L} is cut into\n"
              + "methods short enough for the JIT compiler.\n", cut.method(), cut.method());
      for (Var v : cut.fields()) {
        locals.addField(FieldSpec.builder(JavaTypes.of(v.type()), v.name()).build());
      }
      type.addType(locals.build());
      StatementWriter writer = new StatementWriter(adjointParams, settings, scratch);
      for (Chunks.Chunk chunk : cut.chunks()) {
        CodeBlock.Builder body = CodeBlock.builder();
        writer.write(chunk.body(), body, chunk.takesAdjoint());
        MethodSpec.Builder method = MethodSpec.methodBuilder(chunk.name())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addJavadoc("Of {@link #$L}: $L.\n", cut.method(), chunk.what())
            .addParameter(localsClass, cut.locals().name());
        if (chunk.takesAdjoint()) {
          adjointParams.forEach(name -> method.addParameter(adjoint, name));
        }
        type.addMethod(method.addCode(body.build()).build());
      }
    }
  }
}
