package io.qmkdc.actor.link;

import io.qmkdc.qkd.BitVector;
import java.util.SplittableRandom;

/**
 * The public QBER sample both ends derive from one announced seed: exactly k of n positions,
 * uniformly (Knuth TAOCP vol. 2, Algorithm 3.4.2 S, selection sampling), and the bit selections.
 */
final class Sampling {
    private Sampling() {
    }

    static BitVector mask(int n, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BitVector mask = new BitVector(n);
        int needed = k;
        for (int i = 0; i < n && needed > 0; i++) {
            if (random.nextInt(n - i) < needed) {
                mask.set(i, true);
                needed--;
            }
        }
        return mask;
    }

    /** The bits of {@code bits} where {@code mask} is set ({@code select}) or clear (otherwise), in order. */
    static BitVector pick(BitVector bits, BitVector mask, boolean select) {
        int count = select ? mask.cardinality() : bits.length() - mask.cardinality();
        BitVector out = new BitVector(count);
        int j = 0;
        for (int i = 0; i < bits.length(); i++) {
            if (mask.get(i) == select) {
                if (bits.get(i)) {
                    out.set(j, true);
                }
                j++;
            }
        }
        return out;
    }

    /** Splits n bits into Cascade blocks as {@code BlockReconciliation} does: the last takes a remainder under 1.5 blocks. */
    static int[] blockBounds(int n, int blockBits) {
        java.util.List<Integer> bounds = new java.util.ArrayList<>();
        int from = 0;
        bounds.add(0);
        while (from < n) {
            int to = (n - from < blockBits + blockBits / 2) ? n : from + blockBits;
            bounds.add(to);
            from = to;
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    static long[] words(BitVector v) {
        return java.util.Arrays.copyOf(v.words(), BitVector.wordsFor(v.length()));
    }
}
