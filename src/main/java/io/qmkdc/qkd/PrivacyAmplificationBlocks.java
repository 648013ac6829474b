package io.qmkdc.qkd;

import java.util.random.RandomGenerator;

/**
 * Privacy amplification of a long reconciled key in parts (DESIGN §4 step 5): the key is cut into
 * blocks of at most {@code blockBits}, and block i is Toeplitz-hashed to ⌊ℓ·n_i/n⌋ bits with its
 * own public seed, so memory stays bounded while the output length still follows the whole run's
 * key-length bound ℓ. Both parties hash; their outputs must agree (the keys were verified).
 */
final class PrivacyAmplificationBlocks {
    private PrivacyAmplificationBlocks() {
    }

    /** Returns the number of final key bits produced; the final keys are wiped after the check. */
    static long amplify(BitVector alice, BitVector bob, int finalLength, int blockBits, RandomGenerator random) {
        int n = alice.length();
        if (finalLength <= 0 || n == 0) {
            return 0;
        }
        if (finalLength > n) {
            throw new IllegalArgumentException("finalLength " + finalLength + " exceeds the key's " + n + " bits");
        }
        long produced = 0;
        int blocks = (int) ((n + (long) blockBits - 1) / blockBits);
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) n * b / blocks);
            int to = (int) ((long) n * (b + 1) / blocks);
            int outFrom = (int) ((long) finalLength * from / n);
            int outTo = (int) ((long) finalLength * to / n);
            int m = outTo - outFrom;
            if (m == 0) {
                continue;
            }
            BitVector seed = PrivacyAmplification.drawSeed(to - from, m, random);
            BitVector a = alice.slice(from, to);
            BitVector bb = bob.slice(from, to);
            // both parties' hashes share the seed's transform (same bits as two PrivacyAmplification.apply)
            BitVector[] keys = ToeplitzHash.hashPair(a, bb, m, seed);
            BitVector keyA = keys[0];
            BitVector keyB = keys[1];
            boolean agree = keyA.contentEquals(keyB);
            a.wipe();
            bb.wipe();
            keyA.wipe();
            keyB.wipe();
            if (!agree) {
                throw new IllegalStateException("final keys differ after verification: block " + b);
            }
            produced += m;
        }
        return produced;
    }
}
