package io.qmkdc.qkd;

import java.util.SplittableRandom;

/** Issue 13 experiment: time of each NTT phase. Args: log2 size, repetitions. */
public final class NttPhases {
    public static void main(String[] args) {
        int logN = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        int size = 1 << logN;
        int n = size / 2;
        BitVector x = BitVector.random(n, new SplittableRandom(1));
        int[][][] t = NttField.tables(logN);
        int[] a = new int[size];
        int[] b = new int[size];
        double[][] ms = new double[5][reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            NttBits.unpack(x, a);
            NttBits.unpack(x, b);
            long t1 = System.nanoTime();
            ToeplitzNtt.forward(t[0], t[1], a, 0, size);
            long t2 = System.nanoTime();
            NttBits.pointwise(a, a, 0, size, size);
            long t3 = System.nanoTime();
            ToeplitzNtt.back(t[0], t[1], a, 0, size);
            long t4 = System.nanoTime();
            NttBits.extract(a, 0, n);
            long t5 = System.nanoTime();
            ms[0][r] = (t1 - t0) / 1e6;
            ms[1][r] = (t2 - t1) / 1e6;
            ms[2][r] = (t3 - t2) / 1e6;
            ms[3][r] = (t4 - t3) / 1e6;
            ms[4][r] = (t5 - t4) / 1e6;
        }
        String[] names = {"unpack x2", "forward", "pointwise", "back", "extract"};
        for (int k = 0; k < 5; k++) {
            System.out.printf("2^%d %-10s %8.2f ms%n", logN, names[k], ToeplitzRatioBench.median(ms[k]));
        }
    }
}
