package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

public class ToeplitzHashTest {

    /** Bits from a 0/1 string, index 0 first. */
    private static BitVector bits(String s) {
        BitVector v = new BitVector(s.length());
        for (int i = 0; i < s.length(); i++) {
            v.set(i, s.charAt(i) == '1');
        }
        return v;
    }

    private static void assertSameBits(String what, BitVector expected, BitVector actual) {
        assertEquals(what + ": length", expected.length(), actual.length());
        assertTrue(what + ": " + expected.hammingDistance(actual) + " bits differ", expected.contentEquals(actual));
    }

    /**
     * Known answer worked out by hand from the definition T[i][j] = seed[i − j + n − 1]:
     * n = 3, m = 2, seed = (s0, s1, s2, s3) = (1, 0, 1, 1) gives rows
     * row0 = (s2, s1, s0) = (1, 0, 1) and row1 = (s3, s2, s1) = (1, 1, 0).
     * x = (1, 1, 0): y0 = 1+0+0 = 1, y1 = 1+1+0 = 0.  x = (1, 0, 1): y0 = 1+0+1 = 0, y1 = 1+0+0 = 1.
     */
    @Test
    public void handWorkedThreeByTwoExample() {
        BitVector seed = bits("1011");
        for (boolean fast : new boolean[] {false, true}) {
            BitVector y1 = fast ? ToeplitzHash.multiplyFft(bits("110"), 2, seed, ToeplitzFft.MAX_ROUNDING_ERROR)
                    : ToeplitzHash.hashReference(bits("110"), 2, seed);
            BitVector y2 = fast ? ToeplitzHash.multiplyFft(bits("101"), 2, seed, ToeplitzFft.MAX_ROUNDING_ERROR)
                    : ToeplitzHash.hashReference(bits("101"), 2, seed);
            assertSameBits("x=110 fast=" + fast, bits("10"), y1);
            assertSameBits("x=101 fast=" + fast, bits("01"), y2);
        }
    }

    /**
     * Known answer worked out by hand: n = 4, m = 4 (square), seed s0..s6 = 1000000, so only
     * seed[0] = 1 and T[i][j] = 1 iff i − j + 3 = 0, i.e. (i, j) = (0, 3): y = (x3, 0, 0, 0).
     * With seed = 0001000 only seed[3] = 1: T is the identity, y = x.
     */
    @Test
    public void handWorkedSingleDiagonalSeeds() {
        BitVector x = bits("0111");
        assertSameBits("corner", bits("1000"), ToeplitzHash.multiplyFft(x, 4, bits("1000000"), 0.25));
        assertSameBits("identity", x, ToeplitzHash.multiplyFft(x, 4, bits("0001000"), 0.25));
        assertSameBits("identity ref", x, ToeplitzHash.hashReference(x, 4, bits("0001000")));
    }

    @Test
    public void fastEqualsReferenceOnRandomSizes() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[] fixed = {1, 2, 3, 63, 64, 65, 127, 128, 129, 1000, 4095, 4097, 65_537};
        for (int n : fixed) {
            for (int m : new int[] {1, Math.max(1, n / 3), n}) {
                compare(rnd, n, m);
            }
        }
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + rnd.nextInt(trial < 50 ? 5000 : 200_000);
            int m = switch (trial % 4) {
                case 0 -> 1;
                case 1 -> n;
                default -> 1 + rnd.nextInt(Math.min(n, 3000));
            };
            compare(rnd, n, m);
        }
    }

    private static void compare(SplittableRandom rnd, int n, int m) {
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
        BitVector ref = ToeplitzHash.hashReference(x, m, seed);
        assertSameBits("n=" + n + " m=" + m, ref, ToeplitzHash.multiplyFft(x, m, seed, ToeplitzFft.MAX_ROUNDING_ERROR));
        assertSameBits("public n=" + n + " m=" + m, ref, ToeplitzHash.hash(x, m, seed));
    }

    @Test
    public void singleRowMatchesReference() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rnd.nextInt(700);
            int m = 1 + rnd.nextInt(n);
            BitVector x = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(n + m - 1, rnd);
            BitVector ref = ToeplitzHash.hashReference(x, m, seed);
            for (int i = 0; i < m; i++) {
                assertEquals("n=" + n + " m=" + m + " i=" + i, ref.bit(i), ToeplitzHash.outputBit(x, m, seed, i));
            }
        }
    }

    @Test
    public void forcedFallbackIsStillExact() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[] {5000, 20_001}) {
            int m = n / 2 + 1;
            BitVector x = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(n + m - 1, rnd);
            assertSameBits("n=" + n, ToeplitzHash.hashReference(x, m, seed), ToeplitzHash.multiplyFft(x, m, seed, -1.0));
        }
    }

    @Test
    public void hashIsLinear() {
        SplittableRandom rnd = new SplittableRandom(14);
        int n = 150_001;
        int m = 70_003;
        BitVector seed = BitVector.random(n + m - 1, rnd);
        BitVector a = BitVector.random(n, rnd);
        BitVector b = BitVector.random(n, rnd);
        BitVector sum = a.copy();
        sum.xorInPlace(b);
        BitVector expected = ToeplitzHash.hash(a, m, seed);
        expected.xorInPlace(ToeplitzHash.hash(b, m, seed));
        assertSameBits("T(a^b)", expected, ToeplitzHash.hash(sum, m, seed));
    }

    /** n = 2^22: the FFT output against rows computed directly (parity(row_i AND x)) at random i. */
    @Test
    public void exactAtFourMegabitsOnSampledRows() {
        SplittableRandom rnd = new SplittableRandom(15);
        int n = 1 << 22;
        int m = n / 2 + 12_345;
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(n + m - 1, rnd);
        BitVector y = ToeplitzHash.hash(x, m, seed);
        int[] rows = new int[600];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = t < 100 ? (t < 50 ? t : m - 100 + t) : rnd.nextInt(m);
        }
        for (int i : rows) {
            assertEquals("row " + i, ToeplitzHash.outputBit(x, m, seed, i), y.bit(i));
        }
    }

    @Test
    public void zeroOutputIsEmpty() {
        BitVector y = ToeplitzHash.hash(bits("1011"), 0, new BitVector(0));
        assertEquals(0, y.length());
    }

    @Test
    public void rejectsBadArgumentsNamingTheParameter() {
        BitVector x = new BitVector(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToeplitzHash.hash(x, 11, new BitVector(20)));
        assertTrue(e.getMessage(), e.getMessage().contains("outputBits"));
        e = assertThrows(IllegalArgumentException.class, () -> ToeplitzHash.hash(x, -1, new BitVector(8)));
        assertTrue(e.getMessage(), e.getMessage().contains("outputBits"));
        e = assertThrows(IllegalArgumentException.class, () -> ToeplitzHash.hash(x, 5, new BitVector(13)));
        assertTrue(e.getMessage(), e.getMessage().contains("seed"));
    }
}
