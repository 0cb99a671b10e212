package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter of a {@link Differentiable} method as a constant: no derivative is computed
 * with respect to it and the generated gradient record has no component for it.
 *
 * <p>Passing a value that depends on an active parameter to a {@code @NoDerivative} parameter of
 * another {@code @Differentiable} method is a compile-time error, because the derivative that
 * flows through it would be silently lost.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface NoDerivative {}
