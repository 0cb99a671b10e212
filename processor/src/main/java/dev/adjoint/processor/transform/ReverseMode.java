package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.analysis.IndependentIterations;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.VjpFunction;

/**
 * Entry point of reverse mode: a function to its vector-Jacobian product (see {@link
 * ReverseSweep} for how one run goes).
 */
public final class ReverseMode {
  private ReverseMode() {}

  public static VjpFunction transform(Function f, Analysis analysis, Settings settings) {
    VjpFunction plain = new ReverseSweep(new Sweep(f, analysis, settings, false, ""), false).run();
    if (!settings.on(Optimization.ITERATIONWISE) || !hasLoopOfSums(f, analysis)) {
      return plain;
    }
    ReverseSweep fusing = new ReverseSweep(new Sweep(f, analysis, settings, false, "/fused"), true);
    VjpFunction fused = fusing.run();
    // mVjp reverses sums' iterations in its forward sweep; mForward and mReverse, which a caller
    // runs apart, keep the plain sweeps. The two runs name the shared parameters alike.
    if (!fusing.reversedInForwardSweep() || !fused.seed().name().equals(plain.seed().name())
        || !fused.adjointParam().equals(plain.adjointParam())
        || (plain.value() != null && !fused.value().name().equals(plain.value().name()))) {
      return plain;
    }
    return new VjpFunction(f, fused.seed(), fused.adjointParam(), fused.body(), fused.value(), false, plain.split());
  }

  private static boolean hasLoopOfSums(Function f, Analysis analysis) {
    for (int i = 0; i < f.body().size(); i++) {
      if (f.body().get(i) instanceof Stmt.Loop && IndependentIterations.sums(f, analysis, i, Exprs.ONE) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The variant for callers: the adjoints of the array parameters {@code f} writes into are
   * replaced (in: of their final contents; out: of the contents passed in), as a caller that
   * passes its own array needs; or null if {@code f} writes into no active array parameter.
   */
  public static VjpFunction transformInOut(Function f, Analysis analysis, Settings settings) {
    boolean writesActiveArray = f.activeParams().stream()
        .anyMatch(p -> p.type().isArray() && analysis.writtenArrays().contains(p));
    return writesActiveArray ? new ReverseSweep(new Sweep(f, analysis, settings, true, "/inOut"), false).run() : null;
  }
}
