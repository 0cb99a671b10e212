/**
 * Code generation: IR to Java source with JavaPoet. Entry point: {@link
 * dev.adjoint.processor.codegen.GradClassWriter}.
 */
package dev.adjoint.processor.codegen;
