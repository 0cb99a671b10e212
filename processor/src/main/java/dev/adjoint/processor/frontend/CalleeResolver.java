package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Decides whether a called method is differentiable and how: a {@code @Differentiable} method
 * of this compilation is described by its own declaration; one compiled earlier by the gradient
 * record of its {@code _Grad}, which says which parameters are active.
 */
final class CalleeResolver {
  static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";
  static final String NO_DERIVATIVE = "dev.adjoint.NoDerivative";

  private final Elements elements;

  CalleeResolver(Elements elements) {
    this.elements = elements;
  }

  static boolean hasAnnotation(Element element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
        return true;
      }
    }
    return false;
  }

  Optional<Callee> resolve(ExecutableElement method) {
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      return Optional.empty();
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    TypeRef ownerRef = TypeRefs.of(owner, elements);
    String name = method.getSimpleName().toString();
    Set<String> active;
    if (hasAnnotation(method, DIFFERENTIABLE)) {
      active = method.getParameters().stream()
          .filter(p -> carries(p.asType()) && !hasAnnotation(p, NO_DERIVATIVE))
          .map(p -> p.getSimpleName().toString())
          .collect(Collectors.toSet());
    } else {
      Optional<Set<String>> fromGrad = activeFromCompiledGrad(ownerRef, name);
      if (fromGrad.isEmpty()) {
        return Optional.empty();
      }
      active = fromGrad.get();
    }
    List<Callee.Param> params = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      dev.adjoint.processor.ir.Type type = Primitives.typeOf(p.asType());
      if (type == null) {
        return Optional.empty();
      }
      String pName = p.getSimpleName().toString();
      params.add(new Callee.Param(pName, type, active.contains(pName)));
    }
    return Optional.of(new Callee(ownerRef, name, params));
  }

  private static boolean carries(javax.lang.model.type.TypeMirror type) {
    dev.adjoint.processor.ir.Type t = Primitives.typeOf(type);
    return t != null && t.carriesDerivative();
  }

  /** The components of {@code Owner_Grad.MGradient} after {@code value}, if that class exists. */
  private Optional<Set<String>> activeFromCompiledGrad(TypeRef owner, String method) {
    TypeElement grad = elements.getTypeElement(owner.gradClass().qualifiedName());
    if (grad == null) {
      return Optional.empty();
    }
    String recordName = Names.gradientRecordName(method);
    return ElementFilter.typesIn(grad.getEnclosedElements()).stream()
        .filter(t -> t.getSimpleName().contentEquals(recordName))
        .findFirst()
        .map(record -> record.getRecordComponents().stream()
            .map(RecordComponentElement::getSimpleName)
            .map(Object::toString)
            .filter(n -> !n.equals("value"))
            .collect(Collectors.toSet()));
  }
}
