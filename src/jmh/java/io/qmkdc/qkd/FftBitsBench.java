package io.qmkdc.qkd;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Issue 13 harness for the "rest" of a hash: {@link FftBits} unpack and extract at 10^7 bits, scalar and SIMD
 * alternately, calling-thread CPU time and allocation of the last three of 15 rounds.
 */
public final class FftBitsBench {
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 10_000_000;
        int m = n / 2;
        int size = 1 << ToeplitzFft.logSize(n, m);
        BitVector x = BitVector.random(n, new SplittableRandom(1));
        double[] re = new double[size];
        double[] im = new double[size];
        for (int rep = 0; rep < 15; rep++) {
            for (int s = 0; s < 2; s++) {
                boolean simd = s == 1;
                long c0 = mx.getCurrentThreadCpuTime();
                long a0 = mx.getCurrentThreadAllocatedBytes();
                FftBits.unpack(x, re, im, size);
                long c1 = mx.getCurrentThreadCpuTime();
                long a1 = mx.getCurrentThreadAllocatedBytes();
                FftBits.extract(re, im, n - 1, m, 1.0, simd);
                long c2 = mx.getCurrentThreadCpuTime();
                long a2 = mx.getCurrentThreadAllocatedBytes();
                if (rep >= 12) {
                    System.out.printf("simd=%-5b unpack %5.1f ms %5.1f MB  extract %5.1f ms %5.1f MB%n", simd,
                            (c1 - c0) / 1e6, (a1 - a0) / 1e6, (c2 - c1) / 1e6, (a2 - a1) / 1e6);
                }
            }
        }
    }
}
