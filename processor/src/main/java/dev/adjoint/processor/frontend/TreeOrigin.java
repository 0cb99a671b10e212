package dev.adjoint.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Origin;

/** An {@link Origin} that is a javac tree, so a diagnostic can be printed on it. */
public record TreeOrigin(Tree tree, CompilationUnitTree unit) implements Origin {}
