package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * Fitting a decay curve {@code y = A e^{-k t} + C} with Hipparchus' optimisers, fed by the
 * derivatives Adjoint generates: Levenberg-Marquardt with the Jacobian of the residual vector
 * ({@link #residuals}, a method returning {@code double[]}), and nonlinear conjugate gradients
 * with the gradient of the half sum of squares ({@link #loss}). Each fit can also be fed by
 * central differences, as one would without Adjoint; both reach the same optimum, the
 * differences at the cost of {@code 2n} more evaluations of the model per derivative.
 */
public final class CurveFitting {
  private CurveFitting() {}

  /** {@code r_i = A e^{-k t_i} + C - y_i} for {@code p = (A, k, C)}. */
  @Differentiable
  public static double[] residuals(double[] p, @NoDerivative double[] t, @NoDerivative double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = p[0] * Math.exp(-p[1] * t[i]) + p[2] - y[i];
    }
    return r;
  }

  /** Half the sum of the squared residuals. */
  @Differentiable
  public static double loss(double[] p, @NoDerivative double[] t, @NoDerivative double[] y) {
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      double r = p[0] * Math.exp(-p[1] * t[i]) + p[2] - y[i];
      s += r * r;
    }
    return 0.5 * s;
  }

  /** Observations {@code (t_i, y_i)}. */
  public record Data(double[] t, double[] y) {}

  /**
   * A fitted point, how many times the optimiser asked for the model (with its derivative), and
   * how many times the model's own code ran for it (the derivative by differences runs it {@code
   * 1 + 2n} times per request; Adjoint's generated derivative is one call).
   */
  public record Fit(double[] point, int requests, int modelRuns) {}

  /** 60 points of {@code 2.5 e^{-1.3 t} + 0.4} on {@code [0, 6)}, with seeded noise of 0.01. */
  public static Data data() {
    Random random = new Random(7);
    int n = 60;
    double[] t = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 0.1 * i;
      y[i] = 2.5 * Math.exp(-1.3 * t[i]) + 0.4 + 0.01 * random.nextGaussian();
    }
    return new Data(t, y);
  }

  /** Levenberg-Marquardt from {@code start}, with the generated Jacobian or central differences. */
  public static Fit levenbergMarquardt(Data data, double[] start, boolean differences) {
    int[] runs = {0};
    MultivariateJacobianFunction model = point -> {
      double[] p = point.toArray();
      if (differences) {
        runs[0] += 1 + 2 * p.length;
        return new Pair<>(new ArrayRealVector(residuals(p, data.t(), data.y()), false),
            new Array2DRowRealMatrix(jacobianByDifferences(p, data), false));
      }
      runs[0]++;
      var j = CurveFitting_Grad.residuals(p, data.t(), data.y());
      return new Pair<>(new ArrayRealVector(j.value(), false), new Array2DRowRealMatrix(j.p(), false));
    };
    LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
        .start(start)
        .model(model)
        .target(new double[data.t().length])
        .maxEvaluations(10_000)
        .maxIterations(10_000)
        .build());
    return new Fit(optimum.getPoint().toArray(), optimum.getEvaluations(), runs[0]);
  }

  /** Polak-Ribière conjugate gradients from {@code start}, with the generated gradient or central differences. */
  public static Fit conjugateGradient(Data data, double[] start, boolean differences) {
    int[] requests = {0};
    int[] runs = {0};
    ObjectiveFunction value = new ObjectiveFunction(p -> {
      runs[0]++;
      return loss(p, data.t(), data.y());
    });
    ObjectiveFunctionGradient gradient = new ObjectiveFunctionGradient(p -> {
      requests[0]++;
      if (differences) {
        runs[0] += 2 * p.length;
        return gradientByDifferences(p, data);
      }
      runs[0]++;
      return CurveFitting_Grad.loss(p, data.t(), data.y()).p();
    });
    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
        NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15));
    PointValuePair optimum = optimizer.optimize(new MaxEval(100_000), value, gradient, GoalType.MINIMIZE,
        new InitialGuess(start));
    return new Fit(optimum.getPoint(), requests[0], runs[0]);
  }

  private static double step(double x) {
    return 1e-6 * Math.max(1, Math.abs(x));
  }

  /** {@code p} with {@code by} added to its element {@code k}. */
  private static double[] moved(double[] p, int k, double by) {
    double[] q = p.clone();
    q[k] += by;
    return q;
  }

  private static double[][] jacobianByDifferences(double[] p, Data data) {
    int n = data.t().length;
    double[][] j = new double[n][p.length];
    for (int k = 0; k < p.length; k++) {
      double h = step(p[k]);
      double[] rPlus = residuals(moved(p, k, h), data.t(), data.y());
      double[] rMinus = residuals(moved(p, k, -h), data.t(), data.y());
      for (int i = 0; i < n; i++) {
        j[i][k] = (rPlus[i] - rMinus[i]) / (2 * h);
      }
    }
    return j;
  }

  private static double[] gradientByDifferences(double[] p, Data data) {
    double[] g = new double[p.length];
    for (int k = 0; k < p.length; k++) {
      double h = step(p[k]);
      g[k] = (loss(moved(p, k, h), data.t(), data.y()) - loss(moved(p, k, -h), data.t(), data.y())) / (2 * h);
    }
    return g;
  }

  /** Prints the four fits. */
  public static void main(String[] args) {
    Data data = data();
    double[] start = {1, 0.5, 0};
    for (boolean differences : new boolean[] {false, true}) {
      String by = differences ? "central differences" : "Adjoint";
      Fit lm = levenbergMarquardt(data, start, differences);
      Fit cg = conjugateGradient(data, start, differences);
      System.out.printf("Levenberg-Marquardt, %s: A=%.6f k=%.6f C=%.6f, %d requests, %d model runs%n", by,
          lm.point()[0], lm.point()[1], lm.point()[2], lm.requests(), lm.modelRuns());
      System.out.printf("conjugate gradients, %s: A=%.6f k=%.6f C=%.6f, %d gradients, %d model runs%n", by,
          cg.point()[0], cg.point()[1], cg.point()[2], cg.requests(), cg.modelRuns());
    }
  }
}
