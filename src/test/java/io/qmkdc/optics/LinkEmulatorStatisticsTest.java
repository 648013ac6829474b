package io.qmkdc.optics;

import static io.qmkdc.optics.DetectionBatch.DECOY;
import static io.qmkdc.optics.DetectionBatch.SIGNAL;
import static io.qmkdc.optics.DetectionBatch.VACUUM;
import static io.qmkdc.optics.Sigma.assertProportion;
import static io.qmkdc.optics.Sigma.assertSameProportion;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/**
 * The honest link's detections against the closed forms of {@link DetectorModel}, GYS profile.
 * Every comparison is a binomial count checked at {@link Sigma#K} = 4σ (σ stated in {@link Sigma}).
 */
public class LinkEmulatorStatisticsTest {

    private static final LinkProfile GYS = LinkProfile.gys();
    private static final EavesdropperStrategy NONE = new EavesdropperStrategy.None();

    @Test
    public void gainAndQberPerClassMatchClosedFormsAt25_50_100Km() {
        double[] mu = {GYS.signalMu(), GYS.decoyNu(), 0.0};
        long seed = 11;
        for (double km : new double[] {25, 50, 100}) {
            LinkTally t = Sigma.run(GYS, km, NONE, 2_000_000_000L, seed++);
            double transmittance = GYS.overallTransmittance(km);
            for (int k = 0; k < 3; k++) {
                double q = DetectorModel.honestGain(mu[k], transmittance, GYS.darkCountProbability());
                double e = DetectorModel.honestErrorRate(mu[k], transmittance, GYS.darkCountProbability(),
                        GYS.misalignmentError());
                assertProportion("gain class " + k + " at " + km + " km", t.detections(k), t.pulses(k), q);
                assertProportion("QBER class " + k + " at " + km + " km", t.siftedErrors(k), t.sifted(k), e);
            }
            assertEquals(2_000_000_000L, t.totalPulses());
        }
    }

    @Test
    public void siftedFractionIsHalfAndVacuumYieldIsY0() {
        LinkTally t = Sigma.run(GYS, 25, NONE, 2_000_000_000L, 5);
        assertProportion("sifted fraction", t.totalSifted(), t.totalDetections(), 0.5);
        assertProportion("vacuum yield", t.detections(VACUUM), t.pulses(VACUUM), GYS.darkCountProbability());
        // Dark counts carry no information: vacuum detections are wrong half the time.
        assertProportion("vacuum QBER", t.siftedErrors(VACUUM), t.sifted(VACUUM), 0.5);
        // Class shares of all pulses are the profile's probabilities (multinomial marginals).
        assertProportion("signal share", t.pulses(SIGNAL), t.totalPulses(), GYS.signalProbability());
        assertProportion("decoy share", t.pulses(DECOY), t.totalPulses(), GYS.decoyProbability());
    }

    @Test
    public void photonNumbersOfDetectionsFollowPoissonGivenClick() {
        double km = 25;
        LinkTally t = Sigma.run(GYS, km, NONE, 1_000_000_000L, 7);
        // Independent of the table: P(n | click) = Σ_k P(k) Pois(n; μ_k) Y_n / p with Y_n closed form.
        double transmittance = GYS.overallTransmittance(km);
        double[] pk = {GYS.signalProbability(), GYS.decoyProbability(), GYS.vacuumProbability()};
        double[] mu = {GYS.signalMu(), GYS.decoyNu(), 0.0};
        double p = 0;
        for (int k = 0; k < 3; k++) {
            p += pk[k] * DetectorModel.honestGain(mu[k], transmittance, GYS.darkCountProbability());
        }
        for (int n = 0; n <= 4; n++) {
            double joint = 0;
            for (int k = 0; k < 3; k++) {
                joint += pk[k] * poisson(n, mu[k]);
            }
            joint *= DetectorModel.honestYield(n, transmittance, GYS.darkCountProbability());
            assertProportion("P(n=" + n + " | click)", t.detectionsWithPhotons(n), t.totalDetections(), joint / p);
        }
    }

    @Test
    public void doubleClickFractionMatchesExpectation() {
        double km = 0;
        ChannelExpectation x = new ChannelExpectation(GYS, km, NONE);
        LinkTally t = Sigma.run(GYS, km, NONE, 200_000_000L, 8);
        assertProportion("double clicks", t.doubleClicks(), t.totalDetections(), x.doubleClickFraction());
    }

    @Test
    public void oneBatchAndTenPiecesHaveTheSameStatistics() {
        LinkEmulator whole = new LinkEmulator(GYS, 50, NONE, new java.util.SplittableRandom(21), 4_000_000);
        LinkTally a = new LinkTally().add(whole.nextBatch(1_000_000_000L));
        assertEquals("one batch covered all pulses", 1_000_000_000L, whole.nextPulse());
        LinkEmulator pieces = new LinkEmulator(GYS, 50, NONE, new java.util.SplittableRandom(22), 4_000_000);
        LinkTally b = new LinkTally();
        for (int i = 0; i < 10; i++) {
            b.add(pieces.nextBatch(100_000_000L));
        }
        assertEquals(a.totalPulses(), b.totalPulses());
        for (int k = 0; k < 3; k++) {
            assertSameProportion("gain class " + k, a.detections(k), a.pulses(k), b.detections(k), b.pulses(k));
            assertSameProportion("QBER class " + k, a.siftedErrors(k), a.sifted(k), b.siftedErrors(k), b.sifted(k));
            assertSameProportion("class share " + k, a.pulses(k), a.totalPulses(), b.pulses(k), b.totalPulses());
        }
    }

    private static double poisson(int n, double mu) {
        double p = Math.exp(-mu);
        for (int i = 1; i <= n; i++) {
            p *= mu / i;
        }
        return p;
    }
}
