package dev.adjoint.samples;

import dev.adjoint.samples.LogisticRegression_Grad.LossAdjoint;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Fits {@link LogisticRegression} to a generated data set by full-batch gradient descent, using the
 * gradient that the Adjoint processor generated at compile time ({@code LogisticRegression_Grad}),
 * then a two-layer network ({@link NetworkTraining}) to data no linear model separates.
 *
 * <p>Each step sums the per-example gradients with the allocation-free {@code lossVjp} into one
 * reused {@link LossAdjoint}: seeding every example with {@code 1/n} makes the adjoint hold the
 * gradient of the mean loss. Before training, the gradient is checked once against central
 * differences of the plain (primal) loss.
 *
 * <p>Run from the repository root with {@code mvn -q -pl samples -am compile exec:java}.
 */
public final class Demo {
  private Demo() {}

  static final long DATA_SEED = 20240611L;
  static final int EXAMPLES = 200;
  static final int STEPS = 100;
  static final int REPORT_EVERY = 10;
  static final double LEARNING_RATE = 1.0;
  static final double MAX_GRADIENT_ERROR = 1e-6;
  static final int NETWORK_STEPS = 1000;

  /** The parameters from which the data's labels are drawn. */
  static final Params TRUE_PARAMS = new Params(2.0, -3.0, 0.5);

  /** Where training starts (not zero, so that the gradient check sees a generic point). */
  static final Params INITIAL_PARAMS = new Params(0.1, -0.2, 0.05);

  /** The generated source of the model's gradient, relative to the samples module. */
  static final String GENERATED_SOURCE =
      "target/generated-sources/annotations/dev/adjoint/samples/LogisticRegression_Grad.java";

  /** The model's parameters. */
  public record Params(double w1, double w2, double b) {
    Params minus(double rate, LossAdjoint gradient) {
      return new Params(w1 - rate * gradient.w1, w2 - rate * gradient.w2, b - rate * gradient.b);
    }
  }

  /** A data set of {@code n} points {@code (x1[i], x2[i])} with labels in {0, 1}. */
  public record Dataset(double[] x1, double[] x2, int[] label) {
    int size() {
      return label.length;
    }
  }

  /** Final parameters and the mean loss before step 0, after step 1, ..., after the last step. */
  public record Training(Params params, double[] lossHistory) {}

  /**
   * {@code n} points with standard normal features; each label is 1 with probability {@code
   * σ(z)} under {@link #TRUE_PARAMS}, so the classes overlap and the optimum is finite.
   */
  public static Dataset generate(int n, long seed) {
    Random random = new Random(seed);
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      x1[i] = random.nextGaussian();
      x2[i] = random.nextGaussian();
      double z = TRUE_PARAMS.w1 * x1[i] + TRUE_PARAMS.w2 * x2[i] + TRUE_PARAMS.b;
      label[i] = random.nextDouble() < 1.0 / (1.0 + Math.exp(-z)) ? 1 : 0;
    }
    return new Dataset(x1, x2, label);
  }

  /** Mean loss over the data set, computed by the plain (primal) method. */
  public static double meanLoss(Dataset data, Params p) {
    double sum = 0;
    for (int i = 0; i < data.size(); i++) {
      sum += LogisticRegression.loss(p.w1, p.w2, p.b, data.x1[i], data.x2[i], data.label[i]);
    }
    return sum / data.size();
  }

  /**
   * Overwrites {@code gradient} with the gradient of the mean loss at {@code p} and returns the mean
   * loss. Allocation-free: one generated {@code lossVjp} call per example.
   */
  public static double meanLossAndGradient(Dataset data, Params p, LossAdjoint gradient) {
    gradient.reset();
    double seed = 1.0 / data.size();
    double sum = 0;
    for (int i = 0; i < data.size(); i++) {
      sum +=
          LogisticRegression_Grad.lossVjp(
              p.w1, p.w2, p.b, data.x1[i], data.x2[i], data.label[i], seed, gradient);
    }
    return sum / data.size();
  }

  /** Runs {@code steps} steps of gradient descent; prints the loss every {@code reportEvery}. */
  public static Training train(
      Dataset data, Params init, int steps, double rate, int reportEvery, PrintStream out) {
    LossAdjoint gradient = new LossAdjoint();
    double[] history = new double[steps + 1];
    Params p = init;
    for (int step = 0; step < steps; step++) {
      history[step] = meanLossAndGradient(data, p, gradient);
      if (out != null && step % reportEvery == 0) {
        out.printf(Locale.ROOT, "  step %3d   loss %.6f%n", step, history[step]);
      }
      p = p.minus(rate, gradient);
    }
    history[steps] = meanLoss(data, p);
    if (out != null) {
      out.printf(Locale.ROOT, "  step %3d   loss %.6f%n", steps, history[steps]);
    }
    return new Training(p, history);
  }

  /**
   * Largest relative difference between the generated gradient of the mean loss at {@code p} and
   * central differences of the primal mean loss.
   */
  public static double gradientCheck(Dataset data, Params p) {
    LossAdjoint gradient = new LossAdjoint();
    meanLossAndGradient(data, p, gradient);
    double[] generated = {gradient.w1, gradient.w2, gradient.b};
    double[] at = {p.w1, p.w2, p.b};
    double maxError = 0;
    for (int k = 0; k < 3; k++) {
      double h = 1e-5 * Math.max(1.0, Math.abs(at[k]));
      double[] plus = at.clone();
      double[] minus = at.clone();
      plus[k] += h;
      minus[k] -= h;
      double numeric = (meanLoss(data, of(plus)) - meanLoss(data, of(minus))) / (2 * h);
      double scale = Math.max(Math.max(Math.abs(numeric), Math.abs(generated[k])), 1e-6);
      maxError = Math.max(maxError, Math.abs(generated[k] - numeric) / scale);
    }
    return maxError;
  }

  private static Params of(double[] v) {
    return new Params(v[0], v[1], v[2]);
  }

  /** Fraction of examples whose label is predicted by {@code z > 0}. */
  public static double accuracy(Dataset data, Params p) {
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      double z = p.w1 * data.x1[i] + p.w2 * data.x2[i] + p.b;
      if ((z > 0 ? 1 : 0) == data.label[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  /**
   * The generated source of the model's gradient, relative to the working directory: the
   * repository root (where {@code mvn ... exec:java} runs) or the samples module (where tests run).
   */
  static Path generatedSource() {
    Path cwd = Path.of("").toAbsolutePath();
    Path fromRoot = cwd.resolve("samples").resolve(GENERATED_SOURCE);
    Path fromModule = cwd.resolve(GENERATED_SOURCE);
    Path found = Files.exists(fromRoot) || !Files.exists(fromModule) ? fromRoot : fromModule;
    return cwd.relativize(found);
  }

  /** The whole demo; returns the process exit status. */
  static int run(PrintStream out) {
    out.println("Adjoint demo: logistic regression trained with a compile-time generated gradient");
    Dataset data = generate(EXAMPLES, DATA_SEED);
    int positives = 0;
    for (int label : data.label) {
      positives += label;
    }
    out.printf(
        Locale.ROOT,
        "data: %d points (%d labelled 1), features ~ N(0, 1), labels drawn from w = (%.1f, %.1f),"
            + " b = %.1f, seed %d%n",
        data.size(), positives, TRUE_PARAMS.w1, TRUE_PARAMS.w2, TRUE_PARAMS.b, DATA_SEED);

    double error = gradientCheck(data, INITIAL_PARAMS);
    out.printf(
        Locale.ROOT,
        "gradient check vs central differences at the start: max relative error %.2e (limit %.0e)%n",
        error, MAX_GRADIENT_ERROR);
    if (!(error <= MAX_GRADIENT_ERROR)) {
      out.println("FAILED: the generated gradient disagrees with central differences");
      return 1;
    }

    out.printf(
        Locale.ROOT,
        "gradient descent, %d steps, learning rate %.2f, from w = (%.2f, %.2f), b = %.2f:%n",
        STEPS, LEARNING_RATE, INITIAL_PARAMS.w1, INITIAL_PARAMS.w2, INITIAL_PARAMS.b);
    long start = System.nanoTime();
    Training training = train(data, INITIAL_PARAMS, STEPS, LEARNING_RATE, REPORT_EVERY, out);
    double millis = (System.nanoTime() - start) / 1e6;
    Params p = training.params();
    out.printf(
        Locale.ROOT,
        "final: w1 = %.4f, w2 = %.4f, b = %.4f   accuracy %.1f%%   (%.1f ms)%n",
        p.w1, p.w2, p.b, 100 * accuracy(data, p), millis);
    double[] history = training.lossHistory();
    if (!(history[history.length - 1] < history[0])) {
      out.println("FAILED: the loss did not fall");
      return 1;
    }

    if (!NetworkTraining.run(out, NETWORK_STEPS)) {
      out.println("FAILED: the network's gradient check or training failed");
      return 1;
    }

    Path source = generatedSource();
    out.println(
        "generated gradient code: " + source + (Files.exists(source) ? " (exists)" : " (MISSING)"));
    return 0;
  }

  public static void main(String[] args) {
    int status = run(System.out);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }
}
