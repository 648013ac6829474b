package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;

/**
 * BB84 sifting (Bennett, Brassard 1984; paper eq. 3): keep the detections where Alice's and Bob's
 * bases agree. One batch here; many batches with {@link SiftedKeyAccumulator}. Each end of a real
 * link knows only its own bits and the other's announcements: the two ends of a
 * {@link Bb84AliceRound} / {@link Bb84BobRound} sift their views with
 * {@link SiftedKeyAccumulator#appendView} (the other party's bits read as 0).
 */
public final class Sifting {
    private Sifting() {
    }

    /** Sifts a single batch. */
    public static SiftedKey sift(DetectionBatch batch) {
        return new SiftedKeyAccumulator().append(batch).snapshot();
    }

    /** Sifts batches in pulse order into one block. */
    public static SiftedKey sift(Iterable<DetectionBatch> batches) {
        SiftedKeyAccumulator acc = new SiftedKeyAccumulator();
        for (DetectionBatch b : batches) {
            acc.append(b);
        }
        return acc.snapshot();
    }

    /** No detections, only the pulses sent per intensity class (Alice knows them; they give the gains). */
    public static DetectionBatch pulses(long[] pulsesPerIntensity) {
        long total = pulsesPerIntensity[0] + pulsesPerIntensity[1] + pulsesPerIntensity[2];
        return new DetectionBatch(0, total, pulsesPerIntensity.clone(), 0, new long[0], new byte[0], new byte[0],
                new byte[0], new byte[0], new byte[0], new boolean[0], new byte[0]);
    }
}
