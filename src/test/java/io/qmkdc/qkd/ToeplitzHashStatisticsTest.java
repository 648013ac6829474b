package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;

import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Estimates the collision probability of Toeplitz hashing over random seeds: for two fixed
 * distinct inputs a two-universal family collides with probability 2^-m (for Toeplitz matrices
 * exactly 2^-m, since T·d is uniform for any nonzero difference d).
 */
public class ToeplitzHashStatisticsTest {

    /**
     * Trials K = 200 000 per case; collisions ~ Binomial(K, p), p = 2^-m, standard deviation
     * sqrt(K p (1 − p)); we accept |count − K p| < 5 σ (two-sided false alarm ≈ 6e-7 per case).
     * At these sizes the public hash takes the word-level path; the FFT path is checked bit for
     * bit against it in ToeplitzHashTest, and its own output statistics below.
     */
    @Test
    public void collisionProbabilityIsTwoToMinusM() {
        SplittableRandom rnd = new SplittableRandom(31);
        int n = 200;
        int trials = 200_000;
        for (int m : new int[] {1, 3, 6}) {
            BitVector a = BitVector.random(n, rnd);
            BitVector b = a.copy();
            b.flip(7);
            b.flip(150);
            int collisions = 0;
            for (int t = 0; t < trials; t++) {
                BitVector seed = BitVector.random(n + m - 1, rnd);
                if (ToeplitzHash.hash(a, m, seed).contentEquals(ToeplitzHash.hash(b, m, seed))) {
                    collisions++;
                }
            }
            double p = Math.pow(2, -m);
            double sigma = Math.sqrt(trials * p * (1 - p));
            assertEquals("m=" + m, trials * p, collisions, 5 * sigma);
        }
    }

    /**
     * Each output bit of the fast path is unbiased over random seeds: for a fixed nonzero x, bit
     * i of T·x is 1 with probability 1/2. With 40 seeds for a 200 000-bit block (m = 100 000
     * output bits each, all counted; independent because the linear map seed ↦ T·x is onto for
     * x ≠ 0, so T·x is uniform on {0,1}^m), ones ~ Binomial(4e6, 1/2), σ = sqrt(4e6)/2 = 1000;
     * accept 5σ.
     */
    @Test
    public void fastOutputIsBalancedOverSeeds() {
        SplittableRandom rnd = new SplittableRandom(32);
        int n = 200_000;
        int m = 100_000;
        int draws = 40;
        BitVector x = BitVector.random(n, rnd);
        long ones = 0;
        for (int t = 0; t < draws; t++) {
            ones += ToeplitzHash.hash(x, m, BitVector.random(n + m - 1, rnd)).cardinality();
        }
        double total = (double) draws * m;
        assertEquals(total / 2, ones, 5 * Math.sqrt(total) / 2);
    }
}
