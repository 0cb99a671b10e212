package dev.adjoint.samples.bench.report;

/**
 * The cost of one measure over another's, with the widest range the iterations allow: iteration
 * times of the two are not paired (they ran in different forks), so the honest bounds are the
 * fastest of one over the slowest of the other and the reverse.
 */
record Ratio(double value, double low, double high) {

  static Ratio of(Measurement numerator, Measurement denominator) {
    return new Ratio(
        numerator.nanos() / denominator.nanos(),
        numerator.fastestNanos() / denominator.slowestNanos(),
        numerator.slowestNanos() / denominator.fastestNanos());
  }
}
