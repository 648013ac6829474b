package io.qmkdc.qkd;

import java.util.Arrays;

/**
 * The alternative measured for issue 13 (benchmark only, not used by the hash): the Toeplitz
 * product as the parity of the integer convolution computed by a number-theoretic transform
 * modulo p = 7·2^26+1 (primitive root 3, lengths up to 2^26). Exact by construction: every
 * convolution value is an integer in [0, n] and n < p, so its residue is the value. Radix-2
 * Gentleman–Sande forward / Cooley–Tukey inverse, Harvey's lazy reduction in [0, 2p) (4p < 2^31
 * keeps int arithmetic) and Shoup's precomputed twiddle quotients; int arrays, half the FFT's
 * memory. One bit per coefficient: packing k bits would give the digits of the integer product
 * (carries between slots), not the k per-slot GF(2) parities, unless each slot had ~log2(n)
 * guard bits, which p &lt; 2^62 cannot hold for k &gt; 1.
 * Measured about 0.3–0.5× the scalar FFT (one thread): twice the butterflies (no real-pair
 * packing in F_p) and no SIMD.
 */
final class ToeplitzNtt {
    static final int P = 469762049;
    static final int P2 = 2 * P;
    static final int G = 3;
    static final int BLOCK = 1 << 14;

    static long pow(long b, long e) {
        long r = 1;
        b %= P;
        while (e > 0) {
            if ((e & 1) != 0) r = r * b % P;
            b = b * b % P;
            e >>= 1;
        }
        return r;
    }

    static int shoup(int w) {
        return (int) (((long) w << 32) / P);
    }

    /** per-level tables: level L (len) twiddles w_L^j (forward) and inverse, plus Shoup companions. */
    static final class Plan {
        final int logN;
        final int[][] fw, fws, iw, iws;

        Plan(int logN) {
            this.logN = logN;
            fw = new int[logN + 1][];
            fws = new int[logN + 1][];
            iw = new int[logN + 1][];
            iws = new int[logN + 1][];
            for (int l = 1; l <= logN; l++) {
                int half = 1 << (l - 1);
                long w = pow(G, (P - 1) >> l);
                long wi = pow(w, P - 2);
                int[] a = new int[half], as = new int[half], b = new int[half], bs = new int[half];
                long c = 1, ci = 1;
                for (int j = 0; j < half; j++) {
                    a[j] = (int) c;
                    as[j] = shoup((int) c);
                    b[j] = (int) ci;
                    bs[j] = shoup((int) ci);
                    c = c * w % P;
                    ci = ci * wi % P;
                }
                fw[l] = a;
                fws[l] = as;
                iw[l] = b;
                iws[l] = bs;
            }
        }
    }

    static final Plan[] PLANS = new Plan[28];

    static synchronized Plan plan(int logN) {
        if (PLANS[logN] == null) PLANS[logN] = new Plan(logN);
        return PLANS[logN];
    }

    /** y*w mod p, y < 2^31 (lazy: result in [0,2p)). */
    static int mulShoup(int y, int w, int ws) {
        int q = (int) (((y & 0xffffffffL) * (ws & 0xffffffffL)) >>> 32);
        return y * w - q * P;
    }

    /** GS DIF one level of length len at off, values in [0,2p) in, [0,2p) out. */
    static void difPass(int[] a, int off, int len, int[] w, int[] ws) {
        int half = len >>> 1;
        for (int j = 0; j < half; j++) {
            int i = off + j;
            int x = a[i], y = a[i + half];
            int s = x + y;
            if (s >= P2) s -= P2;
            a[i] = s;
            a[i + half] = mulShoup(x - y + P2, w[j], ws[j]);
        }
    }

    /** CT DIT one level, values in [0,2p) in and out. */
    static void ditPass(int[] a, int off, int len, int[] w, int[] ws) {
        int half = len >>> 1;
        for (int j = 0; j < half; j++) {
            int i = off + j;
            int x = a[i];
            int t = mulShoup(a[i + half], w[j], ws[j]);
            int s = x + t;
            if (s >= P2) s -= P2;
            int d = x - t + P2;
            if (d >= P2) d -= P2;
            a[i] = s;
            a[i + half] = d;
        }
    }

    static void forward(Plan pl, int[] a, int off, int len) {
        if (len <= BLOCK) {
            for (int l = Integer.numberOfTrailingZeros(len); l >= 1; l--) {
                int L = 1 << l;
                for (int o = off; o < off + len; o += L) difPass(a, o, L, pl.fw[l], pl.fws[l]);
            }
            return;
        }
        int l = Integer.numberOfTrailingZeros(len);
        difPass(a, off, len, pl.fw[l], pl.fws[l]);
        forward(pl, a, off, len >>> 1);
        forward(pl, a, off + (len >>> 1), len >>> 1);
    }

    static void inverse(Plan pl, int[] a, int off, int len) {
        if (len <= BLOCK) {
            int top = Integer.numberOfTrailingZeros(len);
            for (int l = 1; l <= top; l++) {
                int L = 1 << l;
                for (int o = off; o < off + len; o += L) ditPass(a, o, L, pl.iw[l], pl.iws[l]);
            }
            return;
        }
        inverse(pl, a, off, len >>> 1);
        inverse(pl, a, off + (len >>> 1), len >>> 1);
        int l = Integer.numberOfTrailingZeros(len);
        ditPass(a, off, len, pl.iw[l], pl.iws[l]);
    }

    static void unpack(BitVector v, int[] a) {
        long[] words = v.words();
        int n = v.length();
        for (int t = 0; t < n; t++) {
            a[t] = (int) ((words[t >>> 6] >>> t) & 1L);
        }
    }

    static long[] toeplitzBits(BitVector x, int m, BitVector seed) {
        int n = x.length();
        long needed = (long) n + m - 1;
        int logN = Math.max(1, 64 - Long.numberOfLeadingZeros(needed - 1));
        int size = 1 << logN;
        Plan pl = plan(logN);
        int[] xa = new int[size];
        int[] sa = new int[size];
        unpack(x, xa);
        unpack(seed, sa);
        forward(pl, xa, 0, size);
        forward(pl, sa, 0, size);
        for (int i = 0; i < size; i++) {
            xa[i] = (int) (((long) xa[i] * sa[i]) % P);
        }
        inverse(pl, xa, 0, size);
        long scale = pow(size, P - 2);
        long[] out = new long[BitVector.wordsFor(m)];
        for (int i = 0; i < m; i++) {
            long v = (xa[n - 1 + i] % P) * scale % P;
            out[i >>> 6] |= (v & 1L) << i;
        }
        Arrays.fill(xa, 0);
        return out;
    }
}
