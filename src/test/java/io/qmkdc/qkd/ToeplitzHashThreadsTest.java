package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

/** The two-thread FFT product against the straightforward word-level product and the one-thread FFT. */
public class ToeplitzHashThreadsTest {

    private static void assertSame(String what, BitVector expected, BitVector actual) {
        assertEquals(what + ": length", expected.length(), actual.length());
        assertTrue(what + ": " + expected.hammingDistance(actual) + " bits differ", expected.contentEquals(actual));
    }

    /**
     * Sizes where the threaded path engages (FFT above 2^15 complex points) with n + m − 1 just
     * below, at and just above powers of two (2^16, 2^17, 2^20, 2^21: both shapes of the inverse's
     * split), and random ones; output lengths from 1 bit to n.
     */
    @Test
    public void twoThreadsEqualStraightforwardProduct() {
        SplittableRandom rnd = new SplittableRandom(31);
        int[][] shapes = {
            {40_000, 25_536}, {40_000, 25_537}, {40_000, 25_538}, {65_536, 1}, {65_537, 65_537},
            {100_000, 31_072}, {100_000, 31_073}, {1 << 20, 1}, {(1 << 20) - 5, 6}, {(1 << 20) - 5, 7},
            {(1 << 20) + 1, 3_000}, {2_000_001, 97_152}, {2_000_001, 97_153},
        };
        for (int[] s : shapes) {
            compare(rnd, s[0], s[1]);
        }
        for (int trial = 0; trial < 6; trial++) {
            int n = 33_000 + rnd.nextInt(200_000);
            compare(rnd, n, 1 + rnd.nextInt(Math.min(n, 40_000)));
        }
    }

    private static void compare(SplittableRandom rnd, int n, int m) {
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
        BitVector ref = ToeplitzHash.hashReference(x, m, seed);
        assertSame("n=" + n + " m=" + m + " threads=2", ref, ToeplitzHash.hash(x, m, seed, 2));
        assertSame("n=" + n + " m=" + m + " threads=1", ref, ToeplitzHash.hash(x, m, seed, 1));
    }

    /** A large block (fused top passes split between the threads): equal to one thread and to sampled rows. */
    @Test
    public void twoThreadsEqualOneThreadOnALargeBlock() {
        SplittableRandom rnd = new SplittableRandom(32);
        int n = 3_000_001;
        int m = n / 2 + 3;
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
        BitVector one = ToeplitzHash.hash(x, m, seed, 1);
        BitVector two = ToeplitzHash.hash(x, m, seed, 2);
        assertSame("n=" + n, one, two);
        for (int t = 0; t < 200; t++) {
            int i = t < 20 ? t : (t < 40 ? m - 1 - (t - 20) : rnd.nextInt(m));
            assertEquals("row " + i, ToeplitzHash.outputBit(x, m, seed, i), two.bit(i));
        }
    }

    /** The block split that keeps 10^8-bit products in memory, by rows (m ≥ n/2) and by columns, is exact. */
    @Test
    public void blockSplitEqualsStraightforwardProduct() {
        SplittableRandom rnd = new SplittableRandom(33);
        int[][] shapes = {{70_001, 35_001}, {70_001, 70_001}, {70_000, 34_999}, {100_003, 1_001}, {129, 64}, {129, 63}};
        for (int[] sh : shapes) {
            int n = sh[0];
            int m = sh[1];
            BitVector x = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
            assertSame("blocks n=" + n + " m=" + m, ToeplitzHash.hashReference(x, m, seed),
                    ToeplitzHash.multiplyInBlocks(x, m, seed, ToeplitzFft.MAX_ROUNDING_ERROR, 2));
        }
    }

    /** Two keys under one seed with the seed's transform shared: each equal to the straightforward product. */
    @Test
    public void pairEqualsStraightforwardProducts() {
        SplittableRandom rnd = new SplittableRandom(34);
        int[][] shapes = {{3_000, 1_000}, {40_000, 20_000}, {65_537, 1}, {70_001, 70_001}, {200_003, 9_000}};
        for (int[] sh : shapes) {
            int n = sh[0];
            int m = sh[1];
            BitVector a = BitVector.random(n, rnd);
            BitVector b = a.copy();
            b.flip(rnd.nextInt(n));
            BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
            BitVector[] y = ToeplitzHash.hashPair(a, b, m, seed);
            assertSame("pair a n=" + n + " m=" + m, ToeplitzHash.hashReference(a, m, seed), y[0]);
            assertSame("pair b n=" + n + " m=" + m, ToeplitzHash.hashReference(b, m, seed), y[1]);
        }
    }
}
