package io.qmkdc.qkd;

/** Issue 13 experiment: ns per point of the in-cache transforms (2^15 points) and their parts. */
public final class NttLevels {
    public static void main(String[] args) {
        int logN = 15;
        int size = 1 << logN;
        int[][][] t = NttField.tables(logN);
        int[] a = new int[size];
        for (int i = 0; i < size; i++) a[i] = i * 7919 % NttField.P;
        for (int round = 0; round < 5; round++) {
            int reps = 2000;
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) NttVectorKernels.difTail(a, 0, size);
            long t1 = System.nanoTime();
            for (int r = 0; r < reps; r++) NttVectorKernels.ditTail(a, 0, size);
            long t2 = System.nanoTime();
            for (int r = 0; r < reps; r++) ToeplitzNtt.forward(t[0], t[1], a, 0, size);
            long t3 = System.nanoTime();
            for (int r = 0; r < reps; r++) ToeplitzNtt.back(t[0], t[1], a, 0, size);
            long t4 = System.nanoTime();
            double d = (double) reps * size;
            if (round >= 3) System.out.printf("difTail %.3f  ditTail %.3f  forward %.3f  back %.3f ns/point%n",
                    (t1 - t0) / d, (t2 - t1) / d, (t3 - t2) / d, (t4 - t3) / d);
        }
    }
}
