package io.qmkdc.optics;

import static io.qmkdc.optics.Sigma.assertProportion;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

/**
 * {@link BinomialSampler} against the exact Binomial pmf (computed by the recursion
 * P(k+1) = P(k)·(n−k)/(k+1)·p/(1−p)): the frequency of each value is Binomial(trials, P(k)),
 * checked at 4σ; the sample mean against np at 4·√(np(1−p)/trials).
 */
public class BinomialSamplerStatisticsTest {

    @Test
    public void inversionBranchMatchesPmf() {
        checkPmf(40, 0.1, 200_000, 1);     // np = 4: geometric waiting times
    }

    @Test
    public void rejectionBranchMatchesPmf() {
        checkPmf(1000, 0.3, 200_000, 2);   // np = 300: BTRS
        checkPmf(200, 0.8, 200_000, 3);    // p > 1/2 by symmetry
    }

    @Test
    public void hugeCountsHaveTheRightMeanAndSpread() {
        long n = 100_000_000_000L;
        double p = 0.2;
        int trials = 20_000;
        SplittableRandom rng = new SplittableRandom(4);
        double sum = 0;
        double sumSq = 0;
        double sd = Math.sqrt(n * p * (1 - p));
        for (int i = 0; i < trials; i++) {
            double z = (BinomialSampler.sample(n, p, rng) - n * p) / sd;
            sum += z;
            sumSq += z * z;
        }
        assertEquals("mean of standardised draws", 0, sum / trials, 4 / Math.sqrt(trials));
        // Var(z²) = 2 for a normal shape: the sample variance has σ ≈ √(2/trials).
        assertEquals("variance of standardised draws", 1, sumSq / trials, 4 * Math.sqrt(2.0 / trials));
    }

    @Test
    public void edgesAreExact() {
        SplittableRandom rng = new SplittableRandom(5);
        assertEquals(0, BinomialSampler.sample(0, 0.5, rng));
        assertEquals(0, BinomialSampler.sample(1000, 0, rng));
        assertEquals(1000, BinomialSampler.sample(1000, 1, rng));
        long x = BinomialSampler.sample(Long.MAX_VALUE / 4, 1e-18, rng);
        assertTrue(x >= 0 && x < 100);
    }

    private static void checkPmf(int n, double p, int trials, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] counts = new long[n + 1];
        for (int i = 0; i < trials; i++) {
            counts[(int) BinomialSampler.sample(n, p, rng)]++;
        }
        double pk = Math.pow(1 - p, n);
        for (int k = 0; k <= n; k++) {
            if (pk > 1e-4) {
                assertProportion("P(" + k + ") of Bin(" + n + ", " + p + ")", counts[k], trials, pk);
            }
            pk *= (double) (n - k) / (k + 1) * p / (1 - p);
        }
    }
}
