package dev.adjoint.processor.frontend;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.DerivativeRule;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Origin;
import dev.adjoint.processor.ir.Primitive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A call of a method that has a user's derivative rule, as the IR differentiates it. */
final class RuleCalls {
  private RuleCalls() {}

  /**
   * With a JVP rule, a {@link Expr.MathCall} (differentiated like a Math function, with the rule
   * giving the partials); with a VJP rule, an {@link Expr.Call} of a {@link Callee} that names the
   * rule (differentiated like a call of another method, the rule standing in for its reverse
   * sweep). Parameters are named {@code p0, p1, ...}: nothing but the generated code's locals
   * sees the names.
   */
  static Expr call(DerivativeRule rule, List<Expr> args, Origin origin, List<Origin> argOrigins) {
    if (rule.kind() == DerivativeRule.Kind.JVP) {
      return new Expr.MathCall(rule.targetOwner().qualifiedName(), rule.target(), args, Primitive.DOUBLE, rule);
    }
    List<Callee.Param> params = new ArrayList<>();
    for (int i = 0; i < rule.params().size(); i++) {
      params.add(new Callee.Param("p" + i, rule.params().get(i), rule.active(i), false));
    }
    List<Origin> origins = argOrigins.size() == args.size() ? argOrigins : Collections.nCopies(args.size(), origin);
    return new Expr.Call(Callee.ofRule(rule, params), args, origin, origins);
  }
}
