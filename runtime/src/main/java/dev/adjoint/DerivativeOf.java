package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as the derivative rule of another method, {@code value().method()}:
 * differentiated code that calls the target is differentiated through the rule instead of
 * through the target's body (a library method without source, or one whose own derivative is
 * unstable or costly). The target overload is the one whose parameters the rule's first
 * parameters repeat. Two forms, told apart by what the rule returns:
 *
 * <ul>
 *   <li><b>JVP rule</b>, returning {@code double}, for a target returning {@code double} with
 *       {@code double}, {@code int} or {@code long} parameters: the target's parameters, then one
 *       {@code double} tangent per {@code double} parameter, in order; it returns the target's
 *       tangent, which must be linear in the tangents:
 *       <pre>{@code
 * @DerivativeOf(value = Gamma.class, method = "logGamma")
 * static double logGammaJvp(double x, double xDot) { return Gamma.digamma(x) * xDot; }
 *       }</pre>
 *       Forward mode calls it with the tangents; reverse mode calls it once per active argument
 *       with a unit tangent, to get that partial derivative. Second order (Hessian-vector
 *       products) needs the rule's own derivative: annotate the rule {@code @Differentiable} (its
 *       body may call targets with rules of their own).
 *   <li><b>VJP rule</b>, returning {@code void}, for a target returning {@code double} or an
 *       array of doubles whose active parameters are arrays of doubles: the target's parameters,
 *       optionally its result, then the result's adjoint ({@code double} or an array like the
 *       result), then one adjoint array per {@code double[]} or {@code double[][]} parameter, in
 *       order, into which the rule adds:
 *       <pre>{@code
 * @DerivativeOf(value = Linear.class, method = "solve")
 * static void solveVjp(double[][] a, double[] b, double[] x, double[] xBar, double[][] aBar, double[] bBar)
 *       }</pre>
 *       Reverse mode calls it in place of the target's reverse sweep; there is no forward mode
 *       through a VJP rule (as with JAX's {@code custom_vjp}).
 * </ul>
 *
 * <p>The target is taken to be a pure function: it must not write into the arrays it is given.
 * A rule applies to the code compiled with it (the same {@code javac} run).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {
  /** The class that declares the target method. */
  Class<?> value();

  /** The target method's name. */
  String method();
}
