package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.LinkProfile;
import org.junit.Test;

public class DecoyAnalysisTest {
    private static final LinkProfile GYS = LinkProfile.gys();
    private static final KeyRateModel MODEL = new KeyRateModel(GYS);
    private static final double MU = 0.48;

    private static DecoyAnalysis.Bounds expected(double distanceKm, double nu) {
        double eta = GYS.overallTransmittance(distanceKm);
        return DecoyAnalysis.vacuumWeak(MU, nu, MODEL.gain(MU, eta), MODEL.gain(nu, eta), MODEL.errorGain(nu, eta),
                GYS.darkCountProbability());
    }

    private static DecoyAnalysis.Bounds truth(double distanceKm) {
        return DecoyAnalysis.infinite(MU, GYS.darkCountProbability(), GYS.overallTransmittance(distanceKm),
                GYS.misalignmentError());
    }

    /** Ma, Qi, Zhao, Lo 2005: with exact gains the bounds are valid and tighten as ν → 0 (the dropped terms are O(ν)). */
    @Test
    public void boundsAreValidAndTightenAsNuShrinks() {
        for (double distance : new double[] {0, 25, 50, 100, 130}) {
            DecoyAnalysis.Bounds t = truth(distance);
            double previousY1Gap = Double.POSITIVE_INFINITY;
            double previousE1Gap = Double.POSITIVE_INFINITY;
            for (double nu : new double[] {0.2, 0.1, 0.05, 0.02, 0.01, 0.001}) {
                DecoyAnalysis.Bounds b = expected(distance, nu);
                assertTrue(b.positive());
                assertTrue("Y1^L " + b.y1Lower() + " > Y1 " + t.y1Lower(), b.y1Lower() <= t.y1Lower());
                assertTrue("e1^U " + b.e1Upper() + " < e1 " + t.e1Upper(), b.e1Upper() >= t.e1Upper());
                double y1Gap = 1 - b.y1Lower() / t.y1Lower();
                double e1Gap = b.e1Upper() / t.e1Upper() - 1;
                assertTrue(y1Gap < previousY1Gap && e1Gap < previousE1Gap);
                previousY1Gap = y1Gap;
                previousE1Gap = e1Gap;
            }
            // gap linear in ν: a 100-fold smaller ν than 0.1 leaves well under 1e-3 relative gap in Y1
            assertTrue(previousY1Gap < 1e-3);
            assertTrue(previousE1Gap < 5e-3);
        }
    }

    /** Infinite decoys: Y1 = 1 − (1−Y0)(1−η) ≈ Y0 + η and e1 Y1 = e0 Y0 + e_d η (LMC 2005). */
    @Test
    public void infiniteDecoyMatchesClosedForm() {
        double eta = GYS.overallTransmittance(50);
        DecoyAnalysis.Bounds t = truth(50);
        // the exact form differs from Y0 + η by Y0·η ≈ 7e-9 here
        assertEquals(GYS.darkCountProbability() + eta - GYS.darkCountProbability() * eta, t.y1Lower(), 1e-15);
        assertEquals(GYS.darkCountProbability() + eta, t.y1Lower(), 1e-8);
        assertEquals(0.5 * GYS.darkCountProbability() + GYS.misalignmentError() * eta, t.e1Upper() * t.y1Lower(), 1e-15);
    }

    /**
     * PNS-like observation: Eve blocks single photons and forwards multi-photon pulses so the signal gain
     * looks honest, but the decoy (mostly vacuum and single photons) gain collapses to a tenth.
     */
    @Test
    public void pnsLikeObservationProvesNoSinglePhotons() {
        double eta = GYS.overallTransmittance(50);
        double qMu = MODEL.gain(MU, eta);
        double qNu = MODEL.gain(0.1, eta) / 10;
        DecoyAnalysis.Bounds b = DecoyAnalysis.vacuumWeak(MU, 0.1, qMu, qNu, MODEL.errorGain(0.1, eta) / 10,
                GYS.darkCountProbability());
        assertFalse(b.positive());
        assertEquals(0.0, b.q1Lower(), 0);
        KeyLength.Breakdown k = KeyLength.finite(1_000_000, b, 0, 0, 1e-10);
        assertEquals(0, k.length());
        assertTrue(k.reason().contains("Y1^L"));
    }

    /** Observed counts equal to their expectations: NONE reproduces the asymptotic bounds; fluctuation loosens them. */
    @Test
    public void finiteSizeFromCountsLoosensBounds() {
        double distance = 50;
        double eta = GYS.overallTransmittance(distance);
        long[] pulses = {800_000_000L, 100_000_000L, 100_000_000L};
        double[] gains = {MODEL.gain(MU, eta), MODEL.gain(0.1, eta), GYS.darkCountProbability()};
        long[] detections = new long[3];
        long[] sifted = new long[3];
        for (int c = 0; c < 3; c++) {
            detections[c] = Math.round(pulses[c] * gains[c]);
            sifted[c] = detections[c] / 2;
        }
        long decoyErrors = Math.round(sifted[1] * MODEL.errorGain(0.1, eta) / gains[1]);
        long vacuumErrors = sifted[2] / 2;
        DecoyAnalysis.Observation obs = new DecoyAnalysis.Observation(pulses, detections, sifted, decoyErrors, vacuumErrors);
        DecoyAnalysis.Bounds asymptotic = expected(distance, 0.1);
        DecoyAnalysis.Bounds none = DecoyAnalysis.vacuumWeak(MU, 0.1, obs, new Fluctuation.None());
        // only rounding of counts of ≥ 1e4 separates them
        assertEquals(asymptotic.y1Lower(), none.y1Lower(), 1e-3 * asymptotic.y1Lower());
        assertEquals(asymptotic.e1Upper(), none.e1Upper(), 2e-2 * asymptotic.e1Upper());
        for (Fluctuation f : new Fluctuation[] {new Fluctuation.Gaussian(5.3), new Fluctuation.Chernoff(1e-10)}) {
            DecoyAnalysis.Bounds b = DecoyAnalysis.vacuumWeak(MU, 0.1, obs, f);
            assertTrue(f + " positive", b.positive());
            assertTrue(f.toString(), b.y1Lower() < none.y1Lower());
            assertTrue(f.toString(), b.e1Upper() > none.e1Upper());
            assertTrue(f.toString(), b.singlePhotonFraction() < none.singlePhotonFraction());
            assertTrue(b.y0Lower() < GYS.darkCountProbability() && b.y0Upper() > GYS.darkCountProbability());
        }
    }

    @Test
    public void fluctuationBoundsBracketTheCount() {
        for (Fluctuation f : new Fluctuation[] {new Fluctuation.Gaussian(3), new Fluctuation.Chernoff(1e-6)}) {
            for (double x : new double[] {0, 1, 100, 1e6}) {
                assertTrue(f.lower(x, 1e9) <= x && f.lower(x, 1e9) >= 0);
                assertTrue(f.upper(x, 1e9) >= x);
            }
            assertTrue(f.upper(0, 1e9) > 0 || f instanceof Fluctuation.Gaussian);
        }
    }
}
