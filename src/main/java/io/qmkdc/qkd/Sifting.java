package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;

/**
 * BB84 sifting (Bennett, Brassard 1984; paper eq. 3): keep the detections where Alice's and Bob's
 * bases agree. One batch here; many batches with {@link SiftedKeyAccumulator}.
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
}
