package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.TypeRef;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

final class TypeRefs {
  private TypeRefs() {}

  static TypeRef of(TypeElement type, Elements elements) {
    Deque<String> names = new ArrayDeque<>();
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      names.addFirst(t.getSimpleName().toString());
    }
    return new TypeRef(elements.getPackageOf(type).getQualifiedName().toString(), names.stream().toList());
  }
}
