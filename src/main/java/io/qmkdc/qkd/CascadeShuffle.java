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
        if (key.length() != length) {
            throw new IllegalArgumentException("key has " + key.length() + " bits, shuffle expects " + length);
        }
        BitVector out = new BitVector(length);
        long[] src = key.words();
        long[] dst = out.words();
        int n = length;
        int a = multiplier[pass];
        int idx = n == 0 ? 0 : offset[pass];
        for (int w = 0; w < dst.length; w++) {
            int limit = Math.min(64, n - (w << 6));
            long acc = 0;
            for (int t = 0; t < limit; t++) {
                acc |= ((src[idx >>> 6] >>> idx) & 1L) << t;
                idx = idx + a - n;
                idx += (idx >> 31) & n; // branch-free mod n: the wrap is a coin flip for the predictor
            }
            dst[w] = acc;
        }
        return out;
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
