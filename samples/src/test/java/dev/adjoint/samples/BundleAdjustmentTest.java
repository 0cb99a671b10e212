package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The plain {@link BundleAdjustment} methods against ADBench's golden values for the first
 * observation of {@code ba1_n49_m7776_p31843.txt}: independent of the generated gradient.
 */
class BundleAdjustmentTest {

  /** The camera, point, weight and feature of ADBench's {@code ba1} (every observation's). */
  record Observation(double[] cam, double[] X, double w, double[] feature) {}

  static Observation ba1() {
    // n m p, then one camera, one point, one weight and one feature, which ADBench replicates.
    AdbenchTokens t = AdbenchTokens.resource("/adbench/ba/ba1_n49_m7776_p31843.txt");
    double[] v = t.doubles(3 + 11 + 3 + 1 + 2);
    t.requireEnd("the feature");
    double[] cam = Arrays.copyOfRange(v, 3, 14);
    double[] X = Arrays.copyOfRange(v, 14, 17);
    double[] feature = Arrays.copyOfRange(v, 18, 20);
    return new Observation(cam, X, v[17], feature);
  }

  /** ADBench's reprojection error of the first observation of ba1. */
  static final double[] GOLDEN_ERROR = {0.10133583791450886, -0.068967765924244015};

  static final double GOLDEN_WEIGHT_ERROR = 0.82609265151599998;

  @Test
  void readsBa1() {
    Observation o = ba1();
    assertEquals(-0.758453, o.cam()[0]);
    assertEquals(0.002739, o.cam()[10]);
    assertEquals(7.203245, o.X()[0]);
    assertEquals(0.417022, o.w());
    assertEquals(834.209256, o.feature()[1]);
  }

  @Test
  void reprojectionErrorMatchesAdbench() {
    Observation o = ba1();
    for (int row = 0; row < 2; row++) {
      double actual = BundleAdjustment.reprojectionError(o.cam(), o.X(), o.w(), o.feature(), row);
      // The error is a difference of values near 300 and 800: compare relative to those.
      assertEquals(GOLDEN_ERROR[row], actual, 1e-12 * 1000, "row " + row);
    }
  }

  @Test
  void weightErrorMatchesAdbench() {
    assertEquals(GOLDEN_WEIGHT_ERROR, BundleAdjustment.weightError(ba1().w()), 1e-15);
  }

  @Test
  void withoutRotationTheCameraOnlyTranslatesProjectsAndDistorts() {
    // r = 0 takes the θ = 0 branch: Xcam = X - C exactly. Written out independently here.
    double[] cam = {0, 0, 0, 0.5, -0.25, 1.0, 2.0, 0.125, -0.5, 0.25, 0.0625};
    double[] X = {1.5, 0.75, 3.0};
    double[] feature = {0.3, -0.2};
    double w = 0.75;
    double px = (1.5 - 0.5) / (3.0 - 1.0); // 0.5
    double py = (0.75 + 0.25) / (3.0 - 1.0); // 0.5
    double rsq = px * px + py * py; // 0.5
    double l = 1 + 0.25 * rsq + 0.0625 * rsq * rsq; // 1.140625
    assertEquals(
        w * (px * l * 2.0 + 0.125 - 0.3),
        BundleAdjustment.reprojectionError(cam, X, w, feature, 0),
        1e-15);
    assertEquals(
        w * (py * l * 2.0 - 0.5 + 0.2),
        BundleAdjustment.reprojectionError(cam, X, w, feature, 1),
        1e-15);
  }
}
