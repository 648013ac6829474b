package io.qmkdc.qkd;

import java.util.Arrays;

/** Bits into the FFT's packed doubles and rounded doubles back into bits, for {@link ToeplitzFft}. */
final class FftBits {
    private FftBits() {
    }

    /**
     * Bit {@code 2j} of {@code v} into {@code re[j]}, bit {@code 2j+1} into {@code im[j]}, and zeros
     * up to {@code size}: a reused workspace may hold a larger earlier product there.
     */
    static void unpack(BitVector v, double[] re, double[] im, int size) {
        long[] words = v.words();
        int n = v.length();
        Arrays.fill(re, n >>> 1, size, 0.0);
        Arrays.fill(im, n >>> 1, size, 0.0);
        int full = n >>> 6;
        for (int w = 0; w < full; w++) {
            long bits = words[w];
            int base = w << 5;
            for (int b = 0; b < 32; b++) {
                re[base + b] = (double) (bits & 1L);
                im[base + b] = (double) ((bits >>> 1) & 1L);
                bits >>>= 2;
            }
        }
        for (int t = full << 6; t < n; t++) {
            double bit = (double) ((words[t >>> 6] >>> t) & 1L);
            if ((t & 1) == 0) {
                re[t >>> 1] = bit;
            } else {
                im[t >>> 1] = bit;
            }
        }
    }

    /**
     * Rounds {@code c_t·scale} for {@code t ∈ [from, from+m)} and keeps the parities; with {@code simd}, the whole
     * words by {@link FftBitVectors#roundWords} (same bits, same worst distance), the rest here.
     */
    static ToeplitzFft.Outcome extract(double[] re, double[] im, int from, int m, double scale, boolean simd) {
        long[] out = new long[BitVector.wordsFor(m)];
        int done = simd ? (m >>> 6) << 6 : 0;
        double worst = simd ? FftBitVectors.roundWords(re, im, from, m >>> 6, scale, out) : 0.0;
        for (int i = done; i < m; i++) {
            int t = from + i;
            double v = ((t & 1) == 0 ? re[t >>> 1] : im[t >>> 1]) * scale;
            double r = Math.rint(v);
            double err = Math.abs(v - r);
            if (err > worst) {
                worst = err;
            }
            out[i >>> 6] |= ((long) r & 1L) << i;
        }
        return new ToeplitzFft.Outcome(out, worst);
    }
}
