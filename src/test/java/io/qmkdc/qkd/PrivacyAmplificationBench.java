package io.qmkdc.qkd;

import java.util.SplittableRandom;

/**
 * Throughput of Toeplitz privacy amplification, output m = n/2, one thread. Prints input
 * Mbit/s for the FFT path and, up to 10^5 bits, for the word-level reference and their ratio.
 * Run: {@code java -cp target/classes:target/test-classes io.qmkdc.qkd.PrivacyAmplificationBench [sizes...]}
 */
public final class PrivacyAmplificationBench {
    private PrivacyAmplificationBench() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {100_000, 1_000_000, 10_000_000} : parse(args);
        SplittableRandom rnd = new SplittableRandom(2024);
        System.out.printf("%12s %8s %12s %12s %12s %10s%n", "blockBits", "N(fft)", "fft Mbit/s", "first ms", "ref Mbit/s", "fft/ref");
        for (int n : sizes) {
            int m = n / 2;
            BitVector x = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(n + m - 1, rnd);
            long t0 = System.nanoTime();
            BitVector first = ToeplitzHash.multiplyFft(x, m, seed, ToeplitzFft.MAX_ROUNDING_ERROR);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            double fft = rate(n, () -> ToeplitzHash.multiplyFft(x, m, seed, ToeplitzFft.MAX_ROUNDING_ERROR));
            String ref = "-";
            String ratio = "-";
            if (n <= 100_000) {
                double r = rate(n, () -> ToeplitzHash.hashReference(x, m, seed));
                ref = String.format("%.2f", r);
                ratio = String.format("%.1f", fft / r);
            }
            long bigN = Long.highestOneBit(2L * (n + m - 2) - 1);
            System.out.printf("%12d %8s %12.2f %12.1f %12s %10s   (check bit %d)%n",
                    n, "2^" + Long.numberOfTrailingZeros(bigN), fft, firstMs, ref, ratio, first.bit(0));
        }
    }

    /** Input Mbit/s, median of repeated runs after warm-up, at least ~2 s of work. */
    private static double rate(int n, Runnable op) {
        for (int w = 0; w < 3; w++) {
            op.run();
        }
        int reps = 0;
        double[] times = new double[50];
        long start = System.nanoTime();
        while (reps < times.length && (reps < 5 || System.nanoTime() - start < 2e9)) {
            long t = System.nanoTime();
            op.run();
            times[reps++] = (System.nanoTime() - t) / 1e9;
        }
        java.util.Arrays.sort(times, 0, reps);
        return n / times[reps / 2] / 1e6;
    }

    private static int[] parse(String[] args) {
        int[] out = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = (int) Double.parseDouble(args[i]);
        }
        return out;
    }
}
