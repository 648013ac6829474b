package io.qmkdc.qkd;

/**
 * Alice's side of Cascade: answers parity ranges over her key in each pass's shuffled order. A
 * shuffled copy of the key is built once per pass, on the first question about that pass, so
 * each answer is a word-level range parity.
 */
public final class CascadeResponder implements ParityOracle {
    private final BitVector key;
    private final CascadeShuffle shuffle;
    private final BitVector[] shuffled;

    /** {@code aliceKey} is read, never modified; {@code shuffle} must be the one Bob uses. */
    public CascadeResponder(BitVector aliceKey, CascadeShuffle shuffle) {
        if (aliceKey.length() != shuffle.length()) {
            throw new IllegalArgumentException("key has " + aliceKey.length() + " bits, shuffle expects " + shuffle.length());
        }
        this.key = aliceKey;
        this.shuffle = shuffle;
        this.shuffled = new BitVector[shuffle.passes()];
    }

    @Override
    public BitVector parities(ParityRequest request) {
        int size = request.size();
        BitVector answer = new BitVector(size);
        long[] out = answer.words();
        int[] pass = request.pass();
        int[] start = request.start();
        int[] end = request.end();
        for (int i = 0; i < size; i++) {
            int p = pass[i];
            if (p < 0 || p >= shuffled.length) {
                throw new IllegalArgumentException("pass must be in [0, " + shuffled.length + "), was " + p);
            }
            BitVector view = shuffled[p];
            if (view == null) {
                view = shuffle.shuffled(key, p);
                shuffled[p] = view;
            }
            out[i >>> 6] |= (long) view.parity(start[i], end[i]) << i;
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
