package dev.adjoint.processor.review;

import dev.adjoint.processor.analysis.Analysis;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Var;
import dev.adjoint.processor.ir.Walk;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the facts of a {@link MethodReview} off the lowered IR and its analysis. */
public final class ReviewFacts {
  /** The conventions at non-differentiable points, by Math function (README, "Derivative conventions"). */
  private static final java.util.Map<String, String> CONVENTIONS = java.util.Map.ofEntries(
      java.util.Map.entry("abs", "abs(x) at x == 0: derivative 0 (signum)"),
      java.util.Map.entry("max", "max(a, b) at a == b: 0.5 to each argument"),
      java.util.Map.entry("min", "min(a, b) at a == b: 0.5 to each argument"),
      java.util.Map.entry("sqrt", "sqrt(x) at x == 0: +Infinity (IEEE)"),
      java.util.Map.entry("cbrt", "cbrt(x) at x == 0: +Infinity (IEEE)"),
      java.util.Map.entry("log", "log(x) at x == 0: +Infinity"),
      java.util.Map.entry("pow", "pow(x, y): d/dx = 0 where y == 0, d/dy = 0 where x == 0"),
      java.util.Map.entry("hypot", "hypot(x, y) at the origin: 0 for both"),
      java.util.Map.entry("atan2", "atan2(y, x) at the origin: 0 for both"),
      java.util.Map.entry("copySign", "copySign(a, b): d/da = signum(a) copySign(1, b), d/db = 0"),
      java.util.Map.entry("floor", "floor, ceil, rint, round, signum, ulp: derivative 0 everywhere"),
      java.util.Map.entry("ceil", "floor, ceil, rint, round, signum, ulp: derivative 0 everywhere"),
      java.util.Map.entry("rint", "floor, ceil, rint, round, signum, ulp: derivative 0 everywhere"),
      java.util.Map.entry("round", "floor, ceil, rint, round, signum, ulp: derivative 0 everywhere"),
      java.util.Map.entry("signum", "floor, ceil, rint, round, signum, ulp: derivative 0 everywhere"),
      java.util.Map.entry("ulp", "floor, ceil, rint, round, signum, ulp: derivative 0 everywhere"),
      java.util.Map.entry("IEEEremainder", "IEEEremainder(x, y) where x / y is a half-integer: the derivative of"
          + " the side rint(x / y) rounds to"));

  private ReviewFacts() {}

  /**
   * @param optimisations what each optimisation did to the method (see {@link OptimisationEffects})
   */
  public static MethodReview of(Function f, Analysis analysis, List<String> optimisations, String signature,
      List<String> source, int firstLine, List<String> warnings, dev.adjoint.processor.ir.VjpFunction.Split split) {
    Set<String> active = new TreeSet<>();
    Set<String> constant = new TreeSet<>();
    Set<Var> vars = new LinkedHashSet<>(f.params());
    vars.addAll(Walk.mentionedVars(f.body()));
    String text = String.join("\n", source);
    for (Var v : vars) {
      // Only the user's variables: not the temporaries and counters the front end wrote for
      // them (a clone()'s copy, an arraycopy's counter), whose names the source does not have.
      if (v.role() == Var.Role.SYNTHETIC
          || !java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(v.name()) + "\\b").matcher(text).find()) {
        continue;
      }
      String described = v.name() + " (" + v.type().javaName() + ")";
      (analysis.mayCarryDerivative(v) ? active : constant).add(described);
    }
    List<String> loops = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    Set<String> conventions = new TreeSet<>();
    boolean[] casts = {false};
    Walk.statements(f.body(), s -> {
      if (s instanceof Stmt.Loop l) {
        loops.add(loop(l, analysis));
      }
      if (s instanceof Stmt.If i && Walk.mentionedVars(List.of(i)).stream().anyMatch(v ->
          analysis.mayCarryDerivative(v) && mentions(i.condition(), v))) {
        conventions.add("if and ?: on differentiated values: the derivative of the branch taken");
      }
      for (Expr e : Walk.allExpressions(s)) {
        Walk.nodes(e, n -> {
          if (n instanceof Expr.Call c) {
            calls.add(c.callee().owner().simpleNames().get(c.callee().owner().simpleNames().size() - 1) + "."
                + c.callee().name() + ": " + (c.callee().split() ? "split (forward half in the forward sweep,"
                + " reverse half in the reverse sweep)" : "joint (primal in the forward sweep, gradient in the reverse)"));
          } else if (n instanceof Expr.MathCall m && CONVENTIONS.containsKey(m.name())) {
            conventions.add(CONVENTIONS.get(m.name()));
          } else if (n instanceof Expr.Cast c && c.type() != dev.adjoint.processor.ir.Primitive.DOUBLE) {
            casts[0] = true;
          }
        });
      }
    });
    if (casts[0]) {
      conventions.add("casts to int or long: derivative 0");
    }
    return new MethodReview(f.name(), signature, source, firstLine, List.copyOf(active), List.copyOf(constant),
        loops, List.copyOf(new LinkedHashSet<>(calls)), optimisations, List.copyOf(conventions), warnings,
        splitHalves(f, split, text));
  }

  /**
   * What a caller running the method split gets: the forward half's tape, which the reverse half
   * reads (the user's variables by name, the derivative code's own values counted), or a joint run.
   */
  private static List<String> splitHalves(Function f, dev.adjoint.processor.ir.VjpFunction.Split split, String text) {
    if (split == null) {
      return List.of();
    }
    String forward = dev.adjoint.processor.ir.Names.forwardMethodName(f.name());
    String reverse = dev.adjoint.processor.ir.Names.reverseMethodName(f.name());
    if (split.joint()) {
      return List.of(forward + " keeps nothing; " + reverse + " runs the method again (joint)");
    }
    List<String> named = new ArrayList<>();
    int others = 0;
    for (Var v : split.carried()) {
      if (v.role() != Var.Role.SYNTHETIC
          && java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(v.name()) + "\\b").matcher(text).find()) {
        named.add(v.name());
      } else {
        others++;
      }
    }
    String kept = named.isEmpty() && others == 0 ? "nothing"
        : String.join(", ", named) + (others == 0 ? "" : (named.isEmpty() ? "" : " and ") + others
            + " value" + (others == 1 ? "" : "s") + " of the derivative code");
    return List.of(forward + " leaves on the tape, besides what its loops keep, for " + reverse + ": " + kept);
  }

  private static boolean mentions(Expr e, Var v) {
    boolean[] found = {false};
    Walk.nodes(e, n -> found[0] |= n instanceof Expr.Read r && r.var() == v);
    return found[0];
  }

  /** What a loop keeps for the reverse sweep: its trip count, or that it is recomputed, and the values it overwrites. */
  private static String loop(Stmt.Loop l, Analysis analysis) {
    Set<String> kept = new TreeSet<>();
    Walk.statements(l.body(), s -> {
      if (analysis.recordsOldValue(s)) {
        if (s instanceof Stmt.Assign a) {
          kept.add(a.var().name());
        } else if (s instanceof Stmt.ArrayStore a) {
          kept.add(dev.adjoint.processor.ir.Exprs.base(a.array()) instanceof Expr.Read r ? r.var().name() + "[...]"
              : "an array element");
        }
      }
    });
    String header = l.source().isEmpty() ? l.id() : l.source();
    String count = analysis.recomputedCounter(l) != null ? "trip count recomputed, not kept"
        : "trip count kept on the tape";
    return header + ": " + count + "; " + (kept.isEmpty() ? "keeps no overwritten value"
        : "keeps the old values of " + String.join(", ", kept));
  }
}
