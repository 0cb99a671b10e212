package dev.adjoint.samples.bench.report;

import java.util.OptionalDouble;

/**
 * One result of the suite: the average time of one {@code measure} at one size of one workload.
 * Times are in nanoseconds whatever unit the benchmark class reported in, so that measures of one
 * workload can be divided whichever {@code @OutputTimeUnit} their class chose.
 *
 * @param workload the benchmark class's name without {@code Benchmark}, e.g. {@code Gmm}
 * @param sizeParam the name of the size parameter, e.g. {@code n} or {@code file}
 * @param size its value, e.g. {@code 1000} or {@code gmm_d2_K5}
 * @param measure {@code objective}, {@code adjoint}, {@code byHand}, ...
 * @param nanos JMH's score: the mean over all measurement iterations
 * @param iterationNanos every measurement iteration of every fork, for the spread of ratios
 * @param bytesPerCall {@code gc.alloc.rate.norm}, absent when the run had no {@code -prof gc}
 */
record Measurement(
    String workload,
    String sizeParam,
    String size,
    String measure,
    double nanos,
    double[] iterationNanos,
    OptionalDouble bytesPerCall) {

  double fastestNanos() {
    double min = Double.POSITIVE_INFINITY;
    for (double t : iterationNanos) {
      min = Math.min(min, t);
    }
    return min;
  }

  double slowestNanos() {
    double max = Double.NEGATIVE_INFINITY;
    for (double t : iterationNanos) {
      max = Math.max(max, t);
    }
    return max;
  }
}
