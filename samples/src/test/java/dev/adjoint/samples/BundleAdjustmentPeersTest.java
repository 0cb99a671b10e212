package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.samples.bench.BundleAdjustmentPeers;
import org.junit.jupiter.api.Test;

/** Hipparchus' Jacobian block, the benchmark's peer, is the one Adjoint generates and ADBench's. */
class BundleAdjustmentPeersTest {

  @Test
  void hipparchusBlockMatchesAdbenchAndTheGeneratedOne() {
    BundleAdjustmentTest.Observation o = BundleAdjustmentGradientTest.ba1();
    double[] block = new double[30];
    BundleAdjustmentPeers.hipparchus(o.cam(), o.X(), o.w(), o.feature(), block, 0);
    double[][] generated =
        BundleAdjustment_Grad.reprojectionJacobianByRows(o.cam(), o.X(), o.w(), o.feature()).w();
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 15; c++) {
        double golden = BundleAdjustmentGradientTest.GOLDEN_BLOCK[r][c];
        assertEquals(golden, block[r * 15 + c], 1e-8 * Math.max(1, Math.abs(golden)), "J[" + r + "][" + c + "]");
      }
      assertEquals(generated[r][0], block[r * 15 + 14], 1e-12 * Math.abs(generated[r][0]), "d/dw, row " + r);
    }
  }
}
