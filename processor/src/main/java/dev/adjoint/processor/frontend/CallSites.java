package dev.adjoint.processor.frontend;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Which methods a call in a body may call, before javac has attributed it: {@code f(...)} in the
 * caller's class or one enclosing it, {@code Owner.f(...)} in a class of the same package; the
 * methods of the first such class with that name and the call's argument count. The analyses that
 * look into callees' bodies ahead of attribution (written arrays, the call graph) share it.
 */
final class CallSites {
  private CallSites() {}

  static List<ExecutableElement> candidates(Elements elements, ExecutableElement caller, MethodInvocationTree call) {
    String name;
    List<TypeElement> owners = new ArrayList<>();
    if (call.getMethodSelect() instanceof IdentifierTree id) {
      name = id.getName().toString();
      for (Element e = caller.getEnclosingElement(); e instanceof TypeElement t; e = t.getEnclosingElement()) {
        owners.add(t);
      }
    } else if (call.getMethodSelect() instanceof MemberSelectTree select
        && select.getExpression() instanceof IdentifierTree self && self.getName().contentEquals("this")) {
      // this.f(...): a method of the caller's class
      name = select.getIdentifier().toString();
      owners.add((TypeElement) caller.getEnclosingElement());
    } else if (call.getMethodSelect() instanceof MemberSelectTree select
        && select.getExpression() instanceof IdentifierTree ownerName) {
      name = select.getIdentifier().toString();
      String pkg = elements.getPackageOf(caller).getQualifiedName().toString();
      TypeElement owner = elements.getTypeElement(pkg.isEmpty() ? ownerName.getName().toString()
          : pkg + "." + ownerName.getName());
      if (owner != null) {
        owners.add(owner);
      }
    } else {
      return List.of();
    }
    for (TypeElement owner : owners) {
      List<ExecutableElement> named = ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
          .filter(m -> m.getSimpleName().contentEquals(name) && m.getParameters().size() == call.getArguments().size())
          .toList();
      if (!named.isEmpty()) {
        return named;
      }
    }
    return List.of();
  }
}
