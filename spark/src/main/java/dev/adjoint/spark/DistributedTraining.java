package dev.adjoint.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;

/**
 * Gradient descent on data held by Spark: each partition sums its examples' gradients into one
 * adjoint with the allocation-free {@code LogisticModel_Grad.lossVjp} (no object per example), and
 * {@code treeAggregate} adds the partitions' sums; the driver takes the step. The same sum on one
 * machine, over a list, is {@link #gradient(List, double[], double)}: the two must agree.
 */
public final class DistributedTraining {
  private DistributedTraining() {}

  /** The summed loss (first element), then its gradient: {@code d/dw} then {@code d/db}. */
  public static double[] gradient(JavaRDD<Example> data, double[] w, double b) {
    int n = w.length;
    return data.mapPartitions((Iterator<Example> examples) -> List.of(partitionSum(examples, w, b)).iterator())
        .treeAggregate(new double[n + 2], DistributedTraining::add, DistributedTraining::add);
  }

  /** {@link #gradient(JavaRDD, double[], double)} on one machine. */
  public static double[] gradient(List<Example> data, double[] w, double b) {
    return partitionSum(data.iterator(), w, b);
  }

  /** Loss and gradient summed over {@code examples} into one adjoint. */
  static double[] partitionSum(Iterator<Example> examples, double[] w, double b) {
    LogisticModel_Grad.LossAdjoint adjoint = new LogisticModel_Grad.LossAdjoint();
    double loss = 0;
    while (examples.hasNext()) {
      Example e = examples.next();
      loss += LogisticModel_Grad.lossVjp(w, b, e.x(), e.label(), 1.0, adjoint);
    }
    double[] out = new double[w.length + 2];
    out[0] = loss;
    if (adjoint.w != null) {
      System.arraycopy(adjoint.w, 0, out, 1, w.length);
    }
    out[w.length + 1] = adjoint.b;
    return out;
  }

  private static double[] add(double[] a, double[] c) {
    double[] sum = a.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += c[i];
    }
    return sum;
  }

  /** The model after {@code steps} steps of gradient descent on the mean loss, from zero. */
  public static double[] train(JavaRDD<Example> data, long count, int dimension, int steps, double rate) {
    return descend((w, b) -> gradient(data, w, b), count, dimension, steps, rate);
  }

  /** {@link #train(JavaRDD, long, int, int, double)} on one machine. */
  public static double[] train(List<Example> data, int dimension, int steps, double rate) {
    return descend((w, b) -> gradient(data, w, b), data.size(), dimension, steps, rate);
  }

  /** Loss and gradient of the summed loss at {@code (w, b)}, laid out as {@link #gradient(List, double[], double)}'s. */
  private interface SummedGradient {
    double[] at(double[] w, double b);
  }

  /** Gradient descent on the mean of {@code count} losses; the model is {@code w} then {@code b}. */
  private static double[] descend(SummedGradient gradient, long count, int dimension, int steps, double rate) {
    double[] w = new double[dimension];
    double b = 0;
    for (int s = 0; s < steps; s++) {
      double[] g = gradient.at(w, b);
      for (int i = 0; i < dimension; i++) {
        w[i] -= rate * g[1 + i] / count;
      }
      b -= rate * g[dimension + 1] / count;
    }
    double[] model = java.util.Arrays.copyOf(w, dimension + 1);
    model[dimension] = b;
    return model;
  }

  /** {@code count} examples in {@code dimension} dimensions, labelled by a seeded hyperplane with 5% noise. */
  public static List<Example> data(int count, int dimension, long seed) {
    Random random = new Random(seed);
    double[] truth = random.doubles(dimension, -2, 2).toArray();
    List<Example> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double[] x = random.doubles(dimension, -1, 1).toArray();
      boolean positive = LogisticModel.predicts(truth, 0.3, x);
      out.add(new Example(x, positive ^ random.nextDouble() < 0.05 ? 1 : 0));
    }
    return out;
  }

  /** The fraction of {@code data} the model {@code (w, b)} (b last) classifies right. */
  public static double accuracy(List<Example> data, double[] model) {
    double[] w = java.util.Arrays.copyOf(model, model.length - 1);
    double b = model[model.length - 1];
    long right = data.stream().filter(e -> LogisticModel.predicts(w, b, e.x()) == (e.label() == 1)).count();
    return (double) right / data.size();
  }
}
