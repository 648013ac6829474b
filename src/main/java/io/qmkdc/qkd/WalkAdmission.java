package io.qmkdc.qkd;

/**
 * Which of a round's waiting bisection walks Bob asks now and which wait a round, for
 * {@link CascadeSession.Batching#DEFERRED} and {@link CascadeSession.Batching#PLAIN} (see
 * {@link CascadeSession}'s class comment). A walk of m bits asked beside walks of other passes
 * is wasted if one of their flips lands in it first (probability ≈ m/n each), costing
 * ⌈log2 m⌉ parities; walks are admitted, the smallest first, while the round's expected waste
 * stays within what a round trip is worth, n²/{@value #SQUARE_BITS_PER_ROUND_TRIP} parities.
 */
final class WalkAdmission {
    /** A round trip is worth n² / this many expected wasted parities: 2 at 10^4 bits, 200 at 10^5. */
    static final double SQUARE_BITS_PER_ROUND_TRIP = 5e7;

    private final int n;
    private final boolean plain;
    /** Walks admitted so far this round, per pass. */
    private final int[] admittedInPass;

    /** For keys of {@code n} bits and {@code passes} passes; {@code plain}: one walk per round. */
    WalkAdmission(int n, int passes, boolean plain) {
        this.n = n;
        this.plain = plain;
        this.admittedInPass = new int[passes];
    }

    /**
     * Walk i covers [start[i], end[i]) of pass pass[i], for i &lt; size. Returns null when every
     * walk is asked (their order then stays); else fills {@code order} with the walks, the
     * smallest first, and returns which of them are asked.
     */
    boolean[] select(int[] pass, int[] start, int[] end, int size, int[] order) {
        double bound = (double) n * n / SQUARE_BITS_PER_ROUND_TRIP;
        if (!plain && mostWaste(start, end, size) <= bound) {
            return null; // long keys: every walk fits whatever the order, so skip the sort
        }
        int[] first = new int[34]; // counting sort by ⌈log2 size⌉
        for (int i = 0; i < size; i++) {
            first[log2Ceil(end[i] - start[i]) + 1]++;
        }
        for (int b = 1; b < first.length; b++) {
            first[b] += first[b - 1];
        }
        for (int i = 0; i < size; i++) {
            order[first[log2Ceil(end[i] - start[i])]++] = i;
        }
        java.util.Arrays.fill(admittedInPass, 0);
        boolean[] ask = new boolean[size];
        double roundWaste = 0;
        int count = 0;
        for (int j = 0; j < size; j++) {
            int i = order[j];
            int m = end[i] - start[i];
            if (count == 0) {
                ask[i] = true;
            } else if (!plain) {
                // a flip of another pass's walk lands in these m bits with probability ≈ m/n
                double waste = Math.min(1.0, (double) m * (count - admittedInPass[pass[i]]) / n) * log2Ceil(m);
                ask[i] = roundWaste + waste <= bound;
                if (ask[i]) {
                    roundWaste += waste;
                }
            }
            if (ask[i]) {
                admittedInPass[pass[i]]++;
                count++;
            }
        }
        return count == size ? null : ask;
    }

    /** An upper bound of a round's waste in any order: every walk beside all the others. */
    private double mostWaste(int[] start, int[] end, int size) {
        double waste = 0;
        for (int i = 0; i < size; i++) {
            int m = end[i] - start[i];
            waste += Math.min(1.0, (double) m * (size - 1) / n) * log2Ceil(m);
        }
        return waste;
    }

    private static int log2Ceil(int m) {
        return 32 - Integer.numberOfLeadingZeros(m - 1);
    }
}
