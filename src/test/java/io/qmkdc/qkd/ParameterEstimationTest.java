package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.ParameterEstimation.Aborted;
import io.qmkdc.qkd.ParameterEstimation.Accepted;
import io.qmkdc.qkd.ParameterEstimation.Outcome;
import io.qmkdc.qkd.ParameterEstimation.SamplingBound;
import java.util.SplittableRandom;
import org.junit.Test;

public class ParameterEstimationTest {
    private final ParameterEstimation.Config defaults = ParameterEstimation.Config.defaults(LinkProfile.gys());

    private static BitVector withErrors(BitVector a, double rate, SplittableRandom rng) {
        BitVector b = a.copy();
        for (int i = 0; i < b.length(); i++) {
            if (rng.nextDouble() < rate) {
                b.flip(i);
            }
        }
        return b;
    }

    @Test
    public void acceptedKeepsUnsampledBitsAndAccountsForEveryError() {
        SplittableRandom rng = new SplittableRandom(1);
        BitVector a = BitVector.random(50_000, rng);
        BitVector b = withErrors(a, 0.02, rng);
        int totalErrors = a.hammingDistance(b);
        Outcome out = new ParameterEstimation(defaults).estimate(a, b, new SplittableRandom(2));
        assertTrue(out.toString(), out instanceof Accepted);
        Accepted acc = (Accepted) out;
        assertEquals(5000, acc.sampleSize());
        assertEquals(45_000, acc.alice().length());
        // sampled errors + errors left in the kept bits = all errors: the kept bits are exactly the unsampled ones
        assertEquals(totalErrors, acc.sampleErrors() + acc.alice().hammingDistance(acc.bob()));
        assertTrue(acc.qberUpper() > acc.qber());
        assertEquals((double) acc.sampleErrors() / 5000, acc.qber(), 0);
    }

    @Test
    public void abortsAboveThresholdWithMeasuredValue() {
        SplittableRandom rng = new SplittableRandom(3);
        BitVector a = BitVector.random(50_000, rng);
        BitVector b = withErrors(a, 0.25, rng); // intercept-resend on every pulse
        Outcome out = new ParameterEstimation(defaults).estimate(a, b, rng);
        assertTrue(out instanceof Aborted);
        assertTrue(Math.abs(out.qber() - 0.25) < 0.03);
        assertTrue(((Aborted) out).reason().contains("threshold"));
    }

    @Test
    public void abortsWhenTooFewBits() {
        SplittableRandom rng = new SplittableRandom(4);
        BitVector a = BitVector.random(500, rng);
        Outcome out = new ParameterEstimation(defaults).estimate(a, a.copy(), rng);
        assertTrue(out instanceof Aborted);
        assertTrue(((Aborted) out).reason().contains("too few"));
    }

    @Test
    public void upperBoundAboveObservedAndShrinksWithSample() {
        for (SamplingBound bound : SamplingBound.values()) {
            double previous = 1.0;
            for (int k = 1000; k <= 1_000_000; k *= 10) {
                int errors = k * 3 / 100;
                double u = ParameterEstimation.upperBound(errors, k, 10_000_000, 1e-10, bound);
                assertTrue(bound + " k=" + k, u > 0.03);
                assertTrue(bound + " k=" + k + " " + u + " !< " + previous, u < previous);
                previous = u;
            }
            // large sample: the margin goes like 1/sqrt(k), so at k = 1e6 it is well under one point
            assertTrue(previous < 0.04);
        }
    }

    @Test
    public void zeroObservedErrorsStillGivesPositiveMargin() {
        for (SamplingBound bound : SamplingBound.values()) {
            assertTrue(ParameterEstimation.upperBound(0, 1000, 9000, 1e-10, bound) > 0.01);
        }
    }

    @Test
    public void limBoundUsesVarianceSoIsTighterAtLowQber() {
        // Lim et al.'s γ scales with √(e(1−e)); Serfling's with the range 1: at e = 3 % γ is smaller.
        double lim = ParameterEstimation.upperBound(300, 10_000, 90_000, 1e-10, SamplingBound.LIM2014);
        double serfling = ParameterEstimation.upperBound(300, 10_000, 90_000, 1e-10, SamplingBound.SERFLING);
        assertTrue(lim + " vs " + serfling, lim < serfling);
    }

    @Test
    public void sampleMaskHasExactlyKBits() {
        BitVector m = ParameterEstimation.sampleMask(10_007, 1234, new SplittableRandom(5));
        assertEquals(1234, m.cardinality());
    }
}
