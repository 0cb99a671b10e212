package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Forward mode's activity analysis: what in a body may depend on its active inputs, so that only
 * that gets a tangent. Over a primal's body the inputs are its active parameters; over a VJP's
 * (forward mode over reverse mode) also its seed, and then tape sites, adjoint storage and the
 * adjoint objects of callees vary too.
 */
public final class VariedValues {
  private final Set<Var> varied = new HashSet<>();
  /** The tape sites whose values vary: their tangents go on the tape beside them. */
  private final Set<String> variedSites = new HashSet<>();

  private VariedValues() {}

  /** The analysis of {@code body}, whose inputs {@code inputs} vary. */
  public static VariedValues of(List<Stmt> body, List<Var> inputs) {
    VariedValues v = new VariedValues();
    v.varied.addAll(inputs);
    v.find(body);
    return v;
  }

  /** Whether variable {@code v} may depend on an active input. */
  public boolean contains(Var v) {
    return varied.contains(v);
  }

  /** Whether the value pushed at tape site {@code site} may depend on an active input. */
  public boolean containsSite(String site) {
    return variedSites.contains(site);
  }

  /**
   * The variables whose value may depend on an active input, to a fixed point over the whole
   * body (loops carry dependence backwards): a variable assigned a varied value, an array stored
   * into with one, an array a varied call writes into, and every array that shares elements with
   * a varied one ({@code double[] row = m[i]}). Over a VJP's body also the tape sites pushed a
   * varied value, the locals popped from them, and the adjoint objects of callees.
   */
  private void find(List<Stmt> body) {
    List<Var[]> aliases = new ArrayList<>();
    List<Stmt> all = new ArrayList<>();
    Walk.statements(body, all::add);
    for (Stmt s : all) {
      Expr init = s instanceof Stmt.Declare d ? d.init() : s instanceof Stmt.Assign a && a.compound() == null ? a.value() : null;
      Var target = s instanceof Stmt.Declare d ? d.var() : s instanceof Stmt.Assign a ? a.var() : null;
      if (init != null && target.type().carriesDerivative() && target.type().isArray()) {
        for (Var shared : sharedArrays(init)) {
          aliases.add(new Var[] {target, shared});
        }
      }
    }
    for (boolean changed = true; changed; ) {
      int before = varied.size() + variedSites.size();
      for (Stmt s : all) {
        if (s instanceof Stmt.Declare d && d.init() != null) {
          markIf(d.var(), d.init());
          markCallWrites(d.init());
          if (d.init() instanceof Expr.GradientCall) {
            varied.add(d.var());
          }
        } else if (s instanceof Stmt.Assign a) {
          markIf(a.var(), a.rhs());
          markCallWrites(a.value());
        } else if (s instanceof Stmt.ArrayStore a) {
          markIf(a.root(), a.rhs());
        } else if (s instanceof Stmt.Invoke i) {
          markCallWrites(i.call());
        } else if (s instanceof Stmt.Push p && isVaried(p.value())) {
          variedSites.add(p.site());
        } else if (s instanceof Stmt.PushRange p && isVaried(p.array())) {
          variedSites.add(p.site());
        } else if (s instanceof Stmt.CopyInto c && isVaried(c.from())) {
          markArray(c.to());
        } else if (s instanceof Stmt.AddScaled a && (isVaried(a.from()) || isVaried(a.scale()))) {
          markArray(a.target());
        } else if (s instanceof Stmt.AdjointCall a) {
          // The callee adds seed times its partials: linear in the seed, which varies.
          varied.add(a.adjoint());
          a.arrayAdjoints().values().forEach(this::markArray);
        }
      }
      for (Var[] pair : aliases) {
        if (varied.contains(pair[0]) || varied.contains(pair[1])) {
          varied.add(pair[0]);
          varied.add(pair[1]);
        }
      }
      changed = varied.size() + variedSites.size() != before;
    }
  }

  /** Whether {@code e}'s value may depend on an active input. */
  public boolean isVaried(Expr e) {
    if (e instanceof Expr.Pop p) {
      return variedSites.contains(p.site());
    }
    if (e instanceof Expr.OutputField) {
      return true;
    }
    if (e instanceof Expr.Field field) {
      return varied.contains(field.object());
    }
    if (e instanceof Expr.Component c) {
      return c.record() instanceof Expr.Read r && varied.contains(r.var());
    }
    if (e instanceof Expr.CopyOf c) {
      return isVaried(c.array());
    }
    if (e instanceof Expr.ForwardCall fc) {
      // A split call's forward half: varied as the call itself.
      return isVaried(fc.call());
    }
    if (!e.type().carriesDerivative() && !(e instanceof Expr.Call c && c.callee().writesArrays())) {
      return false;
    }
    if (e instanceof Expr.Read r) {
      return varied.contains(r.var());
    }
    boolean[] any = {false};
    Derivatives.forEachCarrier(e, child -> any[0] |= isVaried(child));
    return any[0];
  }

  private void markArray(Expr array) {
    if (array instanceof Expr.Read || array instanceof Expr.ArrayRead) {
      varied.add(Exprs.rootVar(array));
    }
  }

  /** The array variables whose elements an array-valued expression shares: {@code m} for {@code m[i]}. */
  private static List<Var> sharedArrays(Expr e) {
    if (e instanceof Expr.Read r && r.var().type().carriesDerivative() && r.var().type().isArray()) {
      return List.of(r.var());
    }
    if (e instanceof Expr.ArrayRead a && a.type().isArray()) {
      return sharedArrays(a.array());
    }
    if (e instanceof Expr.Conditional c) {
      List<Var> both = new ArrayList<>(sharedArrays(c.ifTrue()));
      both.addAll(sharedArrays(c.ifFalse()));
      return both;
    }
    return List.of();
  }

  private void markIf(Var target, Expr value) {
    if (target.type().carriesDerivative() && isVaried(value)) {
      varied.add(target);
    }
  }

  /** A call with a varied argument makes every array it writes into varied. */
  private void markCallWrites(Expr e) {
    if (!(e instanceof Expr.Call c) || !c.callee().writesArrays()) {
      return;
    }
    boolean any = c.args().stream().anyMatch(this::isVaried);
    for (int i = 0; any && i < c.args().size(); i++) {
      if (c.callee().params().get(i).written()) {
        Var written = Exprs.rootVar(c.args().get(i));
        if (written.type().carriesDerivative()) {
          varied.add(written);
        }
      }
    }
  }
}
