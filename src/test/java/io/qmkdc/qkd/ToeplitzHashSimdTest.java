package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

/**
 * The SIMD butterflies (issue 13) against the word-level GF(2) product and against the scalar
 * FFT they replace: same bits, and the same worst rounding distance (same operations per lane).
 */
public class ToeplitzHashSimdTest {

    @Test
    public void simdIsOnInTheTestJvm() {
        // the pom's surefire argLine adds the vector module; without it the other tests would test the scalar path twice
        assertTrue("run with --add-modules jdk.incubator.vector", ToeplitzHash.simd());
    }

    /** Sizes from one cache block to several out-of-cache (chunked-twiddle) levels, m from 1 to n. */
    @Test
    public void simdEqualsNaiveProductOnRandomSizes() {
        SplittableRandom rnd = new SplittableRandom(1301);
        int[][] sizes = {{3000, 1500}, {4097, 4097}, {10_000, 1}, {65_537, 20_000}, {70_001, 70_001},
                {131_072, 9_999}, {200_003, 100_001}};
        for (int[] nm : sizes) {
            int n = nm[0];
            int m = nm[1];
            BitVector x = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
            BitVector ref = ToeplitzHash.hashReference(x, m, seed);
            String what = "n=" + n + " m=" + m;
            assertTrue(what + " simd", ref.contentEquals(ToeplitzHash.hash(x, m, seed)));
            assertTrue(what + " simd, 2 threads", ref.contentEquals(ToeplitzHash.hash(x, m, seed, 2)));
            assertTrue(what + " baseline", ref.contentEquals(ToeplitzHash.hashBaseline(x, m, seed)));
        }
    }

    /** 2^20 bits: SIMD and scalar FFT give the same words and the same rounding distance; sampled rows exact. */
    @Test
    public void simdEqualsScalarFftOnALargeBlock() {
        SplittableRandom rnd = new SplittableRandom(1302);
        int n = (1 << 20) + 5;
        int m = n / 2;
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
        ToeplitzFft.Outcome simd = ToeplitzFft.toeplitzBits(x, m, seed, 1, true);
        ToeplitzFft.Outcome scalar = ToeplitzFft.toeplitzBits(x, m, seed, 1, false);
        assertTrue("rounding distance " + simd.maxRoundingError(), simd.maxRoundingError() < ToeplitzFft.MAX_ROUNDING_ERROR);
        assertEquals("same rounding distance", scalar.maxRoundingError(), simd.maxRoundingError(), 0.0);
        assertTrue("same words", java.util.Arrays.equals(scalar.words(), simd.words()));
        BitVector y = BitVector.wrap(simd.words(), m);
        for (int t = 0; t < 300; t++) {
            int i = t < 20 ? t : (t < 40 ? m - 1 - t + 20 : rnd.nextInt(m));
            assertEquals("row " + i, ToeplitzHash.outputBit(x, m, seed, i), y.bit(i));
        }
        BitVector[] pair = ToeplitzHash.hashPair(x, x.copy(), m, seed);
        assertTrue("pair", y.contentEquals(pair[0]) && y.contentEquals(pair[1]));
    }
}
