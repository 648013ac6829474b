package io.qmkdc.qkd;

import java.util.Arrays;

/**
 * Alice's side of Cascade: answers parity ranges over her key in each pass's shuffled order.
 * A pass that gets few questions (the late passes of "Cascade opt. (7)" mostly get one, the
 * parity of half the key) is answered by gathering the bits straight from the key; once a
 * pass's questions have cost about as much as a shuffled copy, the copy is built and every
 * later answer is a word-level range parity.
 */
public final class CascadeResponder implements ParityOracle {
    private final BitVector key;
    private final CascadeShuffle shuffle;
    private final BitVector[] shuffled;
    /** Bits gathered without a copy so far, per pass. */
    private final long[] gathered;
    private long[] requested = new long[0];

    /** {@code aliceKey} is read, never modified; {@code shuffle} must be the one Bob uses. */
    public CascadeResponder(BitVector aliceKey, CascadeShuffle shuffle) {
        if (aliceKey.length() != shuffle.length()) {
            throw new IllegalArgumentException("key has " + aliceKey.length() + " bits, shuffle expects " + shuffle.length());
        }
        this.key = aliceKey;
        this.shuffle = shuffle;
        this.shuffled = new BitVector[shuffle.passes()];
        this.gathered = new long[shuffle.passes()];
    }

    @Override
    public BitVector parities(ParityRequest request) {
        int size = request.size();
        int[] pass = request.pass();
        int[] start = request.start();
        int[] end = request.end();
        int passes = shuffled.length;
        if (requested.length != passes) {
            requested = new long[passes];
        }
        Arrays.fill(requested, 0L);
        for (int i = 0; i < size; i++) {
            int p = pass[i];
            if (p < 0 || p >= passes) {
                throw new IllegalArgumentException("pass must be in [0, " + passes + "), was " + p);
            }
            requested[p] += Math.max(0, end[i] - start[i]);
        }
        long n = key.length();
        for (int p = 0; p < passes; p++) {
            // a copy costs about n gathered bits: build it once gathering would cost more than 3/4 of that
            if (requested[p] > 0 && shuffled[p] == null && 4 * (gathered[p] + requested[p]) > 3 * n) {
                shuffled[p] = shuffle.shuffled(key, p);
            }
        }
        BitVector answer = new BitVector(size);
        long[] out = answer.words();
        for (int i = 0; i < size; i++) {
            int p = pass[i];
            BitVector view = shuffled[p];
            int parity;
            if (view != null) {
                parity = view.parity(start[i], end[i]);
            } else {
                parity = shuffle.parity(key, p, start[i], end[i]);
                gathered[p] += end[i] - start[i];
            }
            out[i >>> 6] |= (long) parity << i;
        }
        return answer;
    }

    /** Zeroes the shuffled copies of the key; call when the block is done. */
    public void wipe() {
        for (BitVector v : shuffled) {
            if (v != null) {
                v.wipe();
            }
        }
    }

    @Override
    public String toString() {
        return "CascadeResponder[n=" + key.length() + "]";
    }
}
