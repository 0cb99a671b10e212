package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.VariedValues;
import dev.adjoint.processor.ir.ArrayType;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Forward mode over reverse mode: the tangents of what only a VJP has, for {@link ForwardMode}
 * running over a VJP's body. A varied value goes on the tape with its tangent right after it, so
 * the tangent comes off first (a pop's tangent is declared before its value, as any other); the
 * caller's adjoint storage gets a tangent object beside it; a callee's VJP becomes its {@code
 * mVjpTangent}, a callee's gradient record comes with its tangent from the callee's {@code mHvp}.
 */
final class ReverseTangents {
  private final ForwardMode mode;
  private final VariedValues varied;
  private final FreshNames names;
  private final Predicate<Callee> hasHvp;
  /** Whether the code written names the tape's sites; the IR read always does. */
  private final boolean keepSites;
  /** The tangents of objects: a callee's adjoint object, a callee's gradient record. */
  private final Map<Var, Var> objectTangents = new HashMap<>();
  /** The tangent of the caller's adjoint object, by the name of the parameter holding it. */
  private final Map<String, String> outputTangents = new HashMap<>();

  ReverseTangents(ForwardMode mode, VariedValues varied, FreshNames names, Predicate<Callee> hasHvp,
      boolean keepSites) {
    this.mode = mode;
    this.varied = varied;
    this.names = names;
    this.hasHvp = hasHvp;
    this.keepSites = keepSites;
  }

  /** Names the tangent of the caller's adjoint object {@code object}. */
  String declareOutput(String object) {
    String name = names.fresh(Names.tangentName(object));
    outputTangents.put(object, name);
    return name;
  }

  /** The tangent of a callee's adjoint object or gradient record, or null. */
  Var objectTangent(Var object) {
    return objectTangents.get(object);
  }

  /**
   * The statements of a VJP that a primal has not: tape traffic, the adjoint storage of the
   * caller and of callees. A varied value goes on the tape with its tangent right after it, so
   * the tangent comes off first: a pop's tangent is declared before its value, as any other.
   */
  void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Push p) {
      requireSite(p.site());
      if (!varied.containsSite(p.site())) {
        out.add(new Stmt.Push(p.stack(), p.value(), written(p.site())));
        return;
      }
      ForwardMode.Dual d = mode.expr(p.value(), out);
      out.add(new Stmt.Push(p.stack(), d.primal(), written(p.site())));
      out.add(new Stmt.Push(p.stack(), mode.tangentOrZero(d, p.value()), written(tangentSite(p.site()))));
    } else if (s instanceof Stmt.PushRange p) {
      requireSite(p.site());
      out.add(new Stmt.PushRange(p.stack(), p.array(), p.from(), p.count(), written(p.site())));
      if (varied.containsSite(p.site())) {
        out.add(new Stmt.PushRange(p.stack(), mode.arrayTangent(p.array()), p.from(), p.count(),
            written(tangentSite(p.site()))));
      }
    } else if (s instanceof Stmt.PopRange p) {
      requireSite(p.site());
      if (varied.containsSite(p.site())) {
        out.add(new Stmt.PopRange(p.stack(), mode.arrayTangent(p.array()), p.from(), p.count(),
            written(tangentSite(p.site()))));
      }
      out.add(new Stmt.PopRange(p.stack(), p.array(), p.from(), p.count(), written(p.site())));
    } else if (s instanceof Stmt.CopyInto c) {
      if (varied.isVaried(c.to())) {
        Expr from = varied.isVaried(c.from()) ? mode.arrayTangent(c.from())
            : new Expr.ZerosLike(c.from(), ((ArrayType) c.from().type()).derivative());
        out.add(new Stmt.CopyInto(from, mode.arrayTangent(c.to())));
      }
      out.add(c);
    } else if (s instanceof Stmt.AddScaled a) {
      ForwardMode.Dual scale = mode.expr(a.scale(), out);
      if (scale.tangent() != null) {
        out.add(new Stmt.AddScaled(mode.arrayTangent(a.target()), scale.tangent(), a.from()));
      }
      if (varied.isVaried(a.from())) {
        out.add(new Stmt.AddScaled(mode.arrayTangent(a.target()), scale.primal(), mode.arrayTangent(a.from())));
      }
      out.add(new Stmt.AddScaled(a.target(), scale.primal(), a.from()));
    } else if (s instanceof Stmt.AccumulateOutput o) {
      ForwardMode.Dual d = mode.expr(o.value(), out);
      if (d.tangent() != null) {
        out.add(new Stmt.AccumulateOutput(outputTangent(o.object()), o.field(), d.tangent()));
      }
      out.add(new Stmt.AccumulateOutput(o.object(), o.field(), d.primal()));
    } else if (s instanceof Stmt.AllocateOutput o) {
      out.add(o);
      out.add(new Stmt.AllocateOutput(outputTangent(o.object()), o.field(), o.shapeOf()));
    } else if (s instanceof Stmt.Repeat r) {
      List<Stmt> repeated = new ArrayList<>();
      mode.statements(r.body(), repeated);
      out.add(new Stmt.Repeat(r.counter(), r.times(), repeated));
    } else if (s instanceof Stmt.AdjointCall a) {
      adjointCall(a, out);
    } else {
      throw new ForwardMode.Unsupported("statement " + s.getClass().getSimpleName());
    }
  }

  /** Where a tangent is pushed: beside its value's site. */
  private static String tangentSite(String site) {
    return site + " tangent";
  }

  /** A site as the generated code names it: null unless the tape checker is on. */
  private String written(String site) {
    return keepSites ? site : null;
  }

  private static void requireSite(String site) {
    if (site == null) {
      throw new IllegalStateException("a VJP without named tape sites: pops cannot be paired with pushes");
    }
  }

  String outputTangent(String object) {
    String name = outputTangents.get(object);
    if (name == null) {
      throw new ForwardMode.Unsupported("the adjoint storage " + object);
    }
    return name;
  }

  ForwardMode.Dual pop(Expr.Pop p) {
    requireSite(p.site());
    Expr value = new Expr.Pop(p.stack(), p.type(), written(p.site()));
    return new ForwardMode.Dual(value, varied.containsSite(p.site())
        ? new Expr.Pop(p.stack(), p.type().derivative(), written(tangentSite(p.site()))) : null);
  }

  /** A callee's VJP becomes its {@code mVjpTangent}, which also adds the adjoints' tangents. */
  private void adjointCall(Stmt.AdjointCall a, List<Stmt> out) {
    Callee callee = a.call().callee();
    requireSecondOrder(callee);
    ForwardMode.Arguments args = mode.arguments(a.call(), out);
    ForwardMode.Dual seed = mode.expr(a.seed(), out);
    java.util.Map<String, Expr> arrayTangents = new java.util.LinkedHashMap<>();
    a.arrayAdjoints().forEach((field, array) -> arrayTangents.put(field, mode.arrayTangent(array)));
    Var adjointTangent = Var.synthetic(names.fresh(Names.tangentName(a.adjoint().name())), a.adjoint().type());
    objectTangents.put(a.adjoint(), adjointTangent);
    Expr.Call call = new Expr.Call(callee, args.primal(), a.call().origin(), a.call().argOrigins());
    out.add(new Stmt.TangentAdjointCall(new Stmt.AdjointCall(call, seed.primal(), a.adjoint(), a.arrayAdjoints(), a.tape()),
        args.tangents(), mode.tangentOrZero(seed, a.seed()), adjointTangent, arrayTangents));
  }

  /**
   * A callee's gradient record, which the VJP reads partials from: the callee's {@code mHvp}
   * gives the record and, as its {@code hvp}, the record's tangent.
   */
  void hvpCall(Var record, Expr.GradientCall g, List<Stmt> out) {
    Callee callee = g.callee();
    requireSecondOrder(callee);
    ForwardMode.Arguments args = mode.arguments(new Expr.Call(callee, g.args(), null, List.of()), out);
    List<Expr> all = new ArrayList<>(args.primal());
    all.addAll(args.tangents());
    RecordType returns = new RecordType(callee.owner().gradClass().nested(Names.hvpRecordName(callee.name())));
    Callee hvp = new Callee(callee.owner().gradClass(), Names.hvpMethodName(callee.name()),
        ForwardMode.withTangents(callee, args), returns, false, false, false);
    Var result = Var.synthetic(names.fresh(Names.hvpMethodName(callee.name())), returns);
    out.add(new Stmt.Declare(result, new Expr.Call(hvp, all, null, List.of()), ""));
    out.add(new Stmt.Declare(record, new Expr.Component(new Expr.Read(result), "gradient", record.type()), ""));
    Var tangent = Var.synthetic(names.fresh(Names.tangentName(record.name())), record.type());
    out.add(new Stmt.Declare(tangent, new Expr.Component(new Expr.Read(result), "hvp", record.type()), ""));
    objectTangents.put(record, tangent);
  }

  private void requireSecondOrder(Callee callee) {
    if (callee.rule() != null) {
      throw new ForwardMode.Unsupported("a call of " + callee.owner() + "." + callee.name() + ", which has a VJP rule");
    }
    if (hasHvp == null || !hasHvp.test(callee)) {
      throw new ForwardMode.Unsupported("a call of " + callee.owner() + "." + callee.name() + ", which has no mHvp");
    }
  }

  /**
   * A callee's forward half, run apart from its reverse half (split mode): its {@code
   * mForwardTangent} leaves values and tangents on the tape, and returns the value and its
   * tangent in the callee's {@code MJvp}.
   */
  Expr forwardCall(Expr.ForwardCall fc, List<Stmt> out) {
    Callee callee = fc.call().callee();
    requireSecondOrder(callee);
    ForwardMode.Arguments args = mode.arguments(fc.call(), out);
    List<Expr> all = new ArrayList<>(args.primal());
    all.addAll(args.tangents());
    all.add(new Expr.Read(fc.tape()));
    List<Callee.Param> params = new ArrayList<>(ForwardMode.withTangents(callee, args));
    params.add(new Callee.Param("tape", fc.tape().type(), false, false));
    Callee forward = new Callee(callee.owner().gradClass(), Names.forwardTangentMethodName(callee.name()), params,
        ForwardMode.jvpRecord(callee), false, false, false);
    return new Expr.Call(forward, all, null, List.of());
  }
}
