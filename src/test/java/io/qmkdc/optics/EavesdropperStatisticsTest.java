package io.qmkdc.optics;

import static io.qmkdc.optics.DetectionBatch.DECOY;
import static io.qmkdc.optics.DetectionBatch.SIGNAL;
import static io.qmkdc.optics.Sigma.assertProportion;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * Detections under each {@link EavesdropperStrategy} against exact expectations; 4σ binomial
 * tolerances as in {@link Sigma}. Expected values come from closed forms where one exists and
 * otherwise from {@link ChannelExpectation}, whose own sums are checked in {@link ChannelExpectationTest}.
 */
public class EavesdropperStatisticsTest {

    private static final LinkProfile GYS = LinkProfile.gys();

    @Test
    public void interceptResendAllPulsesGivesQuarterQberOnAPerfectLink() {
        // e_d = 0, Y0 = 0: Eve's basis is right half the time (no error) and wrong otherwise
        // (Bob's result then random, error 1/2): QBER = 1/2 · 1/2 = 1/4 exactly.
        LinkProfile perfect = Sigma.gysWith(0, 0);
        LinkTally t = Sigma.run(perfect, 25, new EavesdropperStrategy.InterceptResend(1), 200_000_000L, 31);
        assertProportion("QBER", t.totalSiftedErrors(), t.totalSifted(), 0.25);
        // Resending n photons leaves the gain unchanged.
        assertProportion("signal gain", t.detections(SIGNAL), t.pulses(SIGNAL),
                DetectorModel.honestGain(perfect.signalMu(), perfect.overallTransmittance(25), 0));
        // Eve knows the bit exactly when her basis was right: half of the sifted detections.
        assertProportion("Eve's knowledge", t.eveKnownSifted(), t.totalSifted(), 0.5);
    }

    @Test
    public void interceptResendWithMisalignmentAddsHalfOfEd() {
        // Misalignment adds e_d/2: where Eve guessed the basis (half the time) she resends
        // Alice's state and Bob's receiver still misroutes it with probability e_d; where she
        // guessed wrong Bob's outcome is already random and misalignment cannot change that.
        EavesdropperStrategy eve = new EavesdropperStrategy.InterceptResend(1);
        double exact = new ChannelExpectation(GYS, 25, eve).siftedErrorRate();
        double approx = 0.25 + GYS.misalignmentError() / 2;
        assertEquals("multi-photon and dark-count corrections are small", approx, exact, 1e-3);
        LinkTally t = Sigma.run(GYS, 25, eve, 200_000_000L, 32);
        assertProportion("QBER", t.totalSiftedErrors(), t.totalSifted(), exact);
    }

    @Test
    public void interceptResendOnFractionFollowsQuarterLaw() {
        double p = 0.3;
        EavesdropperStrategy eve = new EavesdropperStrategy.InterceptResend(p);
        LinkTally perfect = Sigma.run(Sigma.gysWith(0, 0), 25, eve, 200_000_000L, 33);
        assertProportion("QBER with e_d = Y0 = 0", perfect.totalSiftedErrors(), perfect.totalSifted(), p / 4);
        // GYS: exact expectation, ≈ (1 − p) E + p (1/4 + e_d/2).
        double exact = new ChannelExpectation(GYS, 25, eve).siftedErrorRate();
        double honest = new ChannelExpectation(GYS, 25, new EavesdropperStrategy.None()).siftedErrorRate();
        assertEquals((1 - p) * honest + p * (0.25 + GYS.misalignmentError() / 2), exact, 1e-3);
        LinkTally t = Sigma.run(GYS, 25, eve, 200_000_000L, 34);
        assertProportion("QBER GYS", t.totalSiftedErrors(), t.totalSifted(), exact);
    }

    @Test
    public void photonNumberSplittingKeepsSignalGainButLowersDecoyGain() {
        EavesdropperStrategy pns = new EavesdropperStrategy.PhotonNumberSplitting();
        for (double km : new double[] {20, 50}) {
            double transmittance = GYS.overallTransmittance(km);
            double honestSignal = DetectorModel.honestGain(GYS.signalMu(), transmittance, GYS.darkCountProbability());
            double honestDecoy = DetectorModel.honestGain(GYS.decoyNu(), transmittance, GYS.darkCountProbability());
            double honestQber = DetectorModel.honestErrorRate(GYS.signalMu(), transmittance,
                    GYS.darkCountProbability(), GYS.misalignmentError());
            LinkTally t = Sigma.run(GYS, km, pns, 1_000_000_000L, 40 + (long) km);
            assertProportion("signal gain at " + km + " km", t.detections(SIGNAL), t.pulses(SIGNAL), honestSignal);
            // The decoy signature: Eve's yields favour multi-photon pulses, which the weak decoy rarely has.
            double decoyGain = t.gain(DECOY);
            double sigma = Math.sqrt(honestDecoy / t.pulses(DECOY));
            assertTrue("decoy gain " + decoyGain + " not clearly below honest " + honestDecoy + " at " + km + " km",
                    decoyGain < 0.85 * honestDecoy && honestDecoy - decoyGain > 10 * sigma);
            assertProportion("decoy gain vs exact", t.detections(DECOY), t.pulses(DECOY),
                    new ChannelExpectation(GYS, km, pns).gain(DECOY));
            // Polarisation is untouched: the signal QBER stays the honest one up to 4σ + 0.002 (model difference).
            double qber = t.errorRate(SIGNAL);
            double qberSigma = Math.sqrt(honestQber * (1 - honestQber) / t.sifted(SIGNAL));
            assertTrue("signal QBER " + qber + " vs honest " + honestQber,
                    Math.abs(qber - honestQber) <= Sigma.K * qberSigma + 0.002);
        }
    }

    @Test
    public void photonNumberSplittingEveKnowsMultiPhotonBits() {
        EavesdropperStrategy pns = new EavesdropperStrategy.PhotonNumberSplitting();
        ChannelExpectation x = new ChannelExpectation(GYS, 50, pns);
        LinkTally t = Sigma.run(GYS, 50, pns, 1_000_000_000L, 45);
        assertProportion("Eve's knowledge", t.eveKnownSifted(), t.totalSifted(), x.eveKnowledgeGivenSifted());
        // Beyond ~34 km all singles are blocked, so almost every detection is a split multi-photon pulse.
        assertTrue(x.eveKnowledgeGivenSifted() > 0.99);
    }

    @Test
    public void denialLeavesOnlyDarkCounts() {
        LinkTally t = Sigma.run(GYS, 25, new EavesdropperStrategy.Denial(), 1_000_000_000L, 51);
        for (int k = 0; k < 3; k++) {
            assertProportion("gain class " + k, t.detections(k), t.pulses(k), GYS.darkCountProbability());
        }
        assertProportion("QBER", t.totalSiftedErrors(), t.totalSifted(), 0.5);
        assertEquals(0, t.eveKnownSifted());
    }
}
