package dev.adjoint.processor.fuzz;

/**
 * A double of forward mode: its value and its tangent (the derivative of the value along the
 * seeded direction). Arrays of them are {@link Dual.Array} and {@link Dual.Matrix}, mutable and
 * shared by reference exactly as the Java arrays they stand for, so that aliases and writes
 * through helpers behave as in the compiled program.
 */
record Dual(double v, double t) {

  static Dual constant(double v) {
    return new Dual(v, 0);
  }

  /**
   * {@code tangent * partial}, but 0 where the tangent is 0: a value that does not depend on the
   * seeded input contributes nothing, even through an infinite partial (sqrt at 0) or a NaN one.
   * Reverse mode's activity analysis makes the same choice (no adjoint flows to a constant).
   */
  static double times(double tangent, double partial) {
    return tangent == 0 ? 0 : tangent * partial;
  }

  Dual negate() {
    return new Dual(-v, -t);
  }

  /** {@code this op o} for the arithmetic operators of doubles, with the partials Adjoint uses. */
  Dual arithmetic(String op, Dual o) {
    return switch (op) {
      case "+" -> new Dual(v + o.v, t + o.t);
      case "-" -> new Dual(v - o.v, t - o.t);
      case "*" -> new Dual(v * o.v, times(t, o.v) + times(o.t, v));
      case "/" -> {
        double q = v / o.v;
        // d(l / r) = dl / r - (l / r) dr / r, as in StatementAdjoint
        yield new Dual(q, (t == 0 ? 0 : t / o.v) - (o.t == 0 ? 0 : o.t / o.v * q));
      }
      case "%" -> {
        double r = v % o.v;
        // l % r = l - r * trunc(l / r), with trunc(l / r) = (l - l % r) / r
        yield new Dual(r, t - times(o.t, (v - r) / o.v));
      }
      default -> throw new DualInterpreter.Unsupported("operator " + op + " on doubles");
    };
  }

  /** A {@code double[]}: values and tangents side by side. */
  static final class Array {
    final double[] v;
    final double[] t;

    Array(int length) {
      this(new double[length], new double[length]);
    }

    Array(double[] v, double[] t) {
      this.v = v;
      this.t = t;
    }

    Dual get(int i) {
      return new Dual(v[i], t[i]);
    }

    void set(int i, Dual x) {
      v[i] = x.v;
      t[i] = x.t;
    }

    int length() {
      return v.length;
    }
  }

  /** A {@code double[][]}: an array of references to rows, which may be aliased. */
  static final class Matrix {
    final Array[] rows;

    Matrix(Array[] rows) {
      this.rows = rows;
    }
  }
}
