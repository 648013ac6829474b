package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;
import java.util.Arrays;

/**
 * Sifting over a stream of {@link DetectionBatch}es: appends, per intensity class, the bits of
 * detections whose announced bases agree, and counts pulses, detections and sifted bits per class.
 * Bennett, Brassard 1984 (BB84 sifting); DESIGN §4 step 1.
 *
 * <p>Reads only what the protocol may: intensity (announced after the run), both bases (announced)
 * and both parties' bits. Never {@code photonNumber}. Not thread-safe: one accumulator per link.
 */
public final class SiftedKeyAccumulator {
    private static final int CLASSES = 3;

    private final long[][] alice = new long[CLASSES][];
    private final long[][] bob = new long[CLASSES][];
    private final int[] sifted = new int[CLASSES];
    private final long[] pulses = new long[CLASSES];
    private final long[] detections = new long[CLASSES];
    private long nextPulse = Long.MIN_VALUE;
    private int batches;

    public SiftedKeyAccumulator() {
        for (int c = 0; c < CLASSES; c++) {
            alice[c] = new long[16];
            bob[c] = new long[16];
        }
    }

    /** Sifts one batch and appends it; batches must arrive in pulse order without overlap. */
    public SiftedKeyAccumulator append(DetectionBatch batch) {
        if (batch.firstPulse() < nextPulse) {
            throw new IllegalArgumentException("batch starts at pulse " + batch.firstPulse()
                    + ", before the end of the previous batch " + nextPulse);
        }
        nextPulse = batch.firstPulse() + batch.pulses();
        batches++;
        long[] perClass = batch.pulsesPerIntensity();
        for (int c = 0; c < CLASSES; c++) {
            pulses[c] += perClass[c];
        }
        return sift(batch.size(), batch.intensity(), batch.aliceBasis(), batch.aliceBit(), batch.bobBasis(),
                batch.bobBit());
    }

    /**
     * One end's view of {@code n} detections, without pulse counts (Alice adds hers at the end):
     * the intensity classes, both bases, and this end's bits; the other end's bits are null and
     * read as 0 (its key of the result is meaningless). No columns are built for the other end.
     */
    SiftedKeyAccumulator appendView(int n, byte[] intensity, byte[] aliceBasis, byte[] aliceBit, byte[] bobBasis,
            byte[] bobBit) {
        batches++;
        return sift(n, intensity, aliceBasis, aliceBit, bobBasis, bobBit);
    }

    private SiftedKeyAccumulator sift(int size, byte[] intensity, byte[] aBasis, byte[] aBit, byte[] bBasis,
            byte[] bBit) {
        for (int c = 0; c < CLASSES; c++) {
            reserve(c, size);
        }
        // Branch-free: the bases agree at random, so a branch per detection would mispredict half the
        // time. Each bit is OR-ed in at the class's next position, which advances only when they agree.
        for (int i = 0; i < size; i++) {
            int c = intensity[i];
            if (c < 0 || c >= CLASSES) {
                throw new IllegalArgumentException("intensity class must be 0..2, was " + c + " at " + i);
            }
            detections[c]++;
            int keep = aBasis[i] == bBasis[i] ? 1 : 0;
            int n = sifted[c];
            long a = aBit != null && aBit[i] != 0 ? keep : 0;
            long b = bBit != null && bBit[i] != 0 ? keep : 0;
            alice[c][n >>> 6] |= a << n;
            bob[c][n >>> 6] |= b << n;
            sifted[c] = n + keep;
        }
        return this;
    }

    /** Room for {@code more} bits in class {@code c}, at most 2^31-1 in all. */
    private void reserve(int c, int more) {
        long needed = (long) sifted[c] + more;
        if (needed > Integer.MAX_VALUE) {
            throw new IllegalStateException("more than 2^31-1 sifted bits in one class: finish the block first");
        }
        int words = BitVector.wordsFor((int) needed) + 1;
        if (words > alice[c].length) {
            int grown = (int) Math.min(Math.max(words, 2L * alice[c].length), Integer.MAX_VALUE - 8);
            alice[c] = Arrays.copyOf(alice[c], grown);
            bob[c] = Arrays.copyOf(bob[c], grown);
        }
    }

    public int batches() {
        return batches;
    }

    /** Sifted bits so far in class {@code intensity} (SIGNAL, DECOY or VACUUM). */
    public int sifted(int intensity) {
        return sifted[check(intensity)];
    }

    /** Freezes what has been accumulated (copies; the accumulator may keep appending). */
    public SiftedKey snapshot() {
        BitVector[] a = new BitVector[CLASSES];
        BitVector[] b = new BitVector[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            int words = BitVector.wordsFor(sifted[c]);
            a[c] = BitVector.wrap(Arrays.copyOf(alice[c], words), sifted[c]);
            b[c] = BitVector.wrap(Arrays.copyOf(bob[c], words), sifted[c]);
        }
        return new SiftedKey(a, b, pulses.clone(), detections.clone());
    }

    /** Zeroes the accumulated bits and counts, to start the next block. */
    public void wipe() {
        for (int c = 0; c < CLASSES; c++) {
            Arrays.fill(alice[c], 0L);
            Arrays.fill(bob[c], 0L);
            sifted[c] = 0;
            pulses[c] = 0;
            detections[c] = 0;
        }
        batches = 0;
    }

    static int check(int intensity) {
        if (intensity < 0 || intensity >= CLASSES) {
            throw new IllegalArgumentException("intensity must be SIGNAL(0), DECOY(1) or VACUUM(2), was " + intensity);
        }
        return intensity;
    }
}
