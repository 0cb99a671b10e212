package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.config.Optimization;
import dev.adjoint.processor.config.Settings;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.StackType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;

/**
 * What the parts of one reverse-mode run share: the function and its analysis, the settings, the
 * names and adjoint variables handed out so far, and the tape, made when first needed.
 */
final class Sweep {
  final Function f;
  final Analysis analysis;
  final Settings settings;
  final FreshNames names;
  final Adjoints adjoints;
  /** The adjoint of the result: a {@code double}, or for a function returning an array that array's adjoint. */
  final Var seed;
  final String adjointParam;
  /** Whether this run makes {@code mVjpInOut}, which replaces the adjoints of written array parameters. */
  final boolean inOut;
  private Var tape;
  private int sites;

  /** Tells the runs of one function apart in tape sites: "", "/fused" or "/inOut". */
  private final String run;

  Sweep(Function f, Analysis analysis, Settings settings, boolean inOut, String run) {
    this.f = f;
    this.run = run;
    this.analysis = analysis;
    this.settings = settings;
    this.inOut = inOut;
    this.names = new FreshNames(f);
    this.adjoints = new Adjoints(names, settings.on(Optimization.LIKE_TERMS));
    this.seed = Var.synthetic(names.fresh("seed"), f.returnType().isArray() ? f.returnType().derivative() : Primitive.DOUBLE);
    this.adjointParam = names.fresh("adjoint");
  }

  /** The top-level loop whose iterations this run is reversing one by one, while it does; else null. */
  Stmt.Loop iterationwise;

  /** Whether {@code s} records its target's old value, where this run is. */
  boolean recordsOldValue(Stmt s) {
    return analysis.recordsOldValue(s, iterationwise);
  }

  boolean on(Optimization o) {
    return settings.on(o);
  }

  /** The thread's tape, declared at the top of the product once something goes on it. */
  Var tape() {
    if (tape == null) {
      tape = Var.synthetic(names.fresh("tape"), StackType.INSTANCE);
    }
    return tape;
  }

  /** The tape if something uses it already, else null. */
  Var tapeIfUsed() {
    return tape;
  }

  /**
   * A name for one push, for the tape checker: unique in the generated class (the method, the
   * run that made it, a number), though not across the activations of a recursive method; null
   * when the generated code does not check its tape.
   */
  String site(String what) {
    if (!settings.checkTape()) {
      return null;
    }
    return f.displayName() + run + "#" + ++sites + " " + what;
  }

  /** The record of one step: on the tape inside loops and branches, in locals at the top level. */
  TapeFrame frame(boolean nested, boolean childPushesFirst) {
    return new TapeFrame(this, nested, childPushesFirst);
  }
}
