package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A user's derivative rule ({@code @DerivativeOf}) for the method {@code target} of {@code
 * targetOwner}, whose parameters are {@code params}: the static method {@code rule} of {@code
 * ruleOwner}. A {@link Kind#JVP} rule takes the parameters and one tangent per {@code double}
 * parameter and returns the tangent of the result; a {@link Kind#VJP} rule takes the
 * parameters, the result if {@code takesResult}, the result's adjoint, and one adjoint array per
 * {@code double} array parameter, into which it adds. {@code differentiable} (null otherwise): the
 * JVP rule is itself {@code @Differentiable}, as a call of it, so second order can differentiate
 * the partials it gives.
 */
public record DerivativeRule(Kind kind, TypeRef targetOwner, String target, List<Type> params, Type returns,
    TypeRef ruleOwner, String rule, boolean takesResult, Callee differentiable) {
  public enum Kind { JVP, VJP }

  public DerivativeRule {
    params = List.copyOf(params);
  }

  public DerivativeRule(Kind kind, TypeRef targetOwner, String target, List<Type> params, Type returns,
      TypeRef ruleOwner, String rule, boolean takesResult) {
    this(kind, targetOwner, target, params, returns, ruleOwner, rule, takesResult, null);
  }

  /** The same rule, differentiable as {@code callee}. */
  public DerivativeRule differentiableAs(Callee callee) {
    return new DerivativeRule(kind, targetOwner, target, params, returns, ruleOwner, rule, takesResult, callee);
  }

  /** {@code Owner.rule}, as messages name it. */
  public String displayName() {
    return ruleOwner.simpleNames().get(ruleOwner.simpleNames().size() - 1) + "." + rule;
  }

  /** Whether parameter {@code i} carries a derivative: a double, or an array of doubles. */
  public boolean active(int i) {
    return params.get(i).carriesDerivative();
  }
}
