package io.qmkdc.optics;

import static io.qmkdc.optics.DetectionBatch.DECOY;
import static io.qmkdc.optics.DetectionBatch.SIGNAL;
import static io.qmkdc.optics.DetectionBatch.VACUUM;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The exact expectations: table sums against closed forms, attack calibrations, argument checks. */
public class ChannelExpectationTest {

    private static final LinkProfile GYS = LinkProfile.gys();
    private static final EavesdropperStrategy NONE = new EavesdropperStrategy.None();

    @Test
    public void gysAt50KmKnownAnswer() {
        // Computed independently in Python (math.exp) from Q = 1 − (1 − Y0) e^{−Tμ}, T = 0.045·10^(−1.05),
        // and E = [s_R(1 − s_W) + ½(1 − s_R)(1 − s_W)] / Q with p_d = 1 − √(1 − Y0).
        ChannelExpectation x = new ChannelExpectation(GYS, 50, NONE);
        assertEquals(0.0019249469364426286, x.gain(SIGNAL), 1e-15);
        assertEquals(0.0004026818255069564, x.gain(DECOY), 1e-15);
        assertEquals(0.033412039549837416, x.errorRate(SIGNAL), 1e-12);
    }

    @Test
    public void honestTableSumsEqualClosedForms() {
        double[] mu = {GYS.signalMu(), GYS.decoyNu(), 0.0};
        for (double km : new double[] {0, 25, 50, 100, 150}) {
            ChannelExpectation x = new ChannelExpectation(GYS, km, NONE);
            double t = GYS.overallTransmittance(km);
            for (int k = 0; k < 3; k++) {
                double q = DetectorModel.honestGain(mu[k], t, GYS.darkCountProbability());
                double e = DetectorModel.honestErrorRate(mu[k], t, GYS.darkCountProbability(), GYS.misalignmentError());
                assertEquals("Q class " + k + " at " + km, 1.0, x.gain(k) / q, 1e-12);
                assertEquals("E class " + k + " at " + km, 1.0, x.errorRate(k) / e, 1e-12);
            }
            for (int n = 0; n < 6; n++) {
                assertEquals(1.0, x.yield(n) / DetectorModel.honestYield(n, t, GYS.darkCountProbability()), 1e-12);
            }
            assertEquals(0.5, x.siftedFraction(), 1e-12);
        }
    }

    @Test
    public void vacuumAndSinglePhotonLimits() {
        assertEquals(GYS.darkCountProbability(), new ChannelExpectation(GYS, 30, NONE).gain(VACUUM), 1e-18);
        double pd = DetectorModel.darkCountPerDetector(1.7e-6);
        assertEquals(1.7e-6, 2 * pd - pd * pd, 1e-21);
        // Without dark counts a single photon errs exactly by misalignment; a vacuum pulse errs half the time.
        assertEquals(0.033, DetectorModel.honestPhotonErrorRate(1, 0.01, 0, 0.033), 1e-15);
        assertEquals(0.5, DetectorModel.honestPhotonErrorRate(0, 0.01, 1e-5, 0.033), 1e-15);
    }

    @Test
    public void interceptResendExpectations() {
        LinkProfile perfect = Sigma.gysWith(0, 0);
        ChannelExpectation full = new ChannelExpectation(perfect, 25, new EavesdropperStrategy.InterceptResend(1));
        assertEquals(0.25, full.siftedErrorRate(), 1e-12);
        assertEquals(0.5, full.eveKnowledgeGivenSifted(), 1e-12);
        ChannelExpectation honest = new ChannelExpectation(perfect, 25, NONE);
        assertEquals(1.0, full.gain(SIGNAL) / honest.gain(SIGNAL), 1e-12);
        ChannelExpectation part = new ChannelExpectation(perfect, 25, new EavesdropperStrategy.InterceptResend(0.2));
        assertEquals(0.05, part.siftedErrorRate(), 1e-12);
        // The per-photon view: single photons intercepted always err with probability 1/4.
        assertEquals(0.25, full.photonErrorRate(1), 1e-12);
    }

    @Test
    public void pnsMatchesHonestSignalGainFromFiveKm() {
        EavesdropperStrategy pns = new EavesdropperStrategy.PhotonNumberSplitting();
        for (double km : new double[] {5, 20, 34, 50, 100, 150}) {
            PnsCalibration c = PnsCalibration.of(GYS, km);
            assertTrue(c.matchesHonestGain());
            assertTrue(c.blockedSingleFraction() >= 0 && c.blockedSingleFraction() <= 1);
            assertTrue(c.multiPhotonAttenuation() > 0 && c.multiPhotonAttenuation() <= 1);
            double honest = DetectorModel.honestGain(GYS.signalMu(), GYS.overallTransmittance(km), GYS.darkCountProbability());
            assertEquals("signal gain at " + km, 1.0, new ChannelExpectation(GYS, km, pns).gain(SIGNAL) / honest, 1e-9);
        }
        // Very short link: keeping one photon already costs more than the fiber would.
        PnsCalibration shortLink = PnsCalibration.of(GYS, 1);
        assertFalse(shortLink.matchesHonestGain());
        assertTrue(new ChannelExpectation(GYS, 1, pns).gain(SIGNAL)
                < DetectorModel.honestGain(GYS.signalMu(), GYS.overallTransmittance(1), GYS.darkCountProbability()));
    }

    @Test
    public void denialLeavesDarkCounts() {
        ChannelExpectation x = new ChannelExpectation(GYS, 10, new EavesdropperStrategy.Denial());
        for (int k = 0; k < 3; k++) {
            assertEquals(GYS.darkCountProbability(), x.gain(k), 1e-18);
            assertEquals(0.5, x.errorRate(k), 1e-12);
        }
    }

    @Test
    public void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelExpectation(GYS.withSignalMu(Double.NaN), 10, NONE));
        assertThrows(IllegalArgumentException.class, () -> new ChannelExpectation(GYS, -1, NONE));
        assertThrows(IllegalArgumentException.class, () -> new EavesdropperStrategy.InterceptResend(1.5));
        assertThrows(IllegalArgumentException.class, () -> new ChannelExpectation(GYS, 10, NONE).gain(3));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkEmulator(GYS, 10, NONE, new java.util.SplittableRandom(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkEmulator(GYS, 10, NONE, new java.util.SplittableRandom(1)).nextBatch(-1));
        assertThrows(IllegalArgumentException.class,
                () -> BinomialSampler.sample(10, 1.5, new java.util.SplittableRandom(1)));
    }
}
