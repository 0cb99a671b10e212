package dev.adjoint.processor.frontend;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.ir.RecordType;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The receiver of an instance method: the object its generated methods take first ({@code
 * Model_Grad.loss(model, x)}), whose fields the method reads as constants.
 */
final class Receivers {
  private Receivers() {}

  /** The receiver's name among a callee's parameters, as callers see it. */
  static final String PARAM = "receiver";

  /** Names the generated methods give their own parameters and locals. */
  private static final Set<String> GENERATED = Set.of("value", "seed", "adjoint", "tape", "gradient", "hvp", "tangent");

  static RecordType type(TypeElement owner, Elements elements) {
    return new RecordType(TypeRefs.of(owner, elements));
  }

  /**
   * The class's name with a small first letter ({@code model} for {@code Model}), unless the
   * method uses that name or the generated code does.
   */
  static String name(TypeElement owner, MethodTree tree) {
    String simple = owner.getSimpleName().toString();
    String base = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    Set<String> used = new HashSet<>(GENERATED);
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        used.add(node.getName().toString());
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitIdentifier(com.sun.source.tree.IdentifierTree node, Void unused) {
        used.add(node.getName().toString());
        return null;
      }
    }.scan(tree, null);
    String name = base;
    for (int k = 2; used.contains(name) || javax.lang.model.SourceVersion.isKeyword(name); k++) {
      name = base + "Receiver" + (k == 2 ? "" : k);
    }
    return name;
  }

  /**
   * Whether no subclass can replace {@code method} on a receiver of class {@code receiverClass}:
   * then the derivative of its body is the derivative of what a call runs.
   */
  static boolean cannotBeOverridden(ExecutableElement method, TypeElement receiverClass) {
    return method.getModifiers().contains(Modifier.FINAL)
        || receiverClass.getModifiers().contains(Modifier.FINAL)
        || receiverClass.getKind() == ElementKind.RECORD;
  }
}
