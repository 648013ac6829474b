package io.qmkdc.optics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

/** Batching, determinism and cost of {@link LinkEmulator}. */
public class LinkEmulatorTest {

    private static final LinkProfile GYS = LinkProfile.gys();
    private static final EavesdropperStrategy NONE = new EavesdropperStrategy.None();

    @Test
    public void sameSeedGivesIdenticalBatches() {
        List<DetectionBatch> a = new LinkEmulator(GYS, 25, NONE, new SplittableRandom(3), 50_000).emulate(50_000_000L);
        List<DetectionBatch> b = new LinkEmulator(GYS, 25, NONE, new SplittableRandom(3), 50_000).emulate(50_000_000L);
        assertEquals(a.size(), b.size());
        assertTrue("several batches", a.size() > 1);
        for (int i = 0; i < a.size(); i++) {
            DetectionBatch x = a.get(i);
            DetectionBatch y = b.get(i);
            int n = x.size();
            assertEquals(n, y.size());
            assertEquals(x.firstPulse(), y.firstPulse());
            assertArrayEquals(x.pulsesPerIntensity(), y.pulsesPerIntensity());
            assertArrayEquals(Arrays.copyOf(x.pulseIndex(), n), Arrays.copyOf(y.pulseIndex(), n));
            assertArrayEquals(Arrays.copyOf(x.bobBit(), n), Arrays.copyOf(y.bobBit(), n));
            assertArrayEquals(Arrays.copyOf(x.aliceBit(), n), Arrays.copyOf(y.aliceBit(), n));
            assertArrayEquals(Arrays.copyOf(x.photonNumber(), n), Arrays.copyOf(y.photonNumber(), n));
        }
    }

    @Test
    public void batchesTileThePulseStreamAndRespectTheDetectionBound() {
        LinkEmulator link = new LinkEmulator(GYS, 25, NONE, new SplittableRandom(4), 1000);
        DetectionBatch first = link.nextBatch(1_000_000_000L);
        assertEquals("detection bound filled first", 1000, first.size());
        assertTrue(first.pulses() < 1_000_000_000L);
        assertEquals("batch ends at its last detection", first.pulseIndex()[999] + 1, first.pulses());
        DetectionBatch second = link.nextBatch(500);
        assertEquals(first.pulses(), second.firstPulse());
        assertEquals(500, second.pulses());
        long expectedPulses = 0;
        for (DetectionBatch b : link.emulate(10_000_000L)) {
            assertEquals(b.pulses(), Arrays.stream(b.pulsesPerIntensity()).sum());
            long previous = b.firstPulse() - 1;
            for (int i = 0; i < b.size(); i++) {
                assertTrue("strictly increasing, inside the batch", b.pulseIndex()[i] > previous
                        && b.pulseIndex()[i] < b.firstPulse() + b.pulses());
                previous = b.pulseIndex()[i];
            }
            expectedPulses += b.pulses();
        }
        assertEquals(10_000_000L, expectedPulses);
        assertEquals(first.pulses() + 500 + 10_000_000L, link.nextPulse());
    }

    @Test
    public void costIsTwoDrawsPerDetectionIndependentOfDistanceAndPulses() {
        // Per detection: one draw for the geometric gap, one for the hidden state and bits. Per
        // batch: the gap draw that overshoots, plus two exact binomials (a few draws each).
        double[] km = {0, 50, 50, 200};
        long[] pulses = {10_000_000L, 100_000_000L, 1_000_000_000L, 100_000_000_000L};
        for (int c = 0; c < km.length; c++) {
            Sigma.CountingRandom rng = new Sigma.CountingRandom(new SplittableRandom(5));
            LinkEmulator link = new LinkEmulator(GYS, km[c], NONE, rng);
            long detections = 0;
            long batches = 0;
            while (link.nextPulse() < pulses[c]) {
                detections += link.nextBatch(pulses[c] - link.nextPulse()).size();
                batches++;
            }
            assertTrue("detections at " + km[c] + " km", detections > 0);
            assertTrue("draws " + rng.draws + " for " + detections + " detections at " + km[c] + " km",
                    rng.draws <= 2 * detections + 40 * batches);
        }
    }

    @Test
    public void tappedBatchMarksEveKnowledgeOnlyUnderAttack() {
        TappedBatch honest = new LinkEmulator(GYS, 25, NONE, new SplittableRandom(6)).nextTappedBatch(10_000_000L);
        for (int i = 0; i < honest.detections().size(); i++) {
            assertTrue(!honest.eveKnowsBit()[i]);
        }
        TappedBatch pns = new LinkEmulator(GYS, 50, new EavesdropperStrategy.PhotonNumberSplitting(),
                new SplittableRandom(6)).nextTappedBatch(10_000_000L);
        for (int i = 0; i < pns.detections().size(); i++) {
            assertEquals("Eve knows exactly the multi-photon bits", pns.detections().photonNumber()[i] >= 2,
                    pns.eveKnowsBit()[i]);
        }
    }
}
