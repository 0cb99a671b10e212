package dev.adjoint.processor.testing;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * The cross-checks of {@code mHvp} at one point, for every method that has one: its gradient is
 * the gradient's, its {@code hvp.value()} is the gradient times the direction, the Hessian it
 * implies is symmetric ({@code u . H v == v . H u} for two directions), and, where central
 * differences are meaningful at the point, {@code H v} matches central differences of the
 * generated gradient along {@code v}, and {@code mHessian} is symmetric with {@code mHvp} of each
 * unit direction as its columns.
 */
final class SecondOrder {
  private final DiffMethod method;
  private final Object[] args;

  SecondOrder(DiffMethod method, Object[] args) {
    this.method = method;
    this.args = args;
  }

  void check(boolean differences, List<String> problems) {
    Method hvp = method.hvpMethod();
    if (hvp == null) {
      return;
    }
    int[] idx = method.activeIndices();
    List<String> names = method.activeNames();
    Object[] u = new Object[idx.length];
    Object[] v = new Object[idx.length];
    for (int k = 0; k < idx.length; k++) {
      u[k] = direction(args[idx[k]], k, 0.4);
      v[k] = direction(args[idx[k]], k, 1.9);
    }
    Object hu = DiffMethod.invoke(hvp, withTangents(u));
    Object hv = DiffMethod.invoke(hvp, withTangents(v));
    Object gradient = DiffMethod.invoke(method.gradientMethod(), ArrayValues.deepCopyAll(args));
    double[] g = flat(gradient, names);
    double[] hvpGradient = flat(component(hv, "gradient"), names);
    for (int i = 0; i < g.length; i++) {
      if (!Numeric.close(g[i], hvpGradient[i], 1e-10)) {
        problems.add(hvp.getName() + " gradient[" + i + "] " + hvpGradient[i] + " != gradient " + g[i]);
      }
    }
    double[] vFlat = flatAll(v);
    double[] uFlat = flatAll(u);
    double[] hvFlat = flat(component(hv, "hvp"), names);
    double[] huFlat = flat(component(hu, "hvp"), names);
    double directional = (double) component(component(hv, "hvp"), "value");
    double expected = 0;
    double scale = 0;
    for (int i = 0; i < g.length; i++) {
      expected += g[i] * vFlat[i];
      scale += Math.abs(g[i] * vFlat[i]);
    }
    // Where terms cancel to zero, rounding of the gradient's size decides.
    double floor = 1e-14 * (1 + max(g)) * sum(vFlat) * (1 + sum(uFlat));
    if (Double.isFinite(expected) && Math.abs(directional - expected) > 1e-10 * scale + floor) {
      problems.add(hvp.getName() + " hvp.value() " + directional + " != gradient . direction " + expected);
    }
    double uHv = 0;
    double vHu = 0;
    double size = 0;
    for (int i = 0; i < g.length; i++) {
      uHv += uFlat[i] * hvFlat[i];
      vHu += vFlat[i] * huFlat[i];
      size += Math.abs(uFlat[i] * hvFlat[i]) + Math.abs(vFlat[i] * huFlat[i]);
    }
    if (!differences) {
      // A point where only conventions give derivatives: no second derivative to be symmetric.
      return;
    }
    if (Double.isFinite(size) && Math.abs(uHv - vHu) > 1e-9 * size + floor) {
      problems.add(hvp.getName() + " is not symmetric: u . Hv = " + uHv + " but v . Hu = " + vHu);
    }
    checkDifferences(hvFlat, v, names, problems);
    checkHessian(g.length, names, problems);
  }

  /**
   * {@code mHessian}, where the point has at most 30 active elements: symmetric to 1e-10 of its
   * entries' size, and each column {@code mHvp} along that element's unit direction, bit for bit.
   */
  private void checkHessian(int n, List<String> names, List<String> problems) {
    if (n > 30) {
      return;
    }
    Method hessian;
    try {
      hessian = method.gradClass().getMethod(method.name() + "Hessian", method.original().getParameterTypes());
    } catch (NoSuchMethodException e) {
      problems.add("no " + method.name() + "Hessian beside " + method.name() + "Hvp");
      return;
    }
    double[][] h = (double[][]) DiffMethod.invoke(hessian, ArrayValues.deepCopyAll(args));
    if (h.length != n) {
      problems.add(hessian.getName() + " has " + h.length + " rows for " + n + " active elements");
      return;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double size = Math.max(1, Math.max(Math.abs(h[i][j]), Math.abs(h[j][i])));
        if (Double.isFinite(size) && Math.abs(h[i][j] - h[j][i]) > 1e-10 * size) {
          problems.add(hessian.getName() + " is not symmetric: [" + i + "][" + j + "] = " + h[i][j] + " but ["
              + j + "][" + i + "] = " + h[j][i]);
        }
      }
    }
    int[] idx = method.activeIndices();
    for (int column = 0; column < n; column++) {
      Object[] unit = new Object[idx.length];
      int at = column;
      for (int k = 0; k < idx.length; k++) {
        int size = ArrayValues.size(args[idx[k]]);
        // A copy: withElement writes into the array it is given.
        Object zeros = ArrayValues.deepCopy(args[idx[k]]);
        double[] flat = new double[size];
        if (at >= 0 && at < size) {
          flat[at] = 1.0;
        }
        for (int e = 0; e < size; e++) {
          zeros = ArrayValues.withElement(zeros, e, flat[e]);
        }
        unit[k] = zeros;
        at -= size;
      }
      double[] product = flat(component(DiffMethod.invoke(method.hvpMethod(), withTangents(unit)), "hvp"), names);
      for (int row = 0; row < n; row++) {
        if (Double.compare(product[row], h[row][column]) != 0) {
          problems.add(hessian.getName() + " column " + column + " row " + row + " = " + h[row][column]
              + " but mHvp along that unit direction gives " + product[row]);
          return;
        }
      }
    }
  }

  /** {@code H v} against {@code (g(x + h v) - g(x - h v)) / 2h}, refined by one Richardson step. */
  private void checkDifferences(double[] hv, Object[] v, List<String> names, List<String> problems) {
    double largest = 1;
    for (int k : method.activeIndices()) {
      for (double x : ArrayValues.flatten(args[k])) {
        largest = Math.max(largest, Math.abs(x));
      }
    }
    double h = 1e-5 * largest;
    double[] big = central(v, h, names);
    double[] small = central(v, h / 2, names);
    double gMax = 0;
    for (double x : flat(DiffMethod.invoke(method.gradientMethod(), ArrayValues.deepCopyAll(args)), names)) {
      gMax = Math.max(gMax, Math.abs(x));
    }
    for (int i = 0; i < hv.length; i++) {
      double estimate = (4 * small[i] - big[i]) / 3;
      double tol = 1e-5 * Math.max(1, Math.max(Math.abs(estimate), Math.abs(hv[i]))) + 1e-13 * gMax / h;
      if (!(Math.abs(estimate - hv[i]) <= tol) && Double.isFinite(estimate)) {
        problems.add("(H v)[" + i + "]: central difference of the gradient " + estimate + " but mHvp gives " + hv[i]
            + " (tolerance " + tol + ")");
      }
    }
  }

  private double[] central(Object[] v, double h, List<String> names) {
    double[] plus = flat(DiffMethod.invoke(method.gradientMethod(), moved(v, h)), names);
    double[] minus = flat(DiffMethod.invoke(method.gradientMethod(), moved(v, -h)), names);
    double[] d = new double[plus.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (plus[i] - minus[i]) / (2 * h);
    }
    return d;
  }

  private Object[] moved(Object[] v, double s) {
    Object[] moved = ArrayValues.deepCopyAll(args);
    int[] idx = method.activeIndices();
    for (int k = 0; k < idx.length; k++) {
      double[] direction = ArrayValues.flatten(v[k]);
      for (int i = 0; i < direction.length; i++) {
        moved[idx[k]] = ArrayValues.withElement(moved[idx[k]], i,
            ArrayValues.element(moved[idx[k]], i) + s * direction[i]);
      }
    }
    return moved;
  }

  private Object[] withTangents(Object[] tangents) {
    Object[] passed = ArrayValues.deepCopyAll(args);
    Object[] all = Arrays.copyOf(passed, passed.length + tangents.length);
    for (int k = 0; k < tangents.length; k++) {
      all[passed.length + k] = ArrayValues.deepCopy(tangents[k]);
    }
    return all;
  }

  /** A direction of the argument's shape, different per parameter, element and {@code phase}. */
  private static Object direction(Object arg, int k, double phase) {
    int[] next = {0};
    java.util.function.DoubleSupplier element = () -> Math.sin(1.3 * next[0]++ + 0.7 * k + phase);
    if (arg instanceof Double) {
      return element.getAsDouble();
    }
    if (arg instanceof double[] a) {
      double[] d = new double[a.length];
      Arrays.setAll(d, i -> element.getAsDouble());
      return d;
    }
    double[][] m = (double[][]) arg;
    double[][] d = new double[m.length][];
    for (int r = 0; r < m.length; r++) {
      d[r] = new double[m[r].length];
      Arrays.setAll(d[r], i -> element.getAsDouble());
    }
    return d;
  }

  private double[] flat(Object gradientRecord, List<String> names) {
    int[] idx = method.activeIndices();
    double[][] parts = new double[names.size()][];
    int n = 0;
    for (int k = 0; k < parts.length; k++) {
      Object part = component(gradientRecord, names.get(k));
      // A component no derivative reaches may be null: zeros of the argument's shape.
      parts[k] = part == null ? new double[ArrayValues.size(args[idx[k]])] : ArrayValues.flatten(part);
      n += parts[k].length;
    }
    double[] all = new double[n];
    int at = 0;
    for (double[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static double max(double[] values) {
    double m = 0;
    for (double x : values) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double x : values) {
      s += Math.abs(x);
    }
    return s;
  }

  private static double[] flatAll(Object[] parts) {
    return Arrays.stream(parts).flatMapToDouble(p -> Arrays.stream(ArrayValues.flatten(p))).toArray();
  }

  private static Object component(Object record, String name) {
    try {
      Method accessor = record.getClass().getMethod(name);
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no component " + name + " in " + record, e);
    }
  }
}
