package io.qmkdc.experiment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.ChannelExpectation;
import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * A GYS sweep from 0 to 150 km: every emulated point's gain, QBER and sifted rate lies within three
 * of its own standard errors (binomial, from the run's counts) of the exact channel model it is
 * plotted against. 7 points × 3 quantities at 3σ: a false alarm has probability ≈ 21 × 0.27 % per
 * seed; the seed is fixed.
 */
public class SweepRunnerStatisticsTest {
    @Test
    public void everyPointWithinThreeStandardErrorsOfTheExactModel() {
        LinkProfile gys = LinkProfile.gys();
        List<SweepRunner.Job> jobs = new ArrayList<>();
        for (double km = 0; km <= 150; km += 25) {
            jobs.add(new SweepRunner.Job(km, new EavesdropperStrategy.None(), Double.NaN, "emulated"));
        }
        List<SweepRunner.Finished> done = new SweepRunner(gys, 1_000_000_000L, 1, 2).run(jobs, 21, f -> { });
        assertEquals(jobs.size(), done.size());
        for (SweepRunner.Finished f : done) {
            SweepPoint p = f.point();
            ChannelExpectation model = new ChannelExpectation(gys, p.distanceKm(), new EavesdropperStrategy.None());
            double gain = model.gain(DetectionBatch.SIGNAL);
            double sifted = gys.repetitionRateHz() * gys.signalProbability() * model.siftedFraction() * gain;
            assertWithin("gain", p.distanceKm(), gain, p.gain());
            assertWithin("QBER", p.distanceKm(), model.errorRate(DetectionBatch.SIGNAL), p.qber());
            assertWithin("sifted rate", p.distanceKm(), sifted, p.siftedBitsPerSecond());
        }
        // The secure rate is the run's own; it only has to fall and vanish before the asymptotic cut-off.
        assertTrue(done.get(0).point().secureBitsPerSecond().value() > done.get(2).point().secureBitsPerSecond().value());
        assertEquals(0, done.get(done.size() - 1).point().secureBitsPerSecond().value(), 0);
    }

    private static void assertWithin(String what, double km, double expected, Estimate e) {
        assertTrue(what + " at " + km + " km has a standard error", e.standardError() > 0);
        assertEquals(what + " at " + km + " km", expected, e.value(), 3 * e.standardError());
    }

    @Test
    public void repeatsGiveTheSpreadAsStandardError() {
        SweepRunner runner = new SweepRunner(LinkProfile.gys(), 100_000_000L, 3, 2);
        SweepRunner.Finished f = runner.run(List.of(new SweepRunner.Job(25, new EavesdropperStrategy.None(),
                Double.NaN, "emulated")), 3, x -> { }).get(0);
        assertEquals(3, f.reports().size());
        assertTrue(f.point().secureBitsPerSecond().standardError() > 0);
        double mean = f.reports().stream().mapToDouble(r -> r.secureBitsPerSecond()).average().orElseThrow();
        assertEquals(mean, f.point().secureBitsPerSecond().value(), 1e-9 * mean);
    }
}
