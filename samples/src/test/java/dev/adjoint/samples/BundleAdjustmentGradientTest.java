package dev.adjoint.samples;

import static dev.adjoint.samples.ArrayChecks.centralDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.samples.BundleAdjustmentTest.Observation;
import dev.adjoint.samples.BundleAdjustment_Grad.ReprojectionErrorAdjoint;
import dev.adjoint.samples.BundleAdjustment_Grad.ReprojectionErrorGradient;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The observation's 2×15 Jacobian block (columns: cam's 11 parameters, X's 3, w) from two reverse
 * sweeps of the generated gradient, one per residual row, against ADBench's golden block.
 */
class BundleAdjustmentGradientTest {

  /** ADBench's Jacobian block of the first observation of ba1. */
  static final double[][] GOLDEN_BLOCK = {
    {
      -461.4463210015993, 178.86792801444551, -19.423916472206248, -3.0615983420410315,
      6.3924575562264421, -3.3402822812990172, 0.26476024920703156, 0.417022, 0,
      243.62824566083003, 676.48677826586879, 3.0615983420410315, -6.3924575562264421,
      3.3402822812990172, 0.24299878163378708
    },
    {
      -803.74362336487923, -309.59541752344882, 604.78028466250282, -15.049628170340545,
      6.248486312079824, 3.2194799516049235, 0.83819608573133064, 0, 0.417022,
      771.29494513663337, 2141.6680611599554, 15.049628170340545, -6.248486312079824,
      -3.2194799516049235, -0.16538160078960118
    }
  };

  static double[] row(ReprojectionErrorGradient g) {
    double[] r = new double[15];
    System.arraycopy(g.cam(), 0, r, 0, 11);
    System.arraycopy(g.X(), 0, r, 11, 3);
    r[14] = g.w();
    return r;
  }

  @Test
  void jacobianBlockMatchesAdbench() {
    Observation o = ba1();
    StringBuilder report = new StringBuilder();
    double worst = 0;
    for (int r = 0; r < 2; r++) {
      ReprojectionErrorGradient g =
          BundleAdjustment_Grad.reprojectionError(o.cam(), o.X(), o.w(), o.feature(), r);
      assertEquals(BundleAdjustmentTest.GOLDEN_ERROR[r], g.value(), 1e-12 * 1000, "row " + r);
      double[] actual = row(g);
      for (int c = 0; c < 15; c++) {
        double expected = GOLDEN_BLOCK[r][c];
        double error = Math.abs(actual[c] - expected) / Math.max(1.0, Math.abs(expected));
        worst = Math.max(worst, error);
        report.append(String.format("%n  J[%d][%2d] golden %23.17g  generated %23.17g  %.1e",
            r, c, expected, actual[c], error));
      }
    }
    double largest = worst;
    assertTrue(largest < 1e-8, () -> "relative error up to " + largest + ":" + report);
  }

  @Test
  void jacobianOfTheVectorFunctionMatchesAdbenchInBothModes() {
    Observation o = ba1();
    var chosen = BundleAdjustment_Grad.reprojection(o.cam(), o.X(), o.w(), o.feature());
    var byRows = BundleAdjustment_Grad.reprojectionJacobianByRows(o.cam(), o.X(), o.w(), o.feature());
    var byColumns = BundleAdjustment_Grad.reprojectionJacobianByColumns(o.cam(), o.X(), o.w(), o.feature());
    double worst = 0;
    for (var jacobian : java.util.List.of(chosen, byRows, byColumns)) {
      for (int r = 0; r < 2; r++) {
        assertEquals(BundleAdjustmentTest.GOLDEN_ERROR[r], jacobian.value()[r], 1e-12 * 1000, "row " + r);
        for (int c = 0; c < 15; c++) {
          double actual = c < 11 ? jacobian.cam()[r][c] : c < 14 ? jacobian.X()[r][c - 11] : jacobian.w()[r][0];
          double expected = GOLDEN_BLOCK[r][c];
          worst = Math.max(worst, Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected)));
        }
      }
    }
    double largest = worst;
    assertTrue(largest < 1e-8, () -> "relative error up to " + largest);
    // Forward and reverse construction agree to rounding.
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 11; c++) {
        assertEquals(byRows.cam()[r][c], byColumns.cam()[r][c], 1e-12 * Math.max(1, Math.abs(byRows.cam()[r][c])));
      }
    }
    // 15 inputs, 2 outputs: the chooser builds it by rows.
    assertArrayEquals(byRows.cam()[0], chosen.cam()[0], 0.0);
  }

  @Test
  void vjpOfBothRowsIsTheTransposedJacobianTimesSeed() {
    // One adjoint, two sweeps seeded (s0, s1): adds s0·J[0] + s1·J[1].
    Observation o = ba1();
    ReprojectionErrorAdjoint adjoint = new ReprojectionErrorAdjoint();
    double s0 = 0.5;
    double s1 = -2.0;
    BundleAdjustment_Grad.reprojectionErrorVjp(o.cam(), o.X(), o.w(), o.feature(), 0, s0, adjoint);
    BundleAdjustment_Grad.reprojectionErrorVjp(o.cam(), o.X(), o.w(), o.feature(), 1, s1, adjoint);
    for (int c = 0; c < 15; c++) {
      double expected = s0 * GOLDEN_BLOCK[0][c] + s1 * GOLDEN_BLOCK[1][c];
      double actual = c < 11 ? adjoint.cam[c] : c < 14 ? adjoint.X[c - 11] : adjoint.w;
      assertEquals(expected, actual, 1e-8 * Math.max(1.0, Math.abs(expected)), "column " + c);
    }
  }

  @Test
  void gradientLeavesArgumentsUnchanged() {
    Observation o = ba1();
    Observation pristine = ba1();
    BundleAdjustment_Grad.reprojectionError(o.cam(), o.X(), o.w(), o.feature(), 1);
    assertArrayEquals(pristine.cam(), o.cam());
    assertArrayEquals(pristine.X(), o.X());
    assertArrayEquals(pristine.feature(), o.feature());
  }

  @Test
  void zeroRotationBranchMatchesCentralDifferences() {
    // r = 0 takes the first-order branch Xcam = Xo + r × Xo; its derivative in r equals the
    // limit of the θ ≠ 0 branch's, which the central differences (at r = ±h) evaluate.
    Observation o = ba1();
    double[] cam = o.cam().clone();
    cam[0] = cam[1] = cam[2] = 0.0;
    double[] X = o.X().clone();
    for (int r = 0; r < 2; r++) {
      int rowIndex = r;
      ReprojectionErrorGradient g =
          BundleAdjustment_Grad.reprojectionError(cam, X, o.w(), o.feature(), r);
      double[] actual = row(g);
      ToDoubleFunction<double[]> ofCam =
          c -> BundleAdjustment.reprojectionError(c, X, o.w(), o.feature(), rowIndex);
      ToDoubleFunction<double[]> ofX =
          p -> BundleAdjustment.reprojectionError(cam, p, o.w(), o.feature(), rowIndex);
      for (int c = 0; c < 14; c++) {
        double h = 1e-6 * Math.max(1.0, Math.abs(c < 11 ? cam[c] : X[c - 11]));
        double numeric = c < 11 ? centralDifference(ofCam, cam, c, h) : centralDifference(ofX, X, c - 11, h);
        assertEquals(
            numeric, actual[c], 1e-6 * Math.max(1.0, Math.abs(numeric)), "J[" + r + "][" + c + "]");
      }
      double hw = 1e-6;
      double numericW =
          (BundleAdjustment.reprojectionError(cam, X, o.w() + hw, o.feature(), r)
                  - BundleAdjustment.reprojectionError(cam, X, o.w() - hw, o.feature(), r))
              / (2 * hw);
      assertEquals(numericW, actual[14], 1e-6 * Math.max(1.0, Math.abs(numericW)), "d/dw");
    }
  }

  static Observation ba1() {
    return BundleAdjustmentTest.ba1();
  }
}
