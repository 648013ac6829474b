package io.qmkdc.qkd;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Issue 13 experiment: the NTT beside the baseline and the SIMD FFT, alternately. Args: block bits, repetitions. */
public final class NttRatioBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        int m = n / 2;
        SplittableRandom rnd = new SplittableRandom(1);
        BitVector x = BitVector.random(n, rnd);
        BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
        BitVector ref = ToeplitzHash.hashBaseline(x, m, seed);
        for (int th = 1; th <= 2; th++) {
            if (!ref.contentEquals(BitVector.wrap(ToeplitzNtt.toeplitzBits(x, m, seed, th), m))) {
                throw new AssertionError("ntt differs, threads " + th);
            }
        }
        String[] names = {"baseline", "fft 1", "fft 2", "ntt 1", "ntt 2"};
        double[][] wall = new double[5][reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 5; k++) {
                long t0 = System.nanoTime();
                switch (k) {
                    case 0 -> ToeplitzHash.hashBaseline(x, m, seed);
                    case 1, 2 -> ToeplitzHash.hash(x, m, seed, k);
                    default -> ToeplitzNtt.toeplitzBits(x, m, seed, k - 2);
                }
                wall[k][r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        double b = ToeplitzRatioBench.median(wall[0]);
        for (int k = 0; k < 5; k++) {
            double w = ToeplitzRatioBench.median(wall[k]);
            double[] s = wall[k].clone();
            Arrays.sort(s);
            System.out.printf("n=%d %-9s median %7.1f ms (min %7.1f, max %7.1f)  x%.2f%n", n, names[k], w * 1e3,
                    s[0] * 1e3, s[s.length - 1] * 1e3, b / w);
        }
    }
}
