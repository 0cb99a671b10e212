/**
 * Lowering: brings a function into the shape the analyses and transformations expect. Entry
 * point: {@link dev.adjoint.processor.lower.Lowering#lower}.
 */
package dev.adjoint.processor.lower;
