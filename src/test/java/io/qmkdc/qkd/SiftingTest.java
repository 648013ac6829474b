package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.DetectionBatch;
import java.util.List;
import org.junit.Test;

public class SiftingTest {

    /**
     * Hand-made batch of 8 detections (known answer worked out by hand below).
     * idx  class  aBasis bBasis aBit bBit  kept?
     *  0   S      Z      Z      1    1     yes  (signal bit 0: a1 b1)
     *  1   S      Z      X      0    1     no
     *  2   D      X      X      1    0     yes  (decoy bit 0: a1 b0, error)
     *  3   S      X      X      0    0     yes  (signal bit 1: a0 b0)
     *  4   V      Z      Z      0    1     yes  (vacuum bit 0: a0 b1, error)
     *  5   S      X      Z      1    1     no
     *  6   D      Z      Z      0    0     yes  (decoy bit 1: a0 b0)
     *  7   S      Z      Z      1    0     yes  (signal bit 2: a1 b0, error)
     * photonNumber is filled with nonsense to show it plays no part.
     */
    static DetectionBatch handMade(long firstPulse) {
        return new DetectionBatch(firstPulse, 100, new long[] {80, 12, 8}, 8,
                new long[] {3, 7, 11, 20, 33, 50, 61, 99},
                new byte[] {0, 0, 1, 0, 2, 0, 1, 0},
                new byte[] {0, 0, 1, 1, 0, 1, 0, 0},
                new byte[] {1, 0, 1, 0, 0, 1, 0, 1},
                new byte[] {0, 1, 1, 1, 0, 0, 0, 0},
                new byte[] {1, 1, 0, 0, 1, 1, 0, 0},
                new boolean[8],
                new byte[] {-7, 42, -7, 42, -7, 42, -7, 42});
    }

    @Test
    public void siftsHandMadeBatch() {
        SiftedKey k = Sifting.sift(handMade(0));
        assertEquals(3, k.sifted(DetectionBatch.SIGNAL));
        assertEquals(2, k.sifted(DetectionBatch.DECOY));
        assertEquals(1, k.sifted(DetectionBatch.VACUUM));
        BitVector a = k.aliceKey(DetectionBatch.SIGNAL);
        BitVector b = k.bobKey(DetectionBatch.SIGNAL);
        assertTrue(a.get(0) && !a.get(1) && a.get(2));
        assertTrue(b.get(0) && !b.get(1) && !b.get(2));
        assertEquals(1, k.disclosedErrors(DetectionBatch.DECOY));
        assertEquals(1, k.disclosedErrors(DetectionBatch.VACUUM));
        assertEquals(5, k.detections(DetectionBatch.SIGNAL));
        assertEquals(2, k.detections(DetectionBatch.DECOY));
        assertEquals(1, k.detections(DetectionBatch.VACUUM));
        assertEquals(80, k.pulses(DetectionBatch.SIGNAL));
        assertEquals(5.0 / 80, k.gain(DetectionBatch.SIGNAL), 0);
        assertEquals(1.0 / 8, k.gain(DetectionBatch.VACUUM), 0);
    }

    @Test
    public void accumulatesBatchesInOrder() {
        SiftedKeyAccumulator acc = new SiftedKeyAccumulator();
        for (int i = 0; i < 40; i++) {
            acc.append(handMade(100L * i));
        }
        SiftedKey k = acc.snapshot();
        assertEquals(40, acc.batches());
        assertEquals(120, k.sifted(DetectionBatch.SIGNAL));
        assertEquals(40, k.disclosedErrors(DetectionBatch.DECOY));
        assertEquals(3200, k.pulses(DetectionBatch.SIGNAL));
        assertEquals(200, k.detections(DetectionBatch.SIGNAL));
        BitVector a = k.aliceKey(DetectionBatch.SIGNAL);
        BitVector b = k.bobKey(DetectionBatch.SIGNAL);
        // every third signal bit crosses word boundaries: pattern a = 101, b = 100 repeated
        for (int i = 0; i < 120; i++) {
            assertEquals(i % 3 != 1, a.get(i));
            assertEquals(i % 3 == 0, b.get(i));
        }
        assertEquals(40, a.hammingDistance(b));
        assertEquals(Sifting.sift(List.of(handMade(0), handMade(100))).sifted(0), 6);
    }

    @Test
    public void rejectsOverlappingBatchAndSignalDisclosure() {
        SiftedKeyAccumulator acc = new SiftedKeyAccumulator().append(handMade(0));
        assertThrows(IllegalArgumentException.class, () -> acc.append(handMade(50)));
        assertThrows(IllegalArgumentException.class, () -> acc.snapshot().disclosedErrors(DetectionBatch.SIGNAL));
    }

    @Test
    public void snapshotIsIndependentAndToStringHidesBits() {
        SiftedKeyAccumulator acc = new SiftedKeyAccumulator().append(handMade(0));
        SiftedKey first = acc.snapshot();
        acc.wipe();
        assertEquals(0, acc.sifted(DetectionBatch.SIGNAL));
        assertEquals(3, first.sifted(DetectionBatch.SIGNAL));
        assertTrue(first.aliceKey(0).get(0));
        assertFalse(first.toString().contains("101"));
    }

    @Test
    public void observationCarriesPublicCounts() {
        DecoyAnalysis.Observation o = Sifting.sift(handMade(0)).observation();
        assertEquals(2, o.sifted()[DetectionBatch.DECOY]);
        assertEquals(1, o.decoyErrors());
        assertEquals(1, o.vacuumErrors());
        assertEquals(8, o.pulses()[DetectionBatch.VACUUM]);
    }
}
