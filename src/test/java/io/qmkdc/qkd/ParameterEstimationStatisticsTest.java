package io.qmkdc.qkd;

import static org.junit.Assert.assertTrue;

import io.qmkdc.qkd.ParameterEstimation.Accepted;
import io.qmkdc.qkd.ParameterEstimation.SamplingBound;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Coverage of the QBER upper bound: how often the error rate of the kept bits exceeds it.
 *
 * <p>Each trial draws a 20 000-bit key with i.i.d. 5 % errors and samples 10 %. The bound promises
 * P(exceed) ≤ ε for every fixed string (the only randomness it relies on is the sample choice).
 * With ε = 0.05 (large on purpose, so the bound is tight enough for failures to be possible) and
 * T = 300 trials, the count of exceedances is at most Binomial(T, ε): mean 15, σ = √(T ε (1−ε)) ≈ 3.8;
 * we allow mean + 4σ ≈ 30. As a check that the test can fail, the bare point estimate (no margin)
 * is exceeded about half the time, far above that limit.
 */
public class ParameterEstimationStatisticsTest {
    private static final int TRIALS = 300;
    private static final double EPSILON = 0.05;
    private static final int LIMIT = (int) Math.ceil(TRIALS * EPSILON + 4 * Math.sqrt(TRIALS * EPSILON * (1 - EPSILON)));

    @Test
    public void serflingBoundCoversTrueQber() {
        assertCoverage(SamplingBound.SERFLING, 11);
    }

    @Test
    public void limBoundCoversTrueQber() {
        assertCoverage(SamplingBound.LIM2014, 12);
    }

    private static void assertCoverage(SamplingBound bound, long seed) {
        ParameterEstimation pe = new ParameterEstimation(
                new ParameterEstimation.Config(0.1, 1 << 20, 100, 1000, EPSILON, 0.49, bound));
        SplittableRandom rng = new SplittableRandom(seed);
        int exceeded = 0;
        int pointExceeded = 0;
        for (int t = 0; t < TRIALS; t++) {
            BitVector a = BitVector.random(20_000, rng);
            BitVector b = a.copy();
            for (int i = 0; i < b.length(); i++) {
                if (rng.nextDouble() < 0.05) {
                    b.flip(i);
                }
            }
            Accepted acc = (Accepted) pe.estimate(a, b, rng);
            double kept = (double) acc.alice().hammingDistance(acc.bob()) / acc.alice().length();
            if (kept > acc.qberUpper()) {
                exceeded++;
            }
            if (kept > acc.qber()) {
                pointExceeded++;
            }
        }
        assertTrue(bound + ": " + exceeded + " exceedances > " + LIMIT, exceeded <= LIMIT);
        assertTrue("test has no power: point estimate exceeded only " + pointExceeded, pointExceeded > 3 * LIMIT);
    }
}
