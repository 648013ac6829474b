package io.qmkdc.qkd;

import java.util.SplittableRandom;

/**
 * Throughput and efficiency of Cascade, both parties in-process through the oracle interface.
 * Run: {@code java -cp target/classes:target/test-classes io.qmkdc.qkd.CascadeBench [schedule]}
 * where schedule is {@code optimized} (default) or {@code original}.
 */
public final class CascadeBench {
    private CascadeBench() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "optimized";
        int[] sizes = {1_000_000, 100_000};
        double[] qbers = {0.01, 0.02, 0.05};
        SplittableRandom random = new SplittableRandom(20240601L);
        for (int n : sizes) { // warm every size and QBER up first, so the first row is not measured mid-JIT
            for (double q : qbers) {
                run(which, n, q, random, 3, false);
            }
        }
        for (int n : sizes) {
            for (double q : qbers) {
                run(which, n, q, random, n >= 1_000_000 ? 10 : 50, true);
            }
        }
    }

    private static void run(String which, int n, double qber, SplittableRandom random, int blocks, boolean print) {
        long bits = 0;
        long nanos = 0;
        double fSum = 0;
        double fSq = 0;
        long rtSum = 0;
        int residual = 0;
        for (int b = 0; b < blocks; b++) {
            BitVector alice = BitVector.random(n, random);
            BitVector bob = alice.copy();
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < qber) {
                    bob.flip(i);
                }
            }
            double trueQber = alice.hammingDistance(bob) / (double) n;
            long seed = random.nextLong();
            long t0 = System.nanoTime();
            CascadeSchedule schedule = which.equals("original")
                    ? CascadeSchedule.original(qber, n) : CascadeSchedule.optimized(qber, n);
            CascadeShuffle shuffle = CascadeShuffle.create(n, schedule.passes(), seed);
            CascadeResponder responder = new CascadeResponder(alice, shuffle);
            ReconciliationResult r = Cascade.reconcile(bob, schedule, shuffle, responder);
            nanos += System.nanoTime() - t0;
            bits += n;
            double f = r.efficiency(trueQber);
            fSum += f;
            fSq += f * f;
            rtSum += r.roundTrips();
            if (!r.correctedKey().contentEquals(alice)) {
                residual++;
            }
        }
        if (print) {
            double mean = fSum / blocks;
            double sd = Math.sqrt(Math.max(0, fSq / blocks - mean * mean));
            System.out.printf("%-9s n=%8d qber=%.3f blocks=%3d  %7.1f Mbit/s  f=%.4f (sd %.4f)  roundTrips=%.1f  residualBlocks=%d%n",
                    which, n, qber, blocks, bits / (nanos / 1e3), mean, sd, rtSum / (double) blocks, residual);
        }
    }
}
