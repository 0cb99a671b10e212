package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Primitive;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sum of a statement's contributions to one adjoint, with like terms combined (optimisation
 * {@code likeTerms}): a variable used twice in a product gets two contributions that differ only
 * by the order of their factors, {@code fBar * a * 100 + fBar * (100 * a)} for {@code 100 * a *
 * a}, and they become one, {@code 200.0 * (fBar * a)}. A term is a product of factors and numeric
 * constants under any signs; terms whose factors are the same up to order are merged by adding
 * their constants. A term like no other is left as it was, so code without like terms does not
 * change.
 */
final class LikeTerms {
  private LikeTerms() {}

  /** A term as {@code coefficient} times the product of {@code factors} (in their first order). */
  private record Monomial(double coefficient, List<Expr> factors) {}

  static Expr sum(List<Expr> terms) {
    Map<List<String>, List<Integer>> byFactors = new LinkedHashMap<>();
    List<Monomial> monomials = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      Monomial m = monomial(terms.get(i));
      monomials.add(m);
      byFactors.computeIfAbsent(key(m), k -> new ArrayList<>()).add(i);
    }
    List<Expr> combined = new ArrayList<>();
    for (List<Integer> group : byFactors.values()) {
      if (group.size() == 1) {
        combined.add(terms.get(group.get(0)));
        continue;
      }
      double coefficient = 0;
      for (int i : group) {
        coefficient += monomials.get(i).coefficient();
      }
      combined.add(rebuild(coefficient, monomials.get(group.get(0)).factors()));
    }
    return Exprs.sum(combined);
  }

  private static List<String> key(Monomial m) {
    List<String> key = new ArrayList<>(m.factors().stream().map(Expr::toString).toList());
    key.sort(Comparator.naturalOrder());
    return key;
  }

  private static Monomial monomial(Expr term) {
    double[] coefficient = {1.0};
    List<Expr> factors = new ArrayList<>();
    flatten(term, coefficient, factors);
    return new Monomial(coefficient[0], factors);
  }

  private static void flatten(Expr e, double[] coefficient, List<Expr> factors) {
    if (e instanceof Expr.Binary b && b.op() == BinaryOp.MUL && b.type() == Primitive.DOUBLE) {
      flatten(b.left(), coefficient, factors);
      flatten(b.right(), coefficient, factors);
    } else if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.type() == Primitive.DOUBLE) {
      coefficient[0] = -coefficient[0];
      flatten(u.operand(), coefficient, factors);
    } else if (numeric(e) != null) {
      coefficient[0] *= numeric(e);
    } else {
      factors.add(e);
    }
  }

  /** The value of a finite numeric literal, or null. */
  private static Double numeric(Expr e) {
    if (!(e instanceof Expr.Constant c) || !(c.type() == Primitive.DOUBLE || c.type() == Primitive.INT)) {
      return null;
    }
    try {
      double v = Double.parseDouble(c.java().replace("_", ""));
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException notADecimal) {
      return null;
    }
  }

  private static Expr rebuild(double coefficient, List<Expr> factors) {
    Expr product = null;
    for (Expr f : factors) {
      product = product == null ? f : Exprs.mul(product, f);
    }
    if (product == null) {
      return Exprs.constant(coefficient);
    }
    if (coefficient == 0) {
      // Exactly cancelling terms still carry NaN and infinity as the sum would.
      return Exprs.mul(product, Exprs.constant(0.0));
    }
    if (coefficient == 1) {
      return product;
    }
    if (coefficient == -1) {
      return Exprs.neg(product);
    }
    // Written as Exprs.sum writes k equal terms, k * term.
    return coefficient < 0 ? Exprs.neg(Exprs.mul(Exprs.constant(-coefficient), product))
        : Exprs.mul(Exprs.constant(coefficient), product);
  }
}
