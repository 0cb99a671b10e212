package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.analysis.Derivatives;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.VjpFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Entry point of reverse mode: a function to its vector-Jacobian product.
 *
 * <p>The forward sweep is the primal, plus the intermediate values the reverse sweep reads
 * ({@link ForwardKeep}) and, before a statement overwrites a value the reverse sweep will need,
 * a copy of it. The reverse sweep visits the statements last to first: the adjoint of each
 * active statement ({@link StatementAdjoint}) under the primal statement as a comment, then the
 * overwritten value put back, so that every statement's adjoint sees the values its primal saw.
 */
public final class ReverseMode {
  private ReverseMode() {}

  public static VjpFunction transform(Function f, Analysis analysis) {
    return new ReverseMode.Run(f, analysis).run();
  }

  private static final class Run {
    private final Function f;
    private final Analysis analysis;
    private final FreshNames names;
    private final Adjoints adjoints;
    private final Var seed;
    private final String adjointParam;
    private final List<Stmt> forward = new ArrayList<>();
    /** Per statement, what the reverse sweep must do for it, built during the forward pass. */
    private final List<Runnable> reverseSteps = new ArrayList<>();
    private final List<Stmt> reverse = new ArrayList<>();
    private Var value;

    Run(Function f, Analysis analysis) {
      this.f = f;
      this.analysis = analysis;
      this.names = new FreshNames(f);
      this.adjoints = new Adjoints(names);
      this.seed = Var.synthetic(names.fresh("seed"), Primitive.DOUBLE);
      this.adjointParam = names.fresh("adjoint");
    }

    VjpFunction run() {
      forward.add(new Stmt.Comment("Forward sweep: the primal, keeping what the reverse sweep reads."));
      for (Stmt s : f.body()) {
        forwardStep(s);
      }
      reverse.add(new Stmt.Comment("Reverse sweep: adjoints, last statement first."));
      for (int i = reverseSteps.size() - 1; i >= 0; i--) {
        reverseSteps.get(i).run();
      }
      List<Stmt> body = new ArrayList<>(forward);
      body.addAll(reverse);
      for (Var p : f.activeParams()) {
        if (adjoints.isDeclared(p)) {
          body.add(new Stmt.AccumulateOutput(p.name(), new Expr.Read(adjoints.of(p))));
        }
      }
      return new VjpFunction(f, seed, adjointParam, body, value);
    }

    private void forwardStep(Stmt s) {
      boolean active = analysis.isActive(s);
      if (s instanceof Stmt.Return r) {
        value = Var.synthetic(names.fresh("value"), Primitive.DOUBLE);
        ForwardKeep keep = keep(r.value(), s, "value", active);
        forward.add(new Stmt.Declare(value, keep.rewrite(r.value()), r.source()));
        if (active) {
          reverseSteps.add(() -> emit(r.source(), adjoint(s, r.value(), new Expr.Read(value), null, keep.kept())));
        }
      } else if (s instanceof Stmt.Declare d) {
        if (d.init() == null) {
          forward.add(d);
          return;
        }
        ForwardKeep keep = keep(d.init(), s, d.var().name(), active);
        forward.add(new Stmt.Declare(d.var(), keep.rewrite(d.init()), d.source()));
        if (active) {
          Expr root = d.init();
          reverseSteps.add(() -> emit(d.source(), adjoint(s, root, new Expr.Read(d.var()), d.var(), keep.kept())));
        }
      } else if (s instanceof Stmt.Assign a) {
        assign(a, active);
      } else {
        throw new IllegalStateException("not straight-line: " + s);
      }
    }

    private void assign(Stmt.Assign a, boolean active) {
      Var saved = null;
      if (analysis.recordsOldValue(a)) {
        saved = Var.synthetic(names.fresh(a.var().name() + "Old"), a.var().type());
        forward.add(new Stmt.Declare(saved, new Expr.Read(a.var()), ""));
      }
      Expr root = a.rhs();
      // Analyse the whole right-hand side: for x *= e, the product needs e kept.
      ForwardKeep keep = keep(root, a, a.var().name(), active);
      forward.add(new Stmt.Assign(a.var(), a.compound(), keep.rewrite(a.value()), a.source()));
      Var restoreFrom = saved;
      reverseSteps.add(() -> {
        Stmt restore = restoreFrom == null ? null : new Stmt.Assign(a.var(), null, new Expr.Read(restoreFrom), "");
        // The adjoint reads the old value of a variable that the statement reads and writes.
        boolean readsOldTarget = Derivatives.valueReads(root).contains(a.var());
        List<Stmt> block = new ArrayList<>();
        if (restore != null && readsOldTarget) {
          block.add(restore);
        }
        if (active) {
          Expr newValue = readsOldTarget && restore != null ? null : new Expr.Read(a.var());
          block.addAll(adjoint(a, root, newValue, a.var(), keep.kept()));
        }
        if (restore != null && !readsOldTarget) {
          block.add(restore);
        }
        emit(a.source(), block);
      });
    }

    private ForwardKeep keep(Expr e, Stmt s, String base, boolean active) {
      if (!active) {
        return ForwardKeep.of(e, Collections.emptySet(), names, base);
      }
      ForwardKeep keep = ForwardKeep.of(e, analysis.variedBefore(s), names, base);
      keep.declare(forward);
      return keep;
    }

    private List<Stmt> adjoint(Stmt s, Expr root, Expr rootValue, Var target, Map<Expr, Var> kept) {
      Expr rootSeed;
      if (target == null) {
        rootSeed = new Expr.Read(seed);
      } else {
        if (!adjoints.isDeclared(target)) {
          return List.of();
        }
        rootSeed = new Expr.Read(adjoints.of(target));
      }
      var statement = new StatementAdjoint(root, rootValue, analysis.variedBefore(s), kept, adjoints, names);
      boolean resetTarget = target != null && analysis.variedBefore(s).contains(target);
      return statement.generate(target, rootSeed, resetTarget);
    }

    private void emit(String source, List<Stmt> block) {
      if (block.isEmpty()) {
        return;
      }
      if (!source.isEmpty()) {
        reverse.add(new Stmt.Comment(source));
      }
      reverse.addAll(block);
    }
  }
}
