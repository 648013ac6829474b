package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

/** Residual error rate, efficiency and round-trip growth of Cascade over many seeded blocks. */
public class CascadeStatisticsTest {

    private static ReconciliationResult run(BitVector alice, BitVector bob, double qber, long seed) {
        CascadeSchedule schedule = CascadeSchedule.optimized(qber, alice.length());
        CascadeShuffle shuffle = CascadeShuffle.create(alice.length(), schedule.passes(), seed);
        return Cascade.reconcile(bob, schedule, shuffle, new CascadeResponder(alice, shuffle));
    }

    /**
     * At 2 %: 3000 blocks of 10^4 bits. If the per-block residual probability were 10^-3 we would
     * expect 3 failures and see none with probability e^-3 ≈ 5 %; so zero failures bounds it below
     * 10^-3 at 95 % confidence (rule of three). At 1, 3, 5 %: 300 blocks each, checking that every
     * block with residual errors is caught by verification.
     */
    @Test
    public void residualErrorsAreRareAndNeverPassVerification() {
        SplittableRandom random = new SplittableRandom(2024);
        int n = 10_000;
        int residualAt2 = 0;
        for (double qber : new double[] {0.02, 0.01, 0.03, 0.05}) {
            int blocks = qber == 0.02 ? 3000 : 300;
            for (int b = 0; b < blocks; b++) {
                BitVector alice = BitVector.random(n, random);
                BitVector bob = CascadeFixtures.noisyCopy(alice, qber, random);
                ReconciliationResult r = run(alice, bob, qber, random.nextLong());
                boolean residual = !r.correctedKey().contentEquals(alice);
                KeyVerification.Result v = KeyVerification.verify(alice, r.correctedKey(), random);
                if (residual) {
                    assertTrue("a block with residual errors passed verification",
                            v instanceof KeyVerification.Mismatch);
                    if (qber == 0.02) {
                        residualAt2++;
                    }
                } else {
                    assertTrue(v instanceof KeyVerification.Verified);
                }
            }
        }
        assertEquals(0, residualAt2);
    }

    /** Verification is tested on blocks that certainly differ: no leftover error slips through. */
    @Test
    public void blocksWithForcedResidualErrorsAlwaysFailVerification() {
        SplittableRandom random = new SplittableRandom(77);
        for (int b = 0; b < 200; b++) {
            BitVector alice = BitVector.random(5000, random);
            BitVector bob = alice.copy();
            // two errors: Cascade would fix them, here they stand for what it might have missed
            bob.flip(random.nextInt(5000));
            bob.flip(random.nextInt(5000));
            if (!bob.contentEquals(alice)) {
                assertFalse(KeyVerification.verify(alice, bob, random) instanceof KeyVerification.Verified);
            }
        }
    }

    /**
     * Mean f over 20 blocks of 10^5 bits at 2 %, f against each block's true QBER. The observed
     * per-block spread is σ ≈ 0.01, so the mean has σ ≈ 0.0025; the target 1.10 is far above
     * the observed mean ≈ 1.06 (≈ 15σ), and f ≥ 1 is the Shannon limit (mean below 0.98 would mean
     * miscounted leakage).
     */
    @Test
    public void efficiencyAtTwoPercentIsBelowTarget() {
        SplittableRandom random = new SplittableRandom(303);
        int n = 100_000;
        double sum = 0;
        int blocks = 20;
        for (int b = 0; b < blocks; b++) {
            BitVector alice = BitVector.random(n, random);
            BitVector bob = CascadeFixtures.noisyCopy(alice, 0.02, random);
            double trueQber = alice.hammingDistance(bob) / (double) n;
            ReconciliationResult r = run(alice, bob, 0.02, random.nextLong());
            assertTrue(r.correctedKey().contentEquals(alice));
            sum += r.efficiency(trueQber);
        }
        double mean = sum / blocks;
        assertTrue("mean f = " + mean, mean <= 1.10);
        assertTrue("mean f = " + mean, mean >= 0.98);
    }

    /**
     * Round trips follow passes × log2(block size), not the number of errors: 10× the key (10× the
     * errors) and 2.5× the QBER each change the count by far less than the error count. log2 of
     * the largest block grows 15.6 → 18.9 (×1.21) from 10^5 to 10^6 bits; allow ×1.5. (Below
     * ~10^5 bits the cascade walks end before the per-pass cap, so counts there are smaller.)
     */
    @Test
    public void roundTripsGrowWithLogOfBlockSizeNotWithErrors() {
        SplittableRandom random = new SplittableRandom(404);
        double small = meanRoundTrips(100_000, 0.02, 4, random);
        double large = meanRoundTrips(1_000_000, 0.02, 2, random);
        double noisy = meanRoundTrips(100_000, 0.05, 4, random);
        assertTrue("1e5: " + small + ", 1e6: " + large, large < 1.5 * small);
        assertTrue("2%: " + small + ", 5%: " + noisy, noisy < 1.5 * small);
        // 10^6 bits at 2 % hold ≈ 20000 errors; sequential bisection would need ≫ 20000 round trips
        assertTrue(large < 400);
    }

    /**
     * 10^4 bits at 2 %, 300 blocks, the same blocks through the three batchings. DEFERRED must
     * leak within 0.03 of PLAIN (measured 1.066 vs 1.045, with the short-key check passes) and at
     * most 1.12, below BATCHED (1.168), and keep most of the round-trip saving (173 vs 97 and 1288
     * round trips). Per-block
     * σ(f) ≈ 0.04, so each mean has σ ≈ 0.0025 and the 0.01 margins are ≥ 3σ.
     */
    @Test
    public void deferredBatchingLeaksAboutAsLittleAsThePlainForm() {
        SplittableRandom random = new SplittableRandom(505);
        int n = 10_000;
        int blocks = 300;
        double[] f = new double[3];
        double[] rt = new double[3];
        CascadeSession.Batching[] modes = CascadeSession.Batching.values();
        for (int b = 0; b < blocks; b++) {
            BitVector alice = BitVector.random(n, random);
            BitVector bob = CascadeFixtures.noisyCopy(alice, 0.02, random);
            double trueQber = alice.hammingDistance(bob) / (double) n;
            long seed = random.nextLong();
            CascadeSchedule schedule = CascadeSchedule.optimized(0.02, n);
            CascadeShuffle shuffle = CascadeShuffle.create(n, schedule.passes(), seed);
            for (int m = 0; m < modes.length; m++) {
                ReconciliationResult r = Cascade.reconcile(bob, schedule, shuffle,
                        new CascadeResponder(alice, shuffle), modes[m]);
                f[m] += r.efficiency(trueQber) / blocks;
                rt[m] += r.roundTrips() / (double) blocks;
            }
        }
        double batched = f[0];
        double deferred = f[1];
        double plain = f[2];
        String msg = "f batched/deferred/plain " + batched + " " + deferred + " " + plain;
        assertTrue(msg, deferred <= plain + 0.03);
        assertTrue(msg, deferred <= 1.12);
        assertTrue(msg, deferred < batched - 0.05);
        assertTrue(msg, plain >= 0.98);
        String trips = "round trips " + rt[0] + " " + rt[1] + " " + rt[2];
        assertTrue(trips, rt[2] - rt[1] > 0.8 * (rt[2] - rt[0]));
    }

    private static double meanRoundTrips(int n, double qber, int blocks, SplittableRandom random) {
        long sum = 0;
        for (int b = 0; b < blocks; b++) {
            BitVector alice = BitVector.random(n, random);
            BitVector bob = CascadeFixtures.noisyCopy(alice, qber, random);
            sum += run(alice, bob, qber, random.nextLong()).roundTrips();
        }
        return sum / (double) blocks;
    }
}
