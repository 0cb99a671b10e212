package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Walk;

/**
 * Entry point of lowering. Straight-line functions pass through untouched. Others become
 * structured code the reverse transformation can mirror: no break, continue or early return
 * ({@link JumpElimination}), and every variable declared at the top of the function ({@link
 * HoistDeclarations}), since the reverse sweep reads it from other blocks.
 */
public final class Lowering {
  private Lowering() {}

  public static Function lower(Function f) {
    if (Walk.isStraightLine(f.body())) {
      return f;
    }
    return HoistDeclarations.apply(JumpElimination.apply(f));
  }
}
