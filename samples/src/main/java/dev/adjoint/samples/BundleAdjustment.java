package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import dev.adjoint.NoDerivative;

/**
 * ADBench's bundle adjustment reprojection error for one observation (Srajer, Kukelova and
 * Fitzgibbon, 2018), as plain Java. A camera {@code cam} has 11 parameters:
 *
 * <pre>
 *   cam[0..2]  r, Rodrigues rotation vector     cam[6]     f, focal length
 *   cam[3..5]  C, centre                        cam[7..8]  (u0, v0), principal point
 *                                               cam[9..10] (k1, k2), radial distortion
 * </pre>
 *
 * <p>The observation of the point {@code X} with weight {@code w} at the 2D {@code feature}:
 *
 * <pre>
 *   Xo   = X - C
 *   Xcam = Xo·cos θ + (ω × Xo)·sin θ + ω(ω·Xo)(1 - cos θ),  θ = |r|, ω = r/θ    (θ ≠ 0)
 *   Xcam = Xo + r × Xo                                                          (θ = 0)
 *   p    = Xcam[0..1] / Xcam[2]
 *   p    = p·(1 + k1·|p|² + k2·|p|⁴)·f + (u0, v0)
 *   err  = w·(p - feature)
 * </pre>
 *
 * <p>{@link #reprojection} returns {@code err}, and its generated Jacobian is the observation's
 * 2×15 block of the Jacobian with respect to {@code cam}, {@code X} and {@code w};
 * {@link #reprojectionError} returns its component {@code row} (0 or 1), whose gradient is row
 * {@code row} of the block. ADBench also has a weight error {@code 1 - w²} per
 * observation: {@link #weightError}.
 */
public final class BundleAdjustment {
  private BundleAdjustment() {}

  static final int ROTATION = 0;
  static final int CENTRE = 3;
  static final int FOCAL = 6;
  static final int PRINCIPAL_POINT = 7;
  static final int RADIAL = 9;

  /**
   * Row {@code row} of {@link #reprojection}: its gradient is one row of the observation's
   * Jacobian block.
   */
  @Differentiable
  public static double reprojectionError(
      double[] cam, double[] X, double w, @NoDerivative double[] feature, int row) {
    double[] err = reprojection(cam, X, w, feature);
    return err[row];
  }

  /**
   * The observation's residual {@code err} (two numbers); {@code BundleAdjustment_Grad.reprojection}
   * gives its 2x15 Jacobian block (by rows in reverse mode: 15 inputs, 2 outputs).
   */
  @Differentiable
  public static double[] reprojection(double[] cam, double[] X, double w, @NoDerivative double[] feature) {
    double[] xo = {X[0] - cam[CENTRE], X[1] - cam[CENTRE + 1], X[2] - cam[CENTRE + 2]};

    // Rodrigues' rotation of xo by r = cam[0..2].
    double[] r = {cam[ROTATION], cam[ROTATION + 1], cam[ROTATION + 2]};
    double sqtheta = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    double[] xcam = new double[3];
    if (sqtheta != 0) {
      double theta = Math.sqrt(sqtheta);
      double cosTheta = Math.cos(theta);
      double sinTheta = Math.sin(theta);
      double thetaInverse = 1.0 / theta;
      double[] omega = {r[0] * thetaInverse, r[1] * thetaInverse, r[2] * thetaInverse};
      double[] omegaCrossXo = {
        omega[1] * xo[2] - omega[2] * xo[1],
        omega[2] * xo[0] - omega[0] * xo[2],
        omega[0] * xo[1] - omega[1] * xo[0]
      };
      double tmp = (omega[0] * xo[0] + omega[1] * xo[1] + omega[2] * xo[2]) * (1.0 - cosTheta);
      for (int i = 0; i < 3; i++) {
        xcam[i] = xo[i] * cosTheta + omegaCrossXo[i] * sinTheta + omega[i] * tmp;
      }
    } else {
      // First order at θ = 0: Xo + r × Xo.
      xcam[0] = xo[0] + (r[1] * xo[2] - r[2] * xo[1]);
      xcam[1] = xo[1] + (r[2] * xo[0] - r[0] * xo[2]);
      xcam[2] = xo[2] + (r[0] * xo[1] - r[1] * xo[0]);
    }

    // Perspective division, radial distortion, focal length and principal point.
    double[] proj = {xcam[0] / xcam[2], xcam[1] / xcam[2]};
    double rsq = proj[0] * proj[0] + proj[1] * proj[1];
    double distortion = 1.0 + cam[RADIAL] * rsq + cam[RADIAL + 1] * rsq * rsq;
    proj[0] *= distortion;
    proj[1] *= distortion;
    double[] err = new double[2];
    for (int row = 0; row < 2; row++) {
      double projected = proj[row] * cam[FOCAL] + cam[PRINCIPAL_POINT + row];
      err[row] = w * (projected - feature[row]);
    }
    return err;
  }

  /** ADBench's weight error {@code 1 - w²} of one observation. */
  @Differentiable
  public static double weightError(double w) {
    return 1.0 - w * w;
  }
}
