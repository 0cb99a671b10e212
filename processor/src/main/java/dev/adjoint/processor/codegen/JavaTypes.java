package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.RecordType;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.TypeRef;
import java.util.List;

final class JavaTypes {
  static final ClassName SHAPES = ClassName.get("dev.adjoint.runtime", "Shapes");

  private JavaTypes() {}

  static ClassName className(TypeRef ref) {
    List<String> names = ref.simpleNames();
    return ClassName.get(ref.packageName(), names.get(0), names.subList(1, names.size()).toArray(String[]::new));
  }

  static TypeName of(Type type) {
    if (type instanceof RecordType r) {
      return className(r.ref());
    }
    if (type instanceof dev.adjoint.processor.ir.ArrayType a) {
      TypeName t = a.floats() ? TypeName.FLOAT : of(a.element());
      for (int i = 0; i < a.dims(); i++) {
        t = com.palantir.javapoet.ArrayTypeName.of(t);
      }
      return t;
    }
    if (type instanceof dev.adjoint.processor.ir.StackType) {
      return className(dev.adjoint.processor.ir.StackType.RUNTIME_CLASS);
    }
    return switch ((Primitive) type) {
      case DOUBLE -> TypeName.DOUBLE;
      case INT -> TypeName.INT;
      case LONG -> TypeName.LONG;
      case BOOLEAN -> TypeName.BOOLEAN;
    };
  }
}
