package dev.adjoint.samples.bench;

import dev.adjoint.samples.BundleAdjustment;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The 2x15 Jacobian block of {@link BundleAdjustment#reprojection} by Hipparchus' forward-mode
 * {@link Gradient} with 15 free parameters (camera 11, point 3, weight 1), as Ceres computes
 * bundle-adjustment Jacobians with its {@code Jet}s. Checked against the generated Jacobian in
 * {@code BundleAdjustmentPeersTest}.
 */
public final class BundleAdjustmentPeers {
  private BundleAdjustmentPeers() {}

  static final int PARAMETERS = 15;

  /** Writes the block, row by row, into {@code jacobian[offset .. offset + 30)}. */
  public static void hipparchus(double[] cam, double[] point, double w, double[] feature,
      double[] jacobian, int offset) {
    Gradient[] c = new Gradient[11];
    for (int i = 0; i < 11; i++) {
      c[i] = Gradient.variable(PARAMETERS, i, cam[i]);
    }
    Gradient[] xo = new Gradient[3];
    for (int i = 0; i < 3; i++) {
      xo[i] = Gradient.variable(PARAMETERS, 11 + i, point[i]).subtract(c[3 + i]);
    }
    Gradient weight = Gradient.variable(PARAMETERS, 14, w);
    Gradient sqtheta = c[0].multiply(c[0]).add(c[1].multiply(c[1])).add(c[2].multiply(c[2]));
    Gradient[] xcam = new Gradient[3];
    if (sqtheta.getValue() != 0) {
      Gradient theta = sqtheta.sqrt();
      Gradient cos = theta.cos();
      Gradient sin = theta.sin();
      Gradient[] omega = {c[0].divide(theta), c[1].divide(theta), c[2].divide(theta)};
      Gradient[] cross = cross(omega, xo);
      Gradient tmp = omega[0].multiply(xo[0]).add(omega[1].multiply(xo[1])).add(omega[2].multiply(xo[2]))
          .multiply(cos.negate().add(1));
      for (int i = 0; i < 3; i++) {
        xcam[i] = xo[i].multiply(cos).add(cross[i].multiply(sin)).add(omega[i].multiply(tmp));
      }
    } else {
      Gradient[] cross = cross(new Gradient[] {c[0], c[1], c[2]}, xo);
      for (int i = 0; i < 3; i++) {
        xcam[i] = xo[i].add(cross[i]);
      }
    }
    Gradient p0 = xcam[0].divide(xcam[2]);
    Gradient p1 = xcam[1].divide(xcam[2]);
    Gradient rsq = p0.multiply(p0).add(p1.multiply(p1));
    Gradient distortion = c[9].multiply(rsq).add(c[10].multiply(rsq).multiply(rsq)).add(1);
    Gradient[] projected = {p0.multiply(distortion), p1.multiply(distortion)};
    for (int row = 0; row < 2; row++) {
      Gradient err = projected[row].multiply(c[6]).add(c[7 + row]).subtract(feature[row]).multiply(weight);
      System.arraycopy(err.getGradient(), 0, jacobian, offset + row * PARAMETERS, PARAMETERS);
    }
  }

  private static Gradient[] cross(Gradient[] a, Gradient[] b) {
    return new Gradient[] {
      a[1].multiply(b[2]).subtract(a[2].multiply(b[1])),
      a[2].multiply(b[0]).subtract(a[0].multiply(b[2])),
      a[0].multiply(b[1]).subtract(a[1].multiply(b[0]))
    };
  }
}
