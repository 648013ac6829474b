package io.qmkdc.qkd;

import java.util.Arrays;

/**
 * Parity of the key bits {@code (a·j + b) mod n} for {@code j} in a range, without visiting each
 * bit: pick {@code q} with {@code d = a·q mod n} small (a good rational approximation of a/n,
 * which Dirichlet's theorem guarantees for some q ≤ √len), split the range into q residue classes
 * of j mod q — each an arithmetic progression of stride d through the key, broken only where it
 * wraps past n — and read each piece's parity from a stride-d prefix-parity table in O(1).
 * About n/64 word operations plus O(√len) pieces, instead of len scattered bit reads.
 */
final class ProgressionParity {
    /** A piece costs about as much as this many gathered bits (one division, two table reads). */
    private static final int PIECE_COST = 24;
    /** Building the prefix table costs about this many gathered bits per key word. */
    private static final int WORD_COST = 6;

    private ProgressionParity() {
    }

    /**
     * Parity of {@code key[(a·j + b) mod n]} over {@code j} in {@code [from, to)}, or -1 when
     * gathering the bits one by one would be cheaper. Requires {@code 0 ≤ a, b < n}.
     */
    static int parity(long[] key, int n, int a, int b, int from, int to) {
        long len = to - from;
        long budget = len - (long) WORD_COST * (n >>> 6);
        if (budget <= 0) {
            return -1;
        }
        // search q for the fewest pieces: min(q, len) classes plus about len·|d|/n wraps
        int bestQ = -1;
        long bestD = 0;
        long bestPieces = budget / PIECE_COST;
        long d = 0;
        for (int q = 1; q < bestPieces && q <= len; q++) { // pieces ≥ q: no better q past bestPieces
            d += a;
            if (d >= n) {
                d -= n;
            }
            long centred = d > n / 2 ? d - n : d;
            long g = Math.abs(centred);
            if (g < 64) {
                continue; // the word-level prefix table needs a stride of at least one word
            }
            long pieces = q + len * g / n + 1;
            if (pieces < bestPieces) {
                bestPieces = pieces;
                bestQ = q;
                bestD = centred;
            }
        }
        if (bestQ < 0) {
            return -1;
        }
        int g = (int) Math.abs(bestD);
        long[] prefix = stridedPrefix(key, n, g);
        int acc = 0;
        long c = ((long) a * from + b) % n;
        for (int v = 0; v < bestQ && v < len; v++) {
            long count = (len - v + bestQ - 1) / bestQ;
            long y = c;
            while (count > 0) {
                long pieceLength;
                long lo;
                long hi;
                if (bestD > 0) {
                    pieceLength = Math.min(count, (n - 1 - y) / g + 1);
                    lo = y;
                    hi = y + g * (pieceLength - 1);
                    y = hi + g - n;
                } else {
                    pieceLength = Math.min(count, y / g + 1);
                    hi = y;
                    lo = y - g * (pieceLength - 1);
                    y = lo - g + n;
                }
                acc ^= bit(prefix, (int) hi) ^ (lo >= g ? bit(prefix, (int) (lo - g)) : 0);
                count -= pieceLength;
            }
            c += a;
            if (c >= n) {
                c -= n;
            }
        }
        Arrays.fill(prefix, 0L); // derived from key bits
        return acc;
    }

    /** P[i] = key[i] ⊕ P[i − g] (P[i] = key[i] for i &lt; g), for g ≥ 64, one word at a time. */
    static long[] stridedPrefix(long[] key, int n, int g) {
        int words = BitVector.wordsFor(n);
        long[] p = new long[words];
        int whole = g >>> 6;
        int r = g & 63;
        for (int w = 0; w < words; w++) {
            long x = key[w];
            int lo = w - whole; // bits [64w − g, 64w − g + 64) of P, zero below bit 0
            if (r == 0) {
                if (lo >= 0) {
                    x ^= p[lo];
                }
            } else {
                if (lo >= 0) {
                    x ^= p[lo] << r;
                }
                if (lo >= 1) {
                    x ^= p[lo - 1] >>> (64 - r);
                }
            }
            p[w] = x;
        }
        return p;
    }

    private static int bit(long[] bits, int i) {
        return (int) (bits[i >>> 6] >>> i) & 1;
    }
}
