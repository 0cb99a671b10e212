package dev.adjoint.testing;

/** What Adjoint would generate for {@link Fixtures}, by hand; g's partial in m[1][0] is wrong on purpose. */
final class Fixtures_Grad {
  private Fixtures_Grad() {}

  record FGradient(double value, double a, double[] x) {}

  record FJvp(double value, double tangent) {}

  record FHvp(FGradient gradient, FGradient hvp) {}

  static FGradient f(double a, double[] x, double k) {
    double s = 0;
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i] * x[i];
      dx[i] = 3 * a * a * x[i] * x[i];
    }
    return new FGradient(Fixtures.f(a, x, k), 2 * a * s, dx);
  }

  static FJvp fJvp(double a, double[] x, double k, double aDot, double[] xDot) {
    FGradient g = f(a, x, k);
    double t = g.a() * aDot;
    for (int i = 0; i < x.length; i++) {
      t += g.x()[i] * xDot[i];
    }
    return new FJvp(g.value(), t);
  }

  static FHvp fHvp(double a, double[] x, double k, double aDot, double[] xDot) {
    // H = [[2 s, 6 a x_i^2], [6 a x_i^2, diag(6 a^2 x_i)]]
    double s = 0;
    double ha = 0;
    double[] hx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i] * x[i];
      ha += 6 * a * x[i] * x[i] * xDot[i];
      hx[i] = 6 * a * x[i] * x[i] * aDot + 6 * a * a * x[i] * xDot[i];
    }
    ha += 2 * s * aDot;
    return new FHvp(f(a, x, k), new FGradient(0, ha, hx));
  }

  record GGradient(double value, double a, double[][] m) {}

  static GGradient g(double a, double[][] m) {
    double[][] dm = {{0, Math.sin(a)}, {m[1][0], 0}};
    return new GGradient(Fixtures.g(a, m), Math.cos(a) * m[0][1], dm);
  }

  record HGradient(double value, double a) {}

  static HGradient h(double k, double a) {
    return new HGradient(Fixtures.h(k, a), 2 * k * a);
  }

  record VJvp(double[] value, double[] tangent) {}

  static VJvp vJvp(double a, double[] x, double aDot, double[] xDot) {
    return new VJvp(Fixtures.v(a, x), new double[] {aDot * x[0] + a * xDot[0], 2 * a * aDot * x[1] + a * a * xDot[1]});
  }

  record VJacobian(double[] value, double[][] a, double[][] x) {}

  static VJacobian v(double a, double[] x) {
    return new VJacobian(Fixtures.v(a, x), new double[][] {{x[0]}, {2 * a * x[1]}},
        new double[][] {{a, 0}, {0, a * a}});
  }
}
