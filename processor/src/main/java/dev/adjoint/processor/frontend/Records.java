package dev.adjoint.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.ProblemException;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Records of numbers and arrays, which a {@code @Differentiable} method holds component by
 * component: {@code Point p} as {@code p_x} and {@code p_y}, {@code p.x()} as a read of {@code
 * p_x}, {@code new Point(a, b)} as its arguments. That is what the record is only if its
 * constructor stores its arguments and its accessors return them: the canonical constructor and
 * the accessors must be the ones Java declares implicitly: the record's source declares neither.
 * A record compiled without its source is taken to have them (an explicit canonical constructor
 * that javac marks as such is refused all the same).
 */
final class Records {
  private final Elements elements;
  private final com.sun.source.util.Trees trees;

  Records(Elements elements, com.sun.source.util.Trees trees) {
    this.elements = elements;
    this.trees = trees;
  }

  /** A component: its name, its IR type, and whether it is a float carried in a double. */
  record Component(String name, Type type, boolean isFloat) {}

  /** The IR type of a parameter or argument of a record type, for choosing overloads; null for other types. */
  static Type irType(TypeMirror type) {
    TypeElement record = recordType(type);
    if (record == null) {
      return null;
    }
    java.util.Deque<String> names = new java.util.ArrayDeque<>();
    javax.lang.model.element.Element e = record;
    for (; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      names.addFirst(t.getSimpleName().toString());
    }
    String pkg = e instanceof javax.lang.model.element.PackageElement p ? p.getQualifiedName().toString() : "";
    return new dev.adjoint.processor.ir.RecordType(new dev.adjoint.processor.ir.TypeRef(pkg, List.copyOf(names)));
  }

  /** The record class {@code type} names, or null if it is not a record. */
  static TypeElement recordType(TypeMirror type) {
    return type instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.RECORD
        ? (TypeElement) declared.asElement() : null;
  }

  /** The components of {@code record}, or a problem at {@code at} saying why it cannot be held so. */
  List<Component> components(TypeElement record, Tree at, CompilationUnitTree unit) {
    String name = record.getSimpleName().toString();
    if (!record.getTypeParameters().isEmpty()) {
      throw new ProblemException(new TreeOrigin(at, unit), Message.RECORD_UNSUPPORTED, name,
          "it has type parameters");
    }
    java.util.Set<String> declared = declaredMethods(record);
    for (ExecutableElement constructor : ElementFilter.constructorsIn(record.getEnclosedElements())) {
      // javac marks the implicit canonical constructor MANDATED (its tree holds one too).
      if (elements.getOrigin(constructor) == Elements.Origin.EXPLICIT && isCanonical(constructor, record)) {
        throw new ProblemException(new TreeOrigin(at, unit), Message.RECORD_UNSUPPORTED, name,
            "it declares its canonical constructor, which may check or change the values it is given");
      }
    }
    List<Component> components = new ArrayList<>();
    for (RecordComponentElement c : record.getRecordComponents()) {
      if (declared != null && declared.contains(c.getSimpleName() + "0")) {
        throw new ProblemException(new TreeOrigin(at, unit), Message.RECORD_UNSUPPORTED, name,
            "it declares the accessor " + c.getSimpleName() + "(), which may return something else than the component");
      }
      boolean isFloat = c.asType().getKind() == TypeKind.FLOAT;
      Type type = isFloat ? Primitive.DOUBLE : Primitives.typeOf(c.asType());
      if (type == null) {
        throw new ProblemException(new TreeOrigin(at, unit), Message.RECORD_UNSUPPORTED, name,
            "its component " + c.getSimpleName() + " has type " + c.asType()
                + "; components may be numbers, booleans and their arrays");
      }
      if (type instanceof dev.adjoint.processor.ir.ArrayType a && a.floats()) {
        // Its partials, doubles, would not fit a record of the same type.
        throw new ProblemException(new TreeOrigin(at, unit), Message.RECORD_UNSUPPORTED, name,
            "its component " + c.getSimpleName() + " is a " + c.asType()
                + ", whose partials (doubles) a record of its type cannot hold; pass the array as a parameter of its own");
      }
      components.add(new Component(c.getSimpleName().toString(), type, isFloat));
    }
    return components;
  }

  /**
   * The methods the record's source declares, as name and parameter count ({@code x0}): javac
   * reports its implicit accessors as explicit, but they are not in the source; null without source.
   */
  private java.util.Set<String> declaredMethods(TypeElement record) {
    com.sun.source.tree.ClassTree tree = trees.getTree(record);
    if (tree == null) {
      return null;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Tree member : tree.getMembers()) {
      if (member instanceof com.sun.source.tree.MethodTree m) {
        names.add(m.getName() + String.valueOf(m.getParameters().size()));
      }
    }
    return names;
  }

  private static boolean isCanonical(ExecutableElement constructor, TypeElement record) {
    List<? extends RecordComponentElement> components = record.getRecordComponents();
    if (constructor.getParameters().size() != components.size()) {
      return false;
    }
    for (int i = 0; i < components.size(); i++) {
      if (!constructor.getParameters().get(i).asType().toString().equals(components.get(i).asType().toString())) {
        return false;
      }
    }
    return true;
  }
}
