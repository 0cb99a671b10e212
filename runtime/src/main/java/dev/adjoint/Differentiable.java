package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static double} method for reverse-mode differentiation at compile time.
 *
 * <p>With {@code adjoint-processor} on the annotation processor path, javac writes a companion
 * class {@code Foo_Grad} (for a method of {@code Foo}; {@code Outer_Inner_Grad} for a nested
 * class) holding, for a method {@code m}:
 *
 * <ul>
 *   <li>{@code public static MGradient m(...)}: the value and the partial derivative with respect
 *       to every active parameter, in a record named after the method;
 *   <li>{@code public static double mVjp(..., double seed, MAdjoint adjoint)}: the allocation-free
 *       vector-Jacobian product, which adds {@code seed * dm/dp} to {@code adjoint.p} for every
 *       active parameter {@code p} and returns the value.
 * </ul>
 *
 * <p>Parameters of type {@code double} are active unless marked {@link NoDerivative}; {@code int},
 * {@code long} and {@code boolean} parameters are never active.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {}
