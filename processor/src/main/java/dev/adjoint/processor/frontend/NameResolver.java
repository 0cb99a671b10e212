package dev.adjoint.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a method body uses outside its own locals (classes, static fields, static
 * methods) the way the Java scope rules do for the cases Adjoint accepts: the enclosing classes,
 * the imports, the same package and {@code java.lang}.
 */
final class NameResolver {
  private final Elements elements;
  private final TypeElement enclosingClass;
  private final CompilationUnitTree unit;

  NameResolver(Elements elements, TypeElement enclosingClass, CompilationUnitTree unit) {
    this.elements = elements;
    this.enclosingClass = enclosingClass;
    this.unit = unit;
  }

  /** The class an expression such as {@code Math}, {@code Foo.Inner} or {@code p.Foo} names. */
  Optional<TypeElement> resolveType(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return resolveSimpleType(id.getName().toString());
    }
    if (tree instanceof MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      Optional<TypeElement> outer = resolveType(select.getExpression());
      if (outer.isPresent()) {
        return memberType(outer.get(), name);
      }
      return Optional.ofNullable(elements.getTypeElement(select.toString()));
    }
    return Optional.empty();
  }

  private Optional<TypeElement> resolveSimpleType(String name) {
    for (Element c = enclosingClass; c instanceof TypeElement type; c = c.getEnclosingElement()) {
      if (type.getSimpleName().contentEquals(name)) {
        return Optional.of(type);
      }
      Optional<TypeElement> member = memberType(type, name);
      if (member.isPresent()) {
        return member;
      }
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree q
          && q.getIdentifier().contentEquals(name)) {
        return Optional.ofNullable(elements.getTypeElement(q.toString()));
      }
    }
    String pkg = elements.getPackageOf(enclosingClass).getQualifiedName().toString();
    TypeElement samePackage = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
    if (samePackage != null) {
      return Optional.of(samePackage);
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree q
          && q.getIdentifier().contentEquals("*")) {
        TypeElement found = elements.getTypeElement(q.getExpression() + "." + name);
        if (found != null) {
          return Optional.of(found);
        }
      }
    }
    return Optional.ofNullable(elements.getTypeElement("java.lang." + name));
  }

  private static Optional<TypeElement> memberType(TypeElement owner, String name) {
    return ElementFilter.typesIn(owner.getEnclosedElements()).stream()
        .filter(t -> t.getSimpleName().contentEquals(name))
        .findFirst();
  }

  /** A field a simple name refers to: of an enclosing class, or statically imported. */
  Optional<VariableElement> resolveField(String name) {
    for (Element c = enclosingClass; c instanceof TypeElement type; c = c.getEnclosingElement()) {
      Optional<VariableElement> field = field(type, name);
      if (field.isPresent()) {
        return field;
      }
    }
    for (TypeElement owner : staticImportOwners(name)) {
      Optional<VariableElement> field = field(owner, name);
      if (field.isPresent()) {
        return field;
      }
    }
    return Optional.empty();
  }

  Optional<VariableElement> field(TypeElement owner, String name) {
    for (TypeElement t = owner; t != null; t = superclass(t)) {
      for (VariableElement f : ElementFilter.fieldsIn(t.getEnclosedElements())) {
        if (f.getSimpleName().contentEquals(name)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  private TypeElement superclass(TypeElement t) {
    Element e = t.getSuperclass() == null ? null : elements.getTypeElement(t.getSuperclass().toString());
    return e instanceof TypeElement st && !st.getQualifiedName().contentEquals("java.lang.Object") ? st : null;
  }

  /**
   * The static methods a simple name may call: those of the innermost enclosing class that has a
   * method of that name, else the statically imported ones.
   */
  List<ExecutableElement> resolveMethods(String name) {
    for (Element c = enclosingClass; c instanceof TypeElement type; c = c.getEnclosingElement()) {
      List<ExecutableElement> found = methods(type, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    List<ExecutableElement> imported = new ArrayList<>();
    for (TypeElement owner : staticImportOwners(name)) {
      imported.addAll(methods(owner, name));
    }
    return imported;
  }

  List<ExecutableElement> methods(TypeElement owner, String name) {
    return ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(name))
        .toList();
  }

  /** Classes whose member {@code name} a static import brings into scope. */
  private List<TypeElement> staticImportOwners(String name) {
    List<TypeElement> owners = new ArrayList<>();
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree q
          && (q.getIdentifier().contentEquals(name) || q.getIdentifier().contentEquals("*"))) {
        TypeElement owner = elements.getTypeElement(q.getExpression().toString());
        if (owner != null) {
          owners.add(owner);
        }
      }
    }
    return owners;
  }

  static boolean isMathClass(TypeElement type) {
    String name = type.getQualifiedName().toString();
    return name.equals("java.lang.Math") || name.equals("java.lang.StrictMath");
  }

  static boolean isKind(Element e, ElementKind kind) {
    return e != null && e.getKind() == kind;
  }

  static String describe(Tree tree) {
    return "'" + tree + "'";
  }
}
