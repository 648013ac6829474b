package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.KeyRateModel.DecoyMode;
import io.qmkdc.qkd.KeyRateModel.Point;
import org.junit.Test;

public class KeyRateModelTest {
    private static final LinkProfile GYS = LinkProfile.gys().withSignalMu(Double.NaN);
    private static final KeyRateModel MODEL = new KeyRateModel(GYS);

    /** Lo, Ma, Chen, PRL 94, 230504 (2005), GYS parameters, infinite decoys: 2.226e-4 per pulse at 50 km, μ ≈ 0.48 (DESIGN §8). */
    @Test
    public void gysInfiniteDecoyAt50Km() {
        Point p = MODEL.at(50, DecoyMode.INFINITE);
        assertEquals(2.226e-4, p.securePerPulse(), 0.01 * 2.226e-4);
        assertEquals(0.48, p.mu(), 0.03);
    }

    /** LMC 2005 / DESIGN §8: cut-off 142.2 km (infinite decoys); Ma et al. PRA 72, 012326 (2005): vacuum+weak ν = 0.1 ≈ 139.8 km. */
    @Test
    public void gysCutoffs() {
        assertEquals(142.2, MODEL.cutoffKm(DecoyMode.INFINITE), 1.0);
        assertEquals(139.8, MODEL.cutoffKm(DecoyMode.VACUUM_WEAK), 0.5);
        double none = MODEL.cutoffKm(DecoyMode.NONE);
        assertTrue("GLLP without decoys reaches far less: " + none, none > 10 && none < 60);
    }

    /** Pirandola et al. 2017: no repeaterless protocol beats −log2(1 − η) per pulse. */
    @Test
    public void plobBoundsEveryMode() {
        for (DecoyMode mode : DecoyMode.values()) {
            for (double d = 0; d <= 200; d += 5) {
                Point p = MODEL.at(d, mode);
                assertTrue(mode + " " + d, p.plobPerPulse() >= p.securePerPulse());
                assertTrue(p.securePerPulse() >= 0);
            }
        }
    }

    @Test
    public void decoyModesAreOrdered() {
        for (double d = 0; d <= 130; d += 10) {
            double inf = MODEL.at(d, DecoyMode.INFINITE).securePerPulse();
            double vw = MODEL.at(d, DecoyMode.VACUUM_WEAK).securePerPulse();
            double none = MODEL.at(d, DecoyMode.NONE).securePerPulse();
            assertTrue(d + " km", inf >= vw && vw >= none);
        }
    }

    /** Sifted = q Q_μ per pulse; per second = per pulse × f_rep × signal probability (class convention). */
    @Test
    public void siftedAndPerSecondConvention() {
        LinkProfile fixed = LinkProfile.gys();
        KeyRateModel m = new KeyRateModel(fixed);
        Point p = m.at(35, DecoyMode.INFINITE);
        assertEquals(0.48, p.mu(), 0);
        double eta = fixed.overallTransmittance(35);
        assertEquals(0.5 * (1 - (1 - 1.7e-6) * Math.exp(-eta * 0.48)), p.siftedPerPulse(), 1e-15);
        assertEquals(p.siftedPerPulse() * 1e9 * 0.8, p.siftedBitsPerSecond(), 1e-6);
        assertEquals(p.securePerPulse() * 1e9 * 0.8, p.secureBitsPerSecond(), 1e-6);
        // QBER at short distance ≈ e_d (dark counts negligible)
        assertEquals(0.033, p.qber(), 1e-3);
        assertTrue(MODEL.sweep(0, 100, 10, DecoyMode.INFINITE).size() == 11);
    }
}
