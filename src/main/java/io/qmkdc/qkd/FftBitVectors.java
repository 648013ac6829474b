package io.qmkdc.qkd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FftBits#extract}'s rounding a vector at a time, for the SIMD path: rounded doubles become
 * bits through the exponent trick, so every bit and distance is the one the scalar loop makes
 * (issue 13: ≈8 → ≈2.7 ms at 10^7 bits). Unpacking stays scalar: vectors did not make it faster.
 */
final class FftBitVectors {
    private static final VectorSpecies<Double> S = FftVectorKernels.S;
    private static final VectorSpecies<Long> LS = S.withLanes(long.class);
    private static final int LANES = S.length();
    /**
     * {@code 1.5·2^52}: for {@code |v| < 2^51}, {@code v + ROUND} has unit spacing, so it is {@code ROUND + rint(v)}
     * (ties to even, as {@link Math#rint}) and its lowest mantissa bit is the parity of {@code rint(v)}.
     */
    private static final double ROUND = 0x1.8p52;
    /** Per block of LANES pairs of an output word: the bit positions 2j (even t) and 2j+1 (odd t) of its lanes. */
    private static final LongVector[] EVEN_POS = new LongVector[32 / LANES];
    private static final LongVector[] ODD_POS = new LongVector[32 / LANES];

    static {
        for (int k = 0; k < EVEN_POS.length; k++) {
            long[] re = new long[LANES];
            long[] im = new long[LANES];
            for (int l = 0; l < LANES; l++) {
                re[l] = 2L * (k * LANES + l);
                im[l] = re[l] + 1;
            }
            EVEN_POS[k] = LongVector.fromArray(LS, re, 0);
            ODD_POS[k] = LongVector.fromArray(LS, im, 0);
        }
    }

    private FftBitVectors() {
    }

    /**
     * The first {@code words} output words: bit {@code i} is the parity of {@code rint(c_t·scale)}, {@code t = from + i},
     * {@code c_t} in {@code re[t/2]} for even {@code t}, {@code im[t/2]} for odd; returns the largest distance of a
     * {@code c_t·scale} to its integer (NaN if a value was NaN, which then fails the caller's check).
     */
    static double roundWords(double[] re, double[] im, int from, int words, double scale, long[] out) {
        // even bits of every word come from one array, odd bits from the other, as from is even or odd
        boolean evenFrom = (from & 1) == 0;
        double[] a = evenFrom ? re : im;
        double[] c = evenFrom ? im : re;
        int shiftC = evenFrom ? 0 : 1;
        double worst = 0.0;
        for (int w = 0; w < words; w++) {
            int t0 = from + (w << 6);
            // reduced per word: vectors carried across the outer loop would be boxed
            DoubleVector wordWorst = DoubleVector.zero(S);
            LongVector bits = LongVector.zero(LS);
            for (int k = 0; k < EVEN_POS.length; k++) {
                DoubleVector v = DoubleVector.fromArray(S, a, (t0 >>> 1) + k * LANES).mul(scale);
                DoubleVector y = v.add(ROUND);
                wordWorst = wordWorst.max(v.sub(y.sub(ROUND)).abs());
                bits = bits.or(parities(y).lanewise(VectorOperators.LSHL, EVEN_POS[k]));
                v = DoubleVector.fromArray(S, c, ((t0 + shiftC) >>> 1) + k * LANES).mul(scale);
                y = v.add(ROUND);
                wordWorst = wordWorst.max(v.sub(y.sub(ROUND)).abs());
                bits = bits.or(parities(y).lanewise(VectorOperators.LSHL, ODD_POS[k]));
            }
            out[w] = bits.reduceLanes(VectorOperators.OR);
            worst = Math.max(worst, wordWorst.reduceLanes(VectorOperators.MAX));
        }
        return worst;
    }

    /** Per lane, the parity (0 or 1) of {@code rint(v)}, {@code y = v + ROUND}: y's lowest mantissa bit. */
    private static LongVector parities(DoubleVector y) {
        return y.reinterpretAsLongs().and(1L);
    }
}
