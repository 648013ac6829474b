package io.qmkdc.qkd;

import java.util.SplittableRandom;

/**
 * Cascade's default against the batchings of {@link CascadeSession.Batching} on the same seeded
 * blocks (optimized schedule, 10^4 / 10^5 / 10^6 bits, 1 / 2 / 5 % QBER): mean f ± its standard
 * error, round trips, residual blocks and the calling thread's CPU time relative to BATCHED,
 * each block run through every batching in turn so that a loaded machine hits all alike.
 * PLAIN (one walk per round trip) runs up to 10^5 bits. Run:
 * {@code java -cp target/classes:target/test-classes io.qmkdc.qkd.CascadeBatchingBench [scale]},
 * scale (default 1) multiplying the number of blocks.
 */
public final class CascadeBatchingBench {
    private static final String[] MODES = {"default", "BATCHED", "DEFERRED", "PLAIN"};

    private CascadeBatchingBench() {
    }

    public static void main(String[] args) {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        run(10_000, 20, mx, false); // warm-up
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            int blocks = (int) Math.max(1, scale * (n == 10_000 ? 300 : n == 100_000 ? 40 : 6));
            run(n, blocks, mx, true);
        }
    }

    private static void run(int n, int blocks, java.lang.management.ThreadMXBean mx, boolean print) {
        for (double qber : new double[] {0.01, 0.02, 0.05}) {
            SplittableRandom random = new SplittableRandom(505);
            double[] f = new double[MODES.length];
            double[] f2 = new double[MODES.length];
            double[] trips = new double[MODES.length];
            long[] cpu = new long[MODES.length];
            int[] residual = new int[MODES.length];
            for (int b = 0; b < blocks; b++) {
                BitVector alice = BitVector.random(n, random);
                BitVector bob = CascadeFixtures.noisyCopy(alice, qber, random);
                double trueQber = alice.hammingDistance(bob) / (double) n;
                CascadeSchedule schedule = CascadeSchedule.optimized(qber, n);
                CascadeShuffle shuffle = CascadeShuffle.create(n, schedule.passes(), random.nextLong());
                for (int m = 0; m < MODES.length; m++) {
                    if (MODES[m].equals("PLAIN") && n > 100_000) {
                        continue;
                    }
                    CascadeResponder responder = new CascadeResponder(alice, shuffle);
                    long t = mx.getCurrentThreadCpuTime();
                    ReconciliationResult r = m == 0 ? Cascade.reconcile(bob, schedule, shuffle, responder)
                            : Cascade.reconcile(bob, schedule, shuffle, responder, CascadeSession.Batching.valueOf(MODES[m]));
                    cpu[m] += mx.getCurrentThreadCpuTime() - t;
                    double e = r.efficiency(trueQber);
                    f[m] += e;
                    f2[m] += e * e;
                    trips[m] += r.roundTrips();
                    residual[m] += r.correctedKey().contentEquals(alice) ? 0 : 1;
                }
            }
            for (int m = 0; print && m < MODES.length; m++) {
                if (cpu[m] == 0) {
                    continue;
                }
                double mean = f[m] / blocks;
                double se = Math.sqrt(Math.max(0, f2[m] / blocks - mean * mean) / (blocks - 1.0 + 1e-9));
                System.out.printf("n=%-8d qber=%.2f blocks=%-4d %-8s f=%.4f ± %.4f  roundTrips=%7.1f  residual=%d"
                                + "  cpu/BATCHED=%.3f%n", n, qber, blocks, MODES[m], mean, se, trips[m] / blocks,
                        residual[m], cpu[m] / (double) cpu[1]);
            }
        }
    }
}
