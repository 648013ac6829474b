package io.qmkdc.qkd;

import java.util.Arrays;

/**
 * Block sizes of the Cascade passes. Both parties derive it from public values (the estimated
 * QBER and the key length), so it is never sent.
 */
public final class CascadeSchedule {
    /** QBER estimates below this are treated as this (Rijsman's cascade-python uses the same floor). */
    static final double MIN_QBER = 1e-5;

    /** Keys shorter than this get {@link #CHECK_PASSES} more passes in {@link #optimized}. */
    static final int SHORT_KEY = 1 << 16;
    /** Extra half-key passes of short keys, to find the error pairs the passes before left. */
    static final int CHECK_PASSES = 8;

    private final int[] blockSizes;

    private CascadeSchedule(int[] blockSizes) {
        this.blockSizes = blockSizes;
    }

    /**
     * Original Cascade: k1 = ⌈0.73/Q⌉, k_i = 2·k_{i−1}, 4 passes — Brassard &amp; Salvail,
     * EUROCRYPT '93, §5 (f ≈ 1.16–1.2 at Q = 2 %, Martinez-Mateo et al. QIC 15 (2015) Fig. 4).
     */
    public static CascadeSchedule original(double qber, int length) {
        double q = checkQber(qber);
        int[] k = new int[4];
        long size = (long) Math.ceil(0.73 / q);
        for (int i = 0; i < k.length; i++) {
            k[i] = clamp(size, length);
            size *= 2;
        }
        return new CascadeSchedule(k);
    }

    /**
     * Optimized Cascade, "Cascade opt. (7)" of Martinez-Mateo, Pacher, Peev, Ciurana, Martin,
     * "Demystifying the information reconciliation protocol Cascade", QIC 15, 453 (2015), §5:
     * k1 = 2^⌈log2(1/Q)⌉, k2 = 4·k1, k_i = ⌈n/2⌉ for i ≥ 3, 14 passes, with sub-block reuse.
     * Chosen over opt. (8) because its smaller k2 keeps the cascade walks of pass 2 short, which
     * matters once round trips are capped ({@link Cascade}); measured f ≈ 1.05–1.07 at Q = 2 %.
     * Keys under {@value #SHORT_KEY} bits get {@value #CHECK_PASSES} more half-key passes: there
     * {@link CascadeSession.Batching#DEFERRED} no longer asks the redundant parities that had
     * caught the last hidden error pairs, and each such pass costs one parity when it finds
     * nothing and halves the chance a pair survives (at 10^4 bits, 2 % the residual blocks went
     * from 1 in 1000 to none in 20000, for 0.006 in f).
     */
    public static CascadeSchedule optimized(double qber, int length) {
        double q = checkQber(qber);
        int[] k = new int[length < SHORT_KEY ? 14 + CHECK_PASSES : 14];
        long k1 = 1L << Math.min(30, (int) Math.ceil(Math.log(1 / q) / Math.log(2) - 1e-9));
        k[0] = clamp(k1, length);
        k[1] = clamp(4 * k1, length);
        for (int i = 2; i < k.length; i++) {
            k[i] = clamp((length + 1) / 2, length);
        }
        return new CascadeSchedule(k);
    }

    /** A custom schedule; each size is clamped to [1, length]. */
    public static CascadeSchedule of(int length, int... blockSizes) {
        if (blockSizes.length < 1 || blockSizes.length > 64) {
            throw new IllegalArgumentException("number of passes must be in [1, 64], was " + blockSizes.length);
        }
        int[] k = new int[blockSizes.length];
        for (int i = 0; i < k.length; i++) {
            if (blockSizes[i] < 1) {
                throw new IllegalArgumentException("block sizes must be >= 1, pass " + i + " was " + blockSizes[i]);
            }
            k[i] = clamp(blockSizes[i], length);
        }
        return new CascadeSchedule(k);
    }

    public int passes() {
        return blockSizes.length;
    }

    public int blockSize(int pass) {
        return blockSizes[pass];
    }

    private static double checkQber(double qber) {
        if (!(qber >= 0 && qber < 0.5)) {
            throw new IllegalArgumentException("qber must be in [0, 0.5), was " + qber);
        }
        return Math.max(qber, MIN_QBER);
    }

    private static int clamp(long size, int length) {
        return (int) Math.max(1, Math.min(size, Math.max(1, length)));
    }

    @Override
    public String toString() {
        return "CascadeSchedule" + Arrays.toString(blockSizes);
    }
}
