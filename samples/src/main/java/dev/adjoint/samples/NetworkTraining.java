package dev.adjoint.samples;

import dev.adjoint.samples.TwoLayerNetwork_Grad.LossAdjoint;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * Trains {@link TwoLayerNetwork} on points labelled by the sign of {@code x0 · x1} (an XOR
 * pattern no linear model separates) by full-batch gradient descent with the generated
 * gradient, reusing one {@link LossAdjoint} for every step.
 */
public final class NetworkTraining {
  private NetworkTraining() {}

  static final int HIDDEN = 8;
  static final int EXAMPLES = 300;
  static final double LEARNING_RATE = 0.5;
  static final long SEED = 7L;

  /** The network's parameters, updated in place by training. */
  public record Network(double[][] w1, double[] b1, double[] w2, double[] b2) {
    static Network initial(Random random) {
      double[][] w1 = new double[HIDDEN][2];
      double[] b1 = new double[HIDDEN];
      double[] w2 = new double[HIDDEN];
      for (int j = 0; j < HIDDEN; j++) {
        w1[j][0] = random.nextGaussian();
        w1[j][1] = random.nextGaussian();
        b1[j] = 0.1 * random.nextGaussian();
        w2[j] = 0.5 * random.nextGaussian();
      }
      return new Network(w1, b1, w2, new double[1]);
    }

    double loss(double[][] x, int[] label) {
      return TwoLayerNetwork.loss(w1, b1, w2, b2[0], x, label);
    }
  }

  /** Points uniform in [-1, 1]^2, label 1 where x0 and x1 have the same sign. */
  public static double[][] points(Random random, int n) {
    double[][] x = new double[n][2];
    for (int i = 0; i < n; i++) {
      x[i][0] = 2 * random.nextDouble() - 1;
      x[i][1] = 2 * random.nextDouble() - 1;
    }
    return x;
  }

  public static int[] labels(double[][] x) {
    int[] label = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      label[i] = x[i][0] * x[i][1] > 0 ? 1 : 0;
    }
    return label;
  }

  /** One gradient-descent step; returns the loss before it. */
  static double step(Network net, double[][] x, int[] label, LossAdjoint gradient) {
    gradient.reset();
    double loss = TwoLayerNetwork_Grad.lossVjp(net.w1(), net.b1(), net.w2(), net.b2()[0], x, label, 1.0, gradient);
    for (int j = 0; j < HIDDEN; j++) {
      net.w1()[j][0] -= LEARNING_RATE * gradient.w1[j][0];
      net.w1()[j][1] -= LEARNING_RATE * gradient.w1[j][1];
      net.b1()[j] -= LEARNING_RATE * gradient.b1[j];
      net.w2()[j] -= LEARNING_RATE * gradient.w2[j];
    }
    net.b2()[0] -= LEARNING_RATE * gradient.b2;
    return loss;
  }

  /** Largest relative difference between the generated gradient and central differences. */
  static double gradientCheck(Network net, double[][] x, int[] label) {
    var g = TwoLayerNetwork_Grad.loss(net.w1(), net.b1(), net.w2(), net.b2()[0], x, label);
    double worst = 0;
    for (int j = 0; j < HIDDEN; j++) {
      for (int c = 0; c < 2; c++) {
        double keep = net.w1()[j][c];
        double h = 1e-6 * Math.max(1, Math.abs(keep));
        net.w1()[j][c] = keep + h;
        double up = net.loss(x, label);
        net.w1()[j][c] = keep - h;
        double down = net.loss(x, label);
        net.w1()[j][c] = keep;
        double central = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(central - g.w1()[j][c]) / Math.max(1e-3, Math.abs(central)));
      }
    }
    return worst;
  }

  static double accuracy(Network net, double[][] x, int[] label) {
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      double p = TwoLayerNetwork.predict(net.w1(), net.b1(), net.w2(), net.b2()[0], x[i][0], x[i][1]);
      right += (p > 0.5 ? 1 : 0) == label[i] ? 1 : 0;
    }
    return right / (double) x.length;
  }

  /** Trains for {@code steps} steps; returns the loss before each step and after the last. */
  public static double[] train(Network net, double[][] x, int[] label, int steps) {
    LossAdjoint gradient = new LossAdjoint();
    double[] history = new double[steps + 1];
    for (int s = 0; s < steps; s++) {
      history[s] = step(net, x, label, gradient);
    }
    history[steps] = net.loss(x, label);
    return history;
  }

  /** The demo's second part; returns false if the gradient check or the training fails. */
  static boolean run(PrintStream out, int steps) {
    Random random = new Random(SEED);
    double[][] x = points(random, EXAMPLES);
    int[] label = labels(x);
    Network net = Network.initial(random);
    out.printf(Locale.ROOT, "%nTwo-layer network (%d tanh units) on %d points labelled by the sign of x0*x1%n",
        HIDDEN, EXAMPLES);
    double error = gradientCheck(net, x, label);
    out.printf(Locale.ROOT, "gradient check vs central differences: max relative error %.2e%n", error);
    long start = System.nanoTime();
    double[] history = train(net, x, label, steps);
    long millis = (System.nanoTime() - start) / 1_000_000;
    for (int s = 0; s <= steps; s += steps / 5) {
      out.printf(Locale.ROOT, "  step %4d   loss %.6f%n", s, history[s]);
    }
    out.printf(Locale.ROOT, "accuracy %.1f%%   (%d steps in %d ms)%n", 100 * accuracy(net, x, label), steps, millis);
    return error < 1e-5 && history[steps] < history[0];
  }
}
