/**
 * Adjoint's own small typed intermediate representation: what the front end produces from javac
 * trees, what the analyses read, and what the transformations consume and produce. It knows
 * nothing of javac; positions for diagnostics travel as opaque {@link
 * dev.adjoint.processor.ir.Origin} tokens.
 */
package dev.adjoint.processor.ir;
