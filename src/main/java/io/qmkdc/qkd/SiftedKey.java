package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;

/**
 * The outcome of sifting one block: per intensity class, Alice's and Bob's sifted bits and the
 * public counts. The SIGNAL bits are the raw key; DECOY and VACUUM bits are disclosed in full for
 * decoy estimation (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), sec. IV), so their error counts are public.
 *
 * <p>Arrays are indexed by {@link DetectionBatch#SIGNAL}, {@link DetectionBatch#DECOY},
 * {@link DetectionBatch#VACUUM}. {@code toString} shows counts only.
 */
public record SiftedKey(BitVector[] alice, BitVector[] bob, long[] pulses, long[] detections) {

    public BitVector aliceKey(int intensity) {
        return alice[SiftedKeyAccumulator.check(intensity)];
    }

    public BitVector bobKey(int intensity) {
        return bob[SiftedKeyAccumulator.check(intensity)];
    }

    public long pulses(int intensity) {
        return pulses[SiftedKeyAccumulator.check(intensity)];
    }

    /** Clicks (sifted or not) in the class; with {@link #pulses(int)} it gives the gain Q. */
    public long detections(int intensity) {
        return detections[SiftedKeyAccumulator.check(intensity)];
    }

    public int sifted(int intensity) {
        return alice[SiftedKeyAccumulator.check(intensity)].length();
    }

    /** Errors in a disclosed class (DECOY or VACUUM); the SIGNAL class is key and is not compared. */
    public int disclosedErrors(int intensity) {
        if (intensity == DetectionBatch.SIGNAL) {
            throw new IllegalArgumentException("SIGNAL bits are key: estimate their QBER by ParameterEstimation");
        }
        return alice[SiftedKeyAccumulator.check(intensity)].hammingDistance(bob[intensity]);
    }

    /** Gain Q = detections / pulses of a class (0 when no pulses). */
    public double gain(int intensity) {
        long p = pulses(intensity);
        return p == 0 ? 0.0 : (double) detections(intensity) / p;
    }

    /** The public statistics the decoy analysis needs (no key bits). */
    public DecoyAnalysis.Observation observation() {
        return new DecoyAnalysis.Observation(pulses.clone(), detections.clone(),
                new long[] {sifted(0), sifted(1), sifted(2)},
                disclosedErrors(DetectionBatch.DECOY), disclosedErrors(DetectionBatch.VACUUM));
    }

    public void wipe() {
        for (int c = 0; c < 3; c++) {
            alice[c].wipe();
            bob[c].wipe();
        }
    }

    @Override
    public String toString() {
        return "SiftedKey[sifted=" + sifted(0) + "/" + sifted(1) + "/" + sifted(2)
                + ", detections=" + detections[0] + "/" + detections[1] + "/" + detections[2] + "]";
    }
}
