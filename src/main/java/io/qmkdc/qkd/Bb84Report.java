package io.qmkdc.qkd;

/**
 * Alice's account of one BB84 round: public counts and bounds, no key bits. The link actors turn it
 * into their {@code LinkEvent}, {@link LinkPipeline} into its {@link LinkReport}; the same round
 * gives the same report through either.
 *
 * @param siftedSignal  sifted signal bits (before the sample)
 * @param sampleSize    k, the QBER sample (the size the rule asked for, also when too small)
 * @param qber          errors / k in the sample, NaN when none was taken
 * @param qberUpper     its finite-size upper bound (paper eq. 4), NaN when none was taken
 * @param bounds        vacuum + weak decoy bounds; null when the round ended before the disclosure
 * @param abortReason   why the round was abandoned, or null
 * @param reconciledBits bits kept after Cascade and verification
 * @param length        the key-length breakdown; null unless the round got that far
 * @param finalBits     final key bits (0 when the length bound leaves none)
 */
public record Bb84Report(int round, int siftedSignal, int sampleSize, double qber, double qberUpper,
        DecoyAnalysis.Bounds bounds, String abortReason, long reconciledBits, int blocks, int discardedBlocks,
        long leakedEcBits, long leakedVerificationBits, long roundTrips, KeyLength.Breakdown length,
        long finalBits) {

    public boolean aborted() {
        return abortReason != null;
    }

    /** The round gave key bits. */
    public boolean keyed() {
        return !aborted() && finalBits > 0;
    }

    /** Why no key came out: the abort reason, or the length bound's reason; empty when keyed. */
    public String failure() {
        if (aborted()) {
            return abortReason;
        }
        return finalBits > 0 ? "" : "no secure key: " + (length == null ? "" : length.reason());
    }
}
