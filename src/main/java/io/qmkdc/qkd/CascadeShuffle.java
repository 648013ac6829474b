package io.qmkdc.qkd;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * The public per-pass shuffles of Cascade. Pass {@code p} reads the key in the order
 * {@code π_p(j) = (a_p·j + b_p) mod n} with {@code gcd(a_p, n) = 1}: an affine permutation, so
 * a shuffled copy is one strided gather, the inverse is one multiplication (no n-int tables) and
 * both parties rebuild it from a shared public seed. Brassard–Salvail (EUROCRYPT '93, §4) only
 * need the passes' blocks to split error pairs independently, which a random multiplier per pass
 * gives; residual-error statistics are checked in {@code CascadeStatisticsTest}.
 */
public final class CascadeShuffle {
    /** Largest key length supported (node indices of the parity trees must fit in an int). */
    public static final int MAX_LENGTH = 1 << 27;

    private final int length;
    private final int[] multiplier;
    private final int[] offset;
    private final long[] inverseMultiplier;

    private CascadeShuffle(int length, int[] multiplier, int[] offset, long[] inverseMultiplier) {
        this.length = length;
        this.multiplier = multiplier;
        this.offset = offset;
        this.inverseMultiplier = inverseMultiplier;
    }

    /** Shuffles for {@code passes} passes over keys of {@code length} bits, from a public shared seed. */
    public static CascadeShuffle create(int length, int passes, long publicSeed) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length must be in [0, " + MAX_LENGTH + "], was " + length);
        }
        if (passes < 1 || passes > 64) {
            throw new IllegalArgumentException("passes must be in [1, 64], was " + passes);
        }
        SplittableRandom random = new SplittableRandom(publicSeed);
        int[] a = new int[passes];
        int[] b = new int[passes];
        long[] inv = new long[passes];
        for (int p = 0; p < passes; p++) {
            if (length <= 1) {
                continue;
            }
            int candidate;
            do {
                candidate = 1 + random.nextInt(length - 1);
            } while (gcd(candidate, length) != 1);
            a[p] = candidate;
            b[p] = random.nextInt(length);
            inv[p] = BigInteger.valueOf(candidate).modInverse(BigInteger.valueOf(length)).longValueExact();
        }
        return new CascadeShuffle(length, a, b, inv);
    }

    public int length() {
        return length;
    }

    public int passes() {
        return multiplier.length;
    }

    /** Key index read at shuffled position {@code position} of pass {@code pass}. */
    public int keyIndex(int pass, int position) {
        return (int) (((long) multiplier[pass] * position + offset[pass]) % length);
    }

    /** Shuffled position of key index {@code keyIndex} in pass {@code pass}. */
    public int position(int pass, int keyIndex) {
        long shifted = keyIndex - offset[pass];
        if (shifted < 0) {
            shifted += length;
        }
        return (int) (shifted * inverseMultiplier[pass] % length);
    }

    /** The key in pass {@code pass}'s order, packed: bit j = key bit π_p(j). */
    public BitVector shuffled(BitVector key, int pass) {
        checkKey(key);
        BitVector out = new BitVector(length);
        long[] src = key.words();
        long[] dst = out.words();
        int n = length;
        int step = multiplier[pass] - n;
        // Four independent index chains (one per quarter of the output): the mod-n step is a
        // 4-op dependency chain per bit, so one chain leaves the core mostly idle.
        int q = (n >>> 6) >>> 2;
        int i0 = keyIndexLong(pass, 0);
        int i1 = keyIndexLong(pass, (long) q << 6);
        int i2 = keyIndexLong(pass, (long) (2 * q) << 6);
        int i3 = keyIndexLong(pass, (long) (3 * q) << 6);
        for (int w = 0; w < q; w++) {
            long a0 = 0;
            long a1 = 0;
            long a2 = 0;
            long a3 = 0;
            for (int t = 0; t < 64; t++) {
                a0 |= (src[i0 >>> 6] >>> i0 & 1L) << t;
                i0 += step;
                i0 += (i0 >> 31) & n; // branch-free mod n: the wrap is a coin flip for the predictor
                a1 |= (src[i1 >>> 6] >>> i1 & 1L) << t;
                i1 += step;
                i1 += (i1 >> 31) & n;
                a2 |= (src[i2 >>> 6] >>> i2 & 1L) << t;
                i2 += step;
                i2 += (i2 >> 31) & n;
                a3 |= (src[i3 >>> 6] >>> i3 & 1L) << t;
                i3 += step;
                i3 += (i3 >> 31) & n;
            }
            dst[w] = a0;
            dst[w + q] = a1;
            dst[w + 2 * q] = a2;
            dst[w + 3 * q] = a3;
        }
        int idx = i3;
        for (int w = 4 * q; w < dst.length; w++) {
            int limit = Math.min(64, n - (w << 6));
            long acc = 0;
            for (int t = 0; t < limit; t++) {
                acc |= (src[idx >>> 6] >>> idx & 1L) << t;
                idx += step;
                idx += (idx >> 31) & n;
            }
            dst[w] = acc;
        }
        return out;
    }

    /**
     * Parity of positions {@code [from, to)} of pass {@code pass}'s order, read straight from the
     * key (no shuffled copy): cheaper than {@link #shuffled} when a pass gets only a few questions.
     */
    public int parity(BitVector key, int pass, int from, int to) {
        checkKey(key);
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        long[] src = key.words();
        int n = length;
        if (to - from >= 4096) { // long ranges: O(√len) pieces via a rational approximation of a/n
            int fast = ProgressionParity.parity(src, n, multiplier[pass], offset[pass], from, to);
            if (fast >= 0) {
                return fast;
            }
        }
        int step = multiplier[pass] - n;
        int q = (to - from) >>> 2;
        int i0 = keyIndexLong(pass, from);
        int i1 = keyIndexLong(pass, (long) from + q);
        int i2 = keyIndexLong(pass, (long) from + 2L * q);
        int i3 = keyIndexLong(pass, (long) from + 3L * q);
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        for (int t = 0; t < q; t++) { // Java's long shift uses the low 6 bits of the index
            a0 ^= src[i0 >>> 6] >>> i0;
            i0 += step;
            i0 += (i0 >> 31) & n;
            a1 ^= src[i1 >>> 6] >>> i1;
            i1 += step;
            i1 += (i1 >> 31) & n;
            a2 ^= src[i2 >>> 6] >>> i2;
            i2 += step;
            i2 += (i2 >> 31) & n;
            a3 ^= src[i3 >>> 6] >>> i3;
            i3 += step;
            i3 += (i3 >> 31) & n;
        }
        for (int j = from + 4 * q; j < to; j++) {
            a3 ^= src[i3 >>> 6] >>> i3;
            i3 += step;
            i3 += (i3 >> 31) & n;
        }
        return (int) ((a0 ^ a1 ^ a2 ^ a3) & 1L);
    }

    private int keyIndexLong(int pass, long position) {
        return length == 0 ? 0 : (int) ((multiplier[pass] * position + offset[pass]) % length);
    }

    private void checkKey(BitVector key) {
        if (key.length() != length) {
            throw new IllegalArgumentException("key has " + key.length() + " bits, shuffle expects " + length);
        }
    }

    private static int gcd(int x, int y) {
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return x;
    }

    @Override
    public String toString() {
        return "CascadeShuffle[n=" + length + ", passes=" + multiplier.length + "]";
    }
}
