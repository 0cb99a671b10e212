package dev.adjoint.processor.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * The points at which a method is checked: {@code a, b, c} (and {@code d}) in [-1, 1], {@code v}
 * of length L in 3..5 and {@code m} of L x L with elements in [-1, 1], {@code n} in 0..4. Point
 * {@code p} of method {@code k} depends only on the seed, k and p, so a failure is reproduced by
 * its method index alone.
 */
final class Points {
  private Points() {}

  /** The arguments of point {@code p}: {a, b, c, v, m, n} and d when the method has one. */
  static Object[] point(long seed, int methodIndex, int p, boolean hasD) {
    Random r = new Random(Generator.mix(seed ^ 0x5DEECE66DL, methodIndex * 64L + p));
    int len = 3 + (p + methodIndex) % 3;
    double[] v = new double[len];
    double[][] m = new double[len][len];
    for (int i = 0; i < len; i++) {
      v[i] = uniform(r);
      for (int j = 0; j < len; j++) {
        m[i][j] = uniform(r);
      }
    }
    int n = r.nextInt(5);
    Object[] args =
        hasD
            ? new Object[] {uniform(r), uniform(r), uniform(r), v, m, n, uniform(r)}
            : new Object[] {uniform(r), uniform(r), uniform(r), v, m, n};
    return args;
  }

  private static double uniform(Random r) {
    return 2 * r.nextDouble() - 1;
  }

  /** A deep copy: the methods may write into their array arguments. */
  static Object[] copy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = copyValue(out[i]);
    }
    return out;
  }

  static Object copyValue(Object o) {
    if (o instanceof double[] a) {
      return a.clone();
    }
    if (o instanceof double[][] a) {
      double[][] c = new double[a.length][];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i].clone();
      }
      return c;
    }
    return o;
  }

  static String describe(Object[] args) {
    StringBuilder sb = new StringBuilder();
    String[] names = {"a", "b", "c", "v", "m", "n", "d"};
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append(" = ").append(valueString(args[i]));
    }
    return sb.toString();
  }

  static String valueString(Object o) {
    if (o instanceof double[] a) {
      return Arrays.toString(a);
    }
    if (o instanceof double[][] a) {
      return Arrays.deepToString(a);
    }
    return String.valueOf(o);
  }

  static boolean sameContents(Object x, Object y) {
    if (x instanceof double[] a && y instanceof double[] b) {
      return Arrays.equals(a, b);
    }
    if (x instanceof double[][] a && y instanceof double[][] b) {
      return Arrays.deepEquals(a, b);
    }
    return java.util.Objects.equals(x, y);
  }
}
