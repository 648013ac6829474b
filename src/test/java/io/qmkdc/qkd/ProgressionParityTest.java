package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

public class ProgressionParityTest {

    /** Reference: visit every bit of the progression. */
    private static int naive(BitVector key, long a, long b, int from, int to) {
        int n = key.length();
        int acc = 0;
        for (long j = from; j < to; j++) {
            acc ^= key.bit((int) ((a * j + b) % n));
        }
        return acc;
    }

    @Test
    public void matchesBitByBitParityForRandomMultipliersAndRanges() {
        SplittableRandom random = new SplittableRandom(11);
        int answered = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 20_000 + random.nextInt(200_000);
            BitVector key = BitVector.random(n, random);
            int a = 1 + random.nextInt(n - 1);
            int b = random.nextInt(n);
            int from = random.nextInt(n / 2);
            int to = from + random.nextInt(n - from + 1);
            int fast = ProgressionParity.parity(key.words(), n, a, b, from, to);
            if (fast >= 0) {
                answered++;
                assertEquals("n=" + n + " a=" + a + " [" + from + "," + to + ")", naive(key, a, b, from, to), fast);
            }
        }
        assertTrue("only " + answered + " of 300 long ranges took the fast path", answered > 150);
    }

    @Test
    public void smallMultipliersAndStridesOfWholeWordsWork() {
        SplittableRandom random = new SplittableRandom(12);
        int n = 1 << 16;
        BitVector key = BitVector.random(n, random);
        // a = 1, 63, 64, 65 and n − 1: strides below a word, exactly a word, and negative (n − 1 ≡ −1)
        for (int a : new int[] {1, 63, 64, 65, 129, n - 1, n - 64, n / 2 + 1}) {
            int fast = ProgressionParity.parity(key.words(), n, a, 7, 0, n / 2);
            if (fast >= 0) {
                assertEquals("a=" + a, naive(key, a, 7, 0, n / 2), fast);
            }
        }
    }

    @Test
    public void stridedPrefixFollowsItsRecurrence() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 5000 + 17;
        BitVector key = BitVector.random(n, random);
        for (int g : new int[] {64, 65, 127, 128, 1000, 4999}) {
            BitVector p = BitVector.wrap(ProgressionParity.stridedPrefix(key.words(), n, g), n);
            for (int i = 0; i < n; i++) {
                int expected = key.bit(i) ^ (i >= g ? p.bit(i - g) : 0);
                assertEquals("g=" + g + " i=" + i, expected, p.bit(i));
            }
        }
    }
}
