/**
 * The front end: reads a {@code @Differentiable} method's javac trees through {@code
 * com.sun.source} and produces the IR. The only stage that sees javac; nothing of javac leaves it
 * but opaque {@link dev.adjoint.processor.ir.Origin} tokens.
 *
 * <p>Annotation processors run before javac attributes method bodies, so expression types are
 * not available from javac here. The language Adjoint accepts is small (primitives, Math calls,
 * calls of other differentiable methods), so the front end types it itself and resolves names
 * through {@link javax.lang.model.util.Elements}.
 */
package dev.adjoint.processor.frontend;
