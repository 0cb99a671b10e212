package dev.adjoint.samples;

import dev.adjoint.DerivativeOf;
import dev.adjoint.Differentiable;
import org.hipparchus.special.Gamma;

/**
 * Derivative rules for Hipparchus' gamma functions, whose source Adjoint does not see: with
 * them, {@code @Differentiable} code may call {@code Gamma.logGamma} and {@code Gamma.digamma}
 * with active arguments. Each is a JVP rule: the function's tangent, linear in {@code xDot}.
 *
 * <p>{@code logGammaJvp} is {@code @Differentiable} itself, so second order (Hessians of
 * log-likelihoods) differentiates through it, and through {@code digamma}'s rule in turn;
 * {@code digammaJvp} is not (Hipparchus has no tetragamma), so code that calls {@code digamma}
 * has first derivatives only.
 */
public final class SpecialFunctionRules {
  private SpecialFunctionRules() {}

  /** d logGamma(x) = digamma(x) dx. */
  @Differentiable
  @DerivativeOf(value = Gamma.class, method = "logGamma")
  public static double logGammaJvp(double x, double xDot) {
    return Gamma.digamma(x) * xDot;
  }

  /** d digamma(x) = trigamma(x) dx. */
  @DerivativeOf(value = Gamma.class, method = "digamma")
  public static double digammaJvp(double x, double xDot) {
    return Gamma.trigamma(x) * xDot;
  }
}
