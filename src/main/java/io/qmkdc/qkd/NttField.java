package io.qmkdc.qkd;

/**
 * Arithmetic modulo {@code p = 15·2^27 + 1} (the prime of AIT's QKD R10 privacy amplification) for
 * {@link ToeplitzNtt}: residues in {@code [0, p)} held in {@code int}s, products by Shoup's method
 * (a twiddle {@code w} with its companion {@code ⌊w·2^32/p⌋}), and the per-level twiddle tables
 * {@code w_L^j = g^{(p−1)j/L}}, shared by every transform size (a level's table does not depend on
 * the transform's length) and grown on demand.
 */
final class NttField {
    static final int P = 15 * (1 << 27) + 1;
    /** A generator of the multiplicative group (31 is a primitive root of p). */
    private static final long G = 31;
    /** Largest power-of-two transform: {@code 2^27} divides {@code p − 1}. */
    static final int MAX_LOG = 27;

    /** {@code TW[l][j] = w_{2^l}^j}, {@code j < 2^{l−1}}; {@code TWS} their Shoup companions. */
    private static volatile int[][] tw = new int[0][];
    private static volatile int[][] tws = new int[0][];

    private NttField() {
    }

    static long pow(long b, long e) {
        long r = 1;
        b %= P;
        while (e > 0) {
            if ((e & 1) != 0) {
                r = r * b % P;
            }
            b = b * b % P;
            e >>= 1;
        }
        return r;
    }

    /** {@code ⌊w·2^32/p⌋}, as the low 32 bits of an int (an unsigned value below 2^32). */
    static int shoup(long w) {
        return (int) ((w << 32) / P);
    }

    /**
     * {@code a·w mod p} for {@code a < 2^32} read unsigned, {@code w < p}, {@code ws = shoup(w)}: the
     * quotient estimate is at most one short, so {@code a·w − q·p ∈ [0, 2p)}, then one subtraction.
     */
    static int mul(int a, int w, int ws) {
        long q = ((a & 0xffffffffL) * (ws & 0xffffffffL)) >>> 32;
        int r = a * w - (int) q * P;
        int t = r - P;
        return t + ((t >> 31) & P);
    }

    /** {@code (x + y) mod p} for {@code x, y ∈ [0, p)}, without leaving the int range. */
    static int add(int x, int y) {
        int s = x + (y - P);
        return s + ((s >> 31) & P);
    }

    /** {@code (x − y) mod p} for {@code x, y ∈ [0, p)}. */
    static int sub(int x, int y) {
        int d = x - y;
        return d + ((d >> 31) & P);
    }

    /** {@code a·b mod p} for residues, both operands variable (the pointwise product; slow path). */
    static int mulFull(int a, int b) {
        return (int) ((long) a * b % P);
    }

    /** Twiddles of levels {@code 1..logN}: {@code [0]} the values, {@code [1]} the Shoup companions. */
    static int[][][] tables(int logN) {
        if (logN > MAX_LOG) {
            throw new IllegalArgumentException("transform length 2^" + logN + " exceeds 2^" + MAX_LOG);
        }
        int[][] t = tw;
        if (t.length <= logN) {
            grow(logN);
        }
        return new int[][][] {tw, tws};
    }

    private static synchronized void grow(int logN) {
        if (tw.length > logN) {
            return;
        }
        int[][] t = java.util.Arrays.copyOf(tw, logN + 1);
        int[][] s = java.util.Arrays.copyOf(tws, logN + 1);
        for (int l = Math.max(1, tw.length); l <= logN; l++) {
            int half = 1 << (l - 1);
            long w = pow(G, (long) (P - 1) >> l);
            int[] a = new int[half];
            int[] as = new int[half];
            long c = 1;
            for (int j = 0; j < half; j++) {
                a[j] = (int) c;
                as[j] = shoup(c);
                c = c * w % P;
            }
            t[l] = a;
            s[l] = as;
        }
        tws = s;
        tw = t;
    }
}
