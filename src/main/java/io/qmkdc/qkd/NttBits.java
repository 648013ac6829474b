package io.qmkdc.qkd;

import java.util.Arrays;

/** Bits into {@link ToeplitzNtt}'s residues, the spectra's product, and residues back into bits. */
final class NttBits {
    private NttBits() {
    }

    /** Bit {@code t} of {@code v} into {@code a[t]}, zeros after it. */
    static void unpack(BitVector v, int[] a) {
        long[] words = v.words();
        int n = v.length();
        Arrays.fill(a, n, a.length, 0);
        int full = n >>> 6;
        for (int w = 0; w < full; w++) {
            long bits = words[w];
            int base = w << 6;
            for (int b = 0; b < 64; b++) {
                a[base + b] = (int) ((bits >>> b) & 1L);
            }
        }
        for (int t = full << 6; t < n; t++) {
            a[t] = (int) ((words[t >>> 6] >>> t) & 1L);
        }
    }

    /** {@code x[i] ← x[i]·s[i]/N mod p} for {@code i ∈ [from, to)}, {@code N = size}. */
    static void pointwise(int[] x, int[] s, int from, int to, int size) {
        int inv = (int) NttField.pow(size, NttField.P - 2);
        if (ToeplitzFft.SIMD && to - from >= NttVectorKernels.LANES) {
            NttVectorKernels.pointwise(x, s, from, to, inv);
            return;
        }
        int invS = NttField.shoup(inv);
        for (int i = from; i < to; i++) {
            x[i] = NttField.mul(NttField.mulFull(x[i], s[i]), inv, invS);
        }
    }

    /**
     * Bits {@code i < m} from {@code c[from + i]}, where the back transform left {@code c[t]} at
     * {@code a[−t mod N]}; each is the exact convolution value (it is below {@code n < p}), so its
     * low bit is the hash bit.
     */
    static long[] extract(int[] a, int from, int m) {
        int mask = a.length - 1;
        long[] out = new long[BitVector.wordsFor(m)];
        for (int i = 0; i < m; i++) {
            int t = from + i;
            out[i >>> 6] |= (long) (a[-t & mask] & 1) << i;
        }
        return out;
    }
}
