package dev.adjoint.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Optional;
import javax.lang.model.element.VariableElement;

/**
 * A {@code private static final} table (an array of constants) that the generated class, which
 * cannot read it, may hold a copy of: its initialiser is numeric literals only ({@code {0.5,
 * -1.25, 2}}, rows of them for a matrix), and nothing in its compilation unit does anything with
 * it but read elements and lengths, so the copy holds what the original holds whenever a
 * differentiated method reads it. Lanczos and polynomial coefficients are written so.
 */
final class PrivateTables {
  private PrivateTables() {}

  /** The initialiser as Java source, if {@code field} may be copied. */
  static Optional<String> initializer(Trees trees, VariableElement field) {
    TreePath path = trees.getPath(field);
    if (path == null || !(path.getLeaf() instanceof VariableTree declaration)
        || !(declaration.getInitializer() instanceof NewArrayTree init)) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    if (!literals(init, text) || !onlyRead(trees, path.getCompilationUnit(), field)) {
      return Optional.empty();
    }
    return Optional.of(text.toString());
  }

  /** Appends {@code {a, b, ...}} for an initialiser of numeric literals (or of rows of them). */
  private static boolean literals(NewArrayTree init, StringBuilder text) {
    if (!init.getDimensions().isEmpty() || init.getInitializers() == null) {
      return false;
    }
    text.append('{');
    boolean first = true;
    for (ExpressionTree element : init.getInitializers()) {
      if (!first) {
        text.append(", ");
      }
      first = false;
      if (element instanceof NewArrayTree row) {
        if (!literals(row, text)) {
          return false;
        }
        continue;
      }
      ExpressionTree number = element;
      if (element instanceof UnaryTree u && (u.getKind() == Tree.Kind.UNARY_MINUS || u.getKind() == Tree.Kind.UNARY_PLUS)) {
        text.append(u.getKind() == Tree.Kind.UNARY_MINUS ? "-" : "");
        number = u.getExpression();
      }
      if (!(number instanceof LiteralTree literal) || !(literal.getValue() instanceof Number value)
          || value instanceof Float) {
        return false;
      }
      text.append(Literals.of(value));
    }
    text.append('}');
    return true;
  }

  /** Whether every use of {@code field} in {@code unit} reads an element or a length. */
  private static boolean onlyRead(Trees trees, com.sun.source.tree.CompilationUnitTree unit, VariableElement field) {
    boolean[] ok = {true};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        check(getCurrentPath());
        return super.visitIdentifier(node, unused);
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void unused) {
        check(getCurrentPath());
        return super.visitMemberSelect(node, unused);
      }

      private void check(TreePath use) {
        if (!field.equals(trees.getElement(use))) {
          return;
        }
        // Up through the indexing (m[i][j]) to what the element read stands in.
        TreePath at = use;
        while (at.getParentPath().getLeaf() instanceof ArrayAccessTree access && access.getExpression() == at.getLeaf()) {
          at = at.getParentPath();
        }
        Tree parent = at.getParentPath().getLeaf();
        boolean indexed = at != use;
        boolean length = parent instanceof MemberSelectTree select && select.getIdentifier().contentEquals("length");
        boolean written = parent instanceof AssignmentTree a && a.getVariable() == at.getLeaf()
            || parent instanceof CompoundAssignmentTree c && c.getVariable() == at.getLeaf()
            || parent instanceof UnaryTree u && (u.getKind() == Tree.Kind.PREFIX_INCREMENT
                || u.getKind() == Tree.Kind.PREFIX_DECREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT
                || u.getKind() == Tree.Kind.POSTFIX_DECREMENT);
        // A row of a matrix must be indexed again, or it could be handed on and written.
        boolean whole = at.getLeaf() instanceof ArrayAccessTree
            && trees.getTypeMirror(at).getKind() == javax.lang.model.type.TypeKind.ARRAY;
        ok[0] &= (indexed && !written && (!whole || length)) || (!indexed && length);
      }
    }.scan(unit, null);
    return ok[0];
  }
}
