package dev.adjoint.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * Central differences with Richardson's refinement: {@code D(h) = (f(x + h) - f(x - h)) / 2h} at
 * {@code h} and {@code h/2}, combined as {@code D(h/2) + (D(h/2) - D(h)) / 3}, whose error is
 * {@code O(h^4)}. The step is {@code 1e-3 max(1, |x|)}: large enough that rounding in {@code f}
 * (about {@code 1e-16 |f| / h}) stays near {@code 1e-13 |f|}, small enough that the refined
 * truncation error is of the same order for functions that vary on scales of 1.
 */
final class Differences {
  static final double RELATIVE_STEP = 1e-3;

  private Differences() {}

  /** The estimate, and how far apart its two steps' differences were (a measure of its error). */
  record Estimate(double derivative, double spread, double scale) {}

  static Estimate at(DoubleUnaryOperator f, double x) {
    double h = RELATIVE_STEP * Math.max(1, Math.abs(x));
    double fPlus = f.applyAsDouble(x + h);
    double fMinus = f.applyAsDouble(x - h);
    double fPlusHalf = f.applyAsDouble(x + h / 2);
    double fMinusHalf = f.applyAsDouble(x - h / 2);
    double coarse = (fPlus - fMinus) / (2 * h);
    double fine = (fPlusHalf - fMinusHalf) / h;
    double scale = Math.max(Math.max(Math.abs(fPlus), Math.abs(fMinus)),
        Math.max(Math.abs(fPlusHalf), Math.abs(fMinusHalf))) / h;
    return new Estimate(fine + (fine - coarse) / 3, Math.abs(fine - coarse), scale);
  }
}
