package dev.adjoint.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import java.io.IOException;

/** The user's own spelling of a tree, for literals and for comments in generated code. */
final class SourceText {
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final CharSequence content;

  SourceText(CompilationUnitTree unit, SourcePositions positions) {
    this.unit = unit;
    this.positions = positions;
    this.content = read(unit);
  }

  private static CharSequence read(CompilationUnitTree unit) {
    try {
      return unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }

  /** The tree's text with runs of white space folded to one space; javac's rendering if unknown. */
  String of(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    if (content == null || start < 0 || end <= start || end > content.length()) {
      return tree.toString();
    }
    return content.subSequence((int) start, (int) end).toString().replaceAll("\\s+", " ").trim();
  }
}
