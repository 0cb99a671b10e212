package dev.adjoint.processor.codegen;

/**
 * What the compilation the generated file joins can compile and see.
 *
 * @param records whether the source level has records (16 and later); below it, each gradient is
 *     a final class with the same public API as the record would have
 * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is visible to
 *     the generated class (not below release 9, nor in a module that does not read
 *     {@code java.compiler}); where it is not, the class is not annotated
 */
public record Target(boolean records, boolean generatedAnnotation) {
  /** A compilation at source level 16 or later that sees {@code java.compiler}. */
  public static final Target MODERN = new Target(true, true);
}
