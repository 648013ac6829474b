package io.qmkdc.qkd;

import java.util.random.RandomGenerator;

/**
 * Step 5 of the post-processing (DESIGN §4): privacy amplification by Toeplitz hashing of the
 * reconciled key down to the secure length (Bennett, Brassard, Crépeau, Maurer, IEEE TIT 41,
 * 1915 (1995); two-universal hashing, leftover hash lemma). The seed is public: one side draws it
 * with {@link #drawSeed} and sends it over the authenticated channel, both sides then call
 * {@link #apply} with the same seed and get the same final key.
 *
 * <p>The final length comes from the key-rate analysis (decoy bounds minus leakage and security
 * terms); this class only compresses.
 */
public final class PrivacyAmplification {
    private PrivacyAmplification() {
    }

    /** Sizes of one amplification; carries no key bits. */
    public record Result(BitVector finalKey, int inputBits, int outputBits) {
        /** Bits removed by hashing. */
        public int compressedBits() {
            return inputBits - outputBits;
        }

        @Override
        public String toString() {
            return "PrivacyAmplification.Result[inputBits=" + inputBits + ", outputBits=" + outputBits + "]";
        }
    }

    /** Bits of public seed needed to hash {@code inputBits} down to {@code finalLength}. */
    public static int seedLength(int inputBits, int finalLength) {
        checkFinalLength(inputBits, finalLength);
        return ToeplitzHash.seedLength(inputBits, finalLength);
    }

    /** A fresh uniform public seed for {@link #apply}, drawn from {@code random}. */
    public static BitVector drawSeed(int inputBits, int finalLength, RandomGenerator random) {
        return BitVector.random(seedLength(inputBits, finalLength), random);
    }

    /**
     * The final key {@code T(seed)·reconciledKey} of {@code finalLength} bits; {@code finalLength}
     * 0 gives the empty key. The input key is left as it is (the caller wipes it when done).
     */
    public static BitVector apply(BitVector reconciledKey, int finalLength, BitVector seed) {
        checkFinalLength(reconciledKey.length(), finalLength);
        int expected = ToeplitzHash.seedLength(reconciledKey.length(), finalLength);
        if (seed.length() != expected) {
            throw new IllegalArgumentException("seed must have " + expected + " bits (n + finalLength - 1), had "
                    + seed.length());
        }
        return ToeplitzHash.hash(reconciledKey, finalLength, seed);
    }

    /** {@link #apply} with the sizes alongside, for the post-processing report. */
    public static Result amplify(BitVector reconciledKey, int finalLength, BitVector seed) {
        return new Result(apply(reconciledKey, finalLength, seed), reconciledKey.length(), finalLength);
    }

    private static void checkFinalLength(int inputBits, int finalLength) {
        if (finalLength < 0 || finalLength > inputBits) {
            throw new IllegalArgumentException("finalLength must be in [0, " + inputBits + "], was " + finalLength);
        }
    }
}
