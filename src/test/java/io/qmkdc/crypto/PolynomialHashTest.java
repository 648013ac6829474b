package io.qmkdc.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.Test;

public class PolynomialHashTest {
    private static final BigInteger P = BigInteger.valueOf(PolynomialHash.P);

    @Test
    public void fieldMultiplicationMatchesBigInteger() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long a = rnd.nextLong(PolynomialHash.P);
            long b = rnd.nextLong(PolynomialHash.P);
            long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(P).longValueExact();
            assertEquals(expected, PolynomialHash.mul(a, b));
        }
    }

    @Test
    public void hashIsHornerEvaluationOfMonicPolynomialInSixtyBitChunksWithClosingBit() {
        SplittableRandom rnd = new SplittableRandom(2);
        long[] words = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong()};
        int bits = 150;
        long k = rnd.nextLong(PolynomialHash.P);
        BigInteger all = BigInteger.ZERO;
        for (int i = words.length - 1; i >= 0; i--) {
            all = all.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(words[i])));
        }
        all = all.and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        BigInteger m1 = all.and(BigInteger.ONE.shiftLeft(60).subtract(BigInteger.ONE));
        BigInteger m2 = all.shiftRight(60).and(BigInteger.ONE.shiftLeft(60).subtract(BigInteger.ONE));
        BigInteger m3 = all.shiftRight(120).or(BigInteger.ONE.shiftLeft(30));
        BigInteger kk = BigInteger.valueOf(k);
        BigInteger expected = kk.add(m1).mod(P).multiply(kk).add(m2).mod(P).multiply(kk).add(m3).mod(P);
        assertEquals(expected.longValueExact(), PolynomialHash.hash(words, bits, k));
    }

    @Test
    public void trailingZeroDiffersFromShorterMessage() {
        long[] words = {0b1011L};
        long k = 123456789L;
        assertNotEquals(PolynomialHash.hash(words, 4, k), PolynomialHash.hash(words, 5, k));
    }

    @Test
    public void leadingZeroWordsChangeTheHash() {
        // 60 zero bits followed by m must not collide with m for any key (found in review).
        long[] m = {0x0123456789ABCDEFL, 0L};
        long[] shifted = {m[0] << 60, m[0] >>> 4};
        // The difference is a non-zero polynomial of degree <= 3, so at most 3 keys collide
        // (k = 1 is one of them); 1000 random keys collide with probability <= 3000 / 2^61.
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            long k = rnd.nextLong(2, PolynomialHash.P);
            assertNotEquals(PolynomialHash.hash(m, 64, k), PolynomialHash.hash(shifted, 124, k));
        }
    }

    @Test
    public void collisionBoundGrowsWithLength() {
        assertEquals(2.0 / PolynomialHash.P, PolynomialHash.collisionBound(100), 0.0);
    }
}
