package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.report.Message;
import dev.adjoint.processor.report.ProblemException;
import dev.adjoint.processor.rules.DerivativeTable;
import java.util.List;
import java.util.Set;

/**
 * Rejects the places where a differentiated value would flow into something with no
 * derivative: a Math function without a rule, or a {@code @NoDerivative} parameter of a callee.
 * Without these checks the gradient would be silently wrong.
 */
final class ActivityChecks {
  private ActivityChecks() {}

  static void check(List<Stmt> body, Analysis analysis) {
    dev.adjoint.processor.ir.Walk.statements(body, s -> {
      Expr rhs = Analysis.rhs(s);
      // Every statement, not only active ones: a derivative lost into a @NoDerivative parameter
      // is exactly what makes a statement look inactive.
      if (rhs != null) {
        check(rhs, analysis.variedBefore(s));
      }
    });
  }

  private static void check(Expr e, Set<Var> varied) {
    if (e instanceof Expr.PrimalCall call && !call.zeroDerivative()) {
      for (Expr arg : call.args()) {
        if (Derivatives.isVaried(arg, varied)) {
          String name = call.owner().simpleNames().get(call.owner().simpleNames().size() - 1) + "." + call.name();
          boolean math = call.owner().qualifiedName().equals("java.lang.Math")
              || call.owner().qualifiedName().equals("java.lang.StrictMath");
          throw math
              ? new ProblemException(call.origin(), Message.MATH_NOT_DIFFERENTIABLE, name,
                  String.join(" ", DerivativeTable.differentiableNames()))
              : new ProblemException(call.origin(), Message.NOT_DIFFERENTIABLE_CALL, name);
        }
      }
    }
    if (e instanceof Expr.Call call) {
      for (int i = 0; i < call.args().size(); i++) {
        Callee.Param param = call.callee().params().get(i);
        if (!param.active() && param.type().carriesDerivative() && Derivatives.isVaried(call.args().get(i), varied)) {
          throw new ProblemException(call.argOrigins().get(i), Message.ACTIVE_INTO_NO_DERIVATIVE, param.name(),
              call.callee().owner().simpleNames().get(call.callee().owner().simpleNames().size() - 1) + "."
                  + call.callee().name());
        }
      }
    }
    Derivatives.forEachCarrier(e, child -> check(child, varied));
  }
}
