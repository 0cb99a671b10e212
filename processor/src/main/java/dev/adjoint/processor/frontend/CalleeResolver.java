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
  private final com.sun.source.util.Trees trees;
  private final java.util.function.Consumer<ExecutableElement> discovered;

  /**
   * @param discovered told of each helper without {@code @Differentiable} whose source is in this
   *     compilation, which Adjoint then differentiates implicitly
   */
  CalleeResolver(Elements elements, com.sun.source.util.Trees trees,
      java.util.function.Consumer<ExecutableElement> discovered) {
    this.elements = elements;
    this.trees = trees;
    this.discovered = discovered;
  }

  /** Whether javac compiles {@code method}'s source now, so Adjoint can read its body. */
  boolean hasSource(ExecutableElement method) {
    return trees.getPath(method) != null;
  }

  /**
   * The array parameters {@code method} writes elements of ({@code p[i] = ...}), as far as its
   * source shows; empty for a method without source here.
   */
  Set<String> writtenArrayParameters(ExecutableElement method) {
    var path = trees.getPath(method);
    if (path == null) {
      return Set.of();
    }
    Set<String> params = method.getParameters().stream().map(p -> p.getSimpleName().toString())
        .collect(Collectors.toSet());
    Set<String> written = new java.util.HashSet<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      private void target(com.sun.source.tree.ExpressionTree variable) {
        com.sun.source.tree.ExpressionTree root = variable;
        while (root instanceof com.sun.source.tree.ArrayAccessTree access) {
          root = access.getExpression();
        }
        if (variable instanceof com.sun.source.tree.ArrayAccessTree
            && root instanceof com.sun.source.tree.IdentifierTree id && params.contains(id.getName().toString())) {
          written.add(id.getName().toString());
        }
      }

      @Override
      public Void visitAssignment(com.sun.source.tree.AssignmentTree t, Void unused) {
        target(t.getVariable());
        return super.visitAssignment(t, unused);
      }

      @Override
      public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree t, Void unused) {
        target(t.getVariable());
        return super.visitCompoundAssignment(t, unused);
      }

      @Override
      public Void visitUnary(com.sun.source.tree.UnaryTree t, Void unused) {
        target(t.getExpression());
        return super.visitUnary(t, unused);
      }
    }.scan(path.getLeaf(), null);
    return written;
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
    } else if (hasSource(method) && (Primitives.of(method.getReturnType()) == Primitive.DOUBLE
            || method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
            || returnsDoubleArray(method))
        && !method.getModifiers().contains(Modifier.PRIVATE)) {
      // A helper of this compilation: differentiated implicitly, like Clad does.
      active = method.getParameters().stream()
          .filter(p -> carries(p.asType()) && !hasAnnotation(p, NO_DERIVATIVE))
          .map(p -> p.getSimpleName().toString())
          .collect(Collectors.toSet());
      discovered.accept(method);
    } else {
      Optional<Set<String>> fromGrad = activeFromCompiledGrad(ownerRef, name);
      if (fromGrad.isEmpty()) {
        return Optional.empty();
      }
      active = fromGrad.get();
    }
    Set<String> written = writtenArrayParameters(method);
    List<Callee.Param> params = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      dev.adjoint.processor.ir.Type type = Primitives.typeOf(p.asType());
      if (type == null) {
        return Optional.empty();
      }
      String pName = p.getSimpleName().toString();
      params.add(new Callee.Param(pName, type, active.contains(pName), written.contains(pName)));
    }
    dev.adjoint.processor.ir.Type returns = returnsDoubleArray(method)
        ? Primitives.typeOf(method.getReturnType()) : Primitive.DOUBLE;
    // Split calls need the callee's mForward and mReverse: generated in this compilation with
    // the callee's source, looked up in a compiled _Grad otherwise (older ones lack them).
    boolean split = returns == Primitive.DOUBLE
        && (hasSource(method) || compiledGradHas(ownerRef, Names.forwardMethodName(name)));
    return Optional.of(new Callee(ownerRef, name, params, returns, split));
  }

  static boolean returnsDoubleArray(ExecutableElement method) {
    dev.adjoint.processor.ir.Type t = Primitives.typeOf(method.getReturnType());
    return t != null && t.isArray() && t.carriesDerivative();
  }

  private static boolean carries(javax.lang.model.type.TypeMirror type) {
    dev.adjoint.processor.ir.Type t = Primitives.typeOf(type);
    return t != null && t.carriesDerivative();
  }

  private boolean compiledGradHas(TypeRef owner, String methodName) {
    TypeElement grad = elements.getTypeElement(owner.gradClass().qualifiedName());
    return grad != null && ElementFilter.methodsIn(grad.getEnclosedElements()).stream()
        .anyMatch(m -> m.getSimpleName().contentEquals(methodName));
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
