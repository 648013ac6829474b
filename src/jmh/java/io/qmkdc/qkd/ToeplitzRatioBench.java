package io.qmkdc.qkd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Issue 13 harness: the scalar one-thread FFT (baseline) and the hash on one and two threads, run
 * alternately; wall, calling-thread CPU and calling-thread allocation medians (the CPU figure of the
 * two-thread row leaves out the helper thread). Args: block bits, repetitions.
 */
public final class ToeplitzRatioBench {
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
        int n = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        int m = n / 2;
        SplittableRandom rnd = new SplittableRandom(1);
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
        BitVector ref = ToeplitzHash.hashBaseline(x, m, seed);
        if (!ref.contentEquals(ToeplitzHash.hash(x, m, seed)) || !ref.contentEquals(ToeplitzHash.hash(x, m, seed, 2))) {
            throw new AssertionError("differ");
        }
        double[][] wall = new double[3][reps];
        double[][] cpu = new double[3][reps];
        double[][] mb = new double[3][reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 3; k++) {
                long a0 = alloc.getCurrentThreadAllocatedBytes();
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                if (k == 0) ToeplitzHash.hashBaseline(x, m, seed);
                else ToeplitzHash.hash(x, m, seed, k);
                wall[k][r] = (System.nanoTime() - t0) / 1e9;
                cpu[k][r] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                mb[k][r] = (alloc.getCurrentThreadAllocatedBytes() - a0) / 1e6;
            }
        }
        String kind = ToeplitzHash.simd() ? "simd" : "scalar";
        String[] names = {"baseline", kind + " 1 thread", kind + " 2 threads"};
        double bw = median(wall[0]), bc = median(cpu[0]);
        for (int k = 0; k < 3; k++) {
            double w = median(wall[k]), c = median(cpu[k]);
            System.out.printf("n=%d %-15s wall %6.1f Mbit/s (x%.2f)  caller-thread CPU %6.1f Mbit/s (x%.2f)"
                    + "  caller allocates %.1f MB/hash%n", n, names[k], n / w / 1e6, bw / w, n / c / 1e6, bc / c, median(mb[k]));
        }
    }

    static double median(double[] a) {
        double[] b = a.clone();
        Arrays.sort(b);
        return b.length % 2 == 1 ? b[b.length / 2] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2;
    }
}
