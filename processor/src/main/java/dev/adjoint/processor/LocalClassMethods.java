package dev.adjoint.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.frontend.TreeOrigin;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Differentiable} methods of local and anonymous classes (and of classes nested in them):
 * javac shows annotation processors no element declared inside a method body, so without this
 * scan they would be silently ignored. Found on the trees of the round's compilation units, by the
 * annotation's name as the unit imports it.
 */
final class LocalClassMethods {
  private LocalClassMethods() {}

  static List<Problem> find(Trees trees, Set<? extends Element> rootElements) {
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    for (Element root : rootElements) {
      if (root instanceof TypeElement) {
        TreePath path = trees.getPath(root);
        if (path != null) {
          units.add(path.getCompilationUnit());
        }
      }
    }
    List<Problem> problems = new ArrayList<>();
    for (CompilationUnitTree unit : units) {
      try {
        scan(unit, problems);
      } catch (StackOverflowError tooDeep) {
        // Only a search for misplaced annotations: a unit too deep to walk is left to the
        // differentiation itself, which reports what it cannot read on the method.
      }
    }
    return problems;
  }

  private static void scan(CompilationUnitTree unit, List<Problem> problems) {
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitBinary(com.sun.source.tree.BinaryTree tree, Void unused) {
          // Long sums are left-deep: walk their left spine in a loop, not by recursion.
          List<Tree> rights = new ArrayList<>();
          Tree e = tree;
          while (e instanceof com.sun.source.tree.BinaryTree b) {
            rights.add(b.getRightOperand());
            e = b.getLeftOperand();
          }
          scan(e, unused);
          for (int i = rights.size() - 1; i >= 0; i--) {
            scan(rights.get(i), unused);
          }
          return null;
        }

        @Override
        public Void visitClass(ClassTree tree, Void unused) {
          Tree parent = getCurrentPath().getParentPath().getLeaf();
          String where = parent instanceof NewClassTree ? "an anonymous class"
              : !(parent instanceof ClassTree || parent instanceof CompilationUnitTree) ? "local class " + tree.getSimpleName()
              : insideMethodBody(getCurrentPath()) ? "class " + tree.getSimpleName() + ", nested in a local or anonymous class"
              : null;
          if (where != null) {
            for (Tree member : tree.getMembers()) {
              if (member instanceof MethodTree method && annotated(method, unit)) {
                problems.add(Problem.of(new TreeOrigin(method, unit), Message.LOCAL_CLASS_METHOD, method.getName(), where));
              }
            }
          }
          return super.visitClass(tree, unused);
        }
      }.scan(unit, null);
  }

  /** Whether a class of the path, above its leaf, is not a member of a class or the unit. */
  private static boolean insideMethodBody(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null && !(p.getLeaf() instanceof CompilationUnitTree); p = p.getParentPath()) {
      if (!(p.getLeaf() instanceof ClassTree)) {
        return true;
      }
    }
    return false;
  }

  private static boolean annotated(MethodTree method, CompilationUnitTree unit) {
    for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
      String name = annotation.getAnnotationType().toString();
      if (name.equals(AdjointProcessor.ANNOTATION)) {
        return true;
      }
      if (name.equals("Differentiable") && importsTheAnnotation(unit)) {
        return true;
      }
    }
    return false;
  }

  private static boolean importsTheAnnotation(CompilationUnitTree unit) {
    if (unit.getPackageName() != null && unit.getPackageName().toString().equals("dev.adjoint")) {
      return true;
    }
    for (ImportTree imp : unit.getImports()) {
      String imported = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && (imported.equals(AdjointProcessor.ANNOTATION) || imported.equals("dev.adjoint.*"))) {
        return true;
      }
    }
    return false;
  }
}
