package io.qmkdc.qkd;

import java.util.Arrays;

/**
 * The Toeplitz product as a window of the cyclic convolution of the 0/1 key with the 0/1 seed,
 * computed by a number-theoretic transform modulo {@code p = 15·2^27 + 1} ({@link NttField}).
 *
 * <p>Exact by construction: a convolution value counts products of bits, so it is an integer in
 * {@code [0, n]}; with {@code n < p} its residue is the value itself, and its parity is the hash
 * bit. No rounding, nothing to check.
 *
 * <p>Layout: cyclic length {@code N = 2^k ≥ n+m−1} (the window {@code [n−1, n+m−1)} does not wrap);
 * forward transforms decimate in frequency (natural in, bit-reversed out), the back transform
 * decimates in time with the same twiddles (bit-reversed in, natural out), so no permutation is
 * done; using the forward twiddles both ways gives {@code N·c[−t mod N]} at {@code t}, read
 * backwards. Depth-first above {@value #BLOCK} points (the sub-transforms run in L2); above that,
 * up to {@value #FUSE} levels are fused into one sweep over memory, slice by slice.
 */
final class ToeplitzNtt {
    /** Sub-transforms of at most this many points run level by level (in L2). */
    static final int BLOCK = 1 << 15;
    /** Out-of-cache levels fused into one sweep. */
    private static final int FUSE = 4;
    /** Points per row of a fused sweep's slice. */
    private static final int SLICE = 64;
    /** Largest transform used: 2^25 points, two int arrays of 128 MB and 128 MB of twiddles. */
    static final long MAX_SPAN = 1L << 25;

    private static final boolean SIMD = ToeplitzFft.SIMD;

    private ToeplitzNtt() {
    }

    /** Packed bits {@code y_i = (Σ_j x_j·seed[i−j+n−1]) mod 2}, {@code i < m}, on up to two threads. */
    static long[] toeplitzBits(BitVector x, int m, BitVector seed, int threads) {
        int n = x.length();
        long span = (long) n + m - 1;
        if (span > MAX_SPAN || n >= NttField.P) {
            throw new IllegalArgumentException("n + m - 1 = " + span + " exceeds " + MAX_SPAN);
        }
        int logN = Math.max(6, 64 - Long.numberOfLeadingZeros(span - 1));
        int size = 1 << logN;
        int[][][] t = NttField.tables(logN);
        int[][] tw = t[0], tws = t[1];
        int[] xa = new int[size];
        int[] sa = new int[size];
        boolean two = threads > 1 && size > BLOCK;
        try {
            TwoThreads.run(two, () -> {
                NttBits.unpack(x, xa);
                forward(tw, tws, xa, 0, size);
            }, () -> {
                NttBits.unpack(seed, sa);
                forward(tw, tws, sa, 0, size);
            });
            int half = size >>> 1;
            TwoThreads.run(two, () -> NttBits.pointwise(xa, sa, 0, half, size),
                    () -> NttBits.pointwise(xa, sa, half, size, size));
            if (two) {
                backTwoThreads(tw, tws, xa, size);
            } else {
                back(tw, tws, xa, 0, size);
            }
            return NttBits.extract(xa, n - 1, m);
        } finally {
            Arrays.fill(xa, 0);
        }
    }

    /** Decimation in frequency of {@code a[off, off+len)}, natural order in, bit-reversed out. */
    static void forward(int[][] tw, int[][] tws, int[] a, int off, int len) {
        if (len <= BLOCK) {
            int tail = SIMD && len >= NttVectorKernels.LANES ? NttVectorKernels.LANES : 1;
            for (int l = Integer.numberOfTrailingZeros(len); l >= 1 && (1 << l) > tail; l--) {
                int h = 1 << (l - 1);
                for (int o = off; o < off + len; o += 2 * h) {
                    dif(a, o, h, tw[l], tws[l], 0, h);
                }
            }
            if (tail > 1) {
                NttVectorKernels.difTail(a, off, len);
            }
            return;
        }
        int k = Math.min(FUSE, Integer.numberOfTrailingZeros(len / BLOCK));
        int s = len >>> k;
        fusedForward(tw, tws, a, off, len, k, 0, s);
        for (int r = 0; r < 1 << k; r++) {
            forward(tw, tws, a, off + r * s, s);
        }
    }

    /** Decimation in time of {@code a[off, off+len)} with the forward twiddles, bit-reversed in, natural out. */
    static void back(int[][] tw, int[][] tws, int[] a, int off, int len) {
        if (len <= BLOCK) {
            int tail = SIMD && len >= NttVectorKernels.LANES ? NttVectorKernels.LANES : 1;
            if (tail > 1) {
                NttVectorKernels.ditTail(a, off, len);
            }
            int top = Integer.numberOfTrailingZeros(len);
            for (int l = Integer.numberOfTrailingZeros(tail) + 1; l <= top; l++) {
                int h = 1 << (l - 1);
                for (int o = off; o < off + len; o += 2 * h) {
                    dit(a, o, h, tw[l], tws[l], 0, h);
                }
            }
            return;
        }
        int k = Math.min(FUSE, Integer.numberOfTrailingZeros(len / BLOCK));
        int s = len >>> k;
        for (int r = 0; r < 1 << k; r++) {
            back(tw, tws, a, off + r * s, s);
        }
        fusedBack(tw, tws, a, off, len, k, 0, s);
    }

    /** {@link #back} of the whole array: sub-transforms, then the fused top levels' slices, split over two threads. */
    private static void backTwoThreads(int[][] tw, int[][] tws, int[] a, int len) {
        int k = len <= BLOCK ? 1 : Math.min(FUSE, Integer.numberOfTrailingZeros(len / BLOCK));
        int s = len >>> k;
        int rows = 1 << k;
        TwoThreads.run(true, () -> {
            for (int r = 0; r < rows / 2; r++) {
                back(tw, tws, a, r * s, s);
            }
        }, () -> {
            for (int r = rows / 2; r < rows; r++) {
                back(tw, tws, a, r * s, s);
            }
        });
        int mid = Math.max(SLICE, (s / SLICE / 2) * SLICE);
        if (mid >= s) {
            fusedBack(tw, tws, a, 0, len, k, 0, s);
            return;
        }
        TwoThreads.run(true, () -> fusedBack(tw, tws, a, 0, len, k, 0, mid),
                () -> fusedBack(tw, tws, a, 0, len, k, mid, s));
    }

    /**
     * The top {@code k} DIF levels of {@code a[off, off+len)} for columns {@code j ∈ [from, to)}: element
     * {@code off + r·s + j}, {@code s = len/2^k}, row {@code r < 2^k}; a slice of all rows stays in L1.
     */
    private static void fusedForward(int[][] tw, int[][] tws, int[] a, int off, int len, int k, int from, int to) {
        int s = len >>> k;
        int step = Math.min(SLICE, s);
        for (int j0 = from; j0 < to; j0 += step) {
            for (int l = 0; l < k; l++) {
                int big = len >>> l;
                int h = big >>> 1;
                int lg = Integer.numberOfTrailingZeros(big);
                int rowsHalf = 1 << (k - l - 1);
                for (int b = 0; b < 1 << l; b++) {
                    for (int rr = 0; rr < rowsHalf; rr++) {
                        int e = rr * s + j0;
                        dif(a, off + b * big + e, h, tw[lg], tws[lg], e, step);
                    }
                }
            }
        }
    }

    /** The mirror of {@link #fusedForward}: the top {@code k} DIT levels, lowest first. */
    private static void fusedBack(int[][] tw, int[][] tws, int[] a, int off, int len, int k, int from, int to) {
        int s = len >>> k;
        int step = Math.min(SLICE, s);
        for (int j0 = from; j0 < to; j0 += step) {
            for (int l = k - 1; l >= 0; l--) {
                int big = len >>> l;
                int h = big >>> 1;
                int lg = Integer.numberOfTrailingZeros(big);
                int rowsHalf = 1 << (k - l - 1);
                for (int b = 0; b < 1 << l; b++) {
                    for (int rr = 0; rr < rowsHalf; rr++) {
                        int e = rr * s + j0;
                        dit(a, off + b * big + e, h, tw[lg], tws[lg], e, step);
                    }
                }
            }
        }
    }

    private static void dif(int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        if (SIMD && count >= NttVectorKernels.LANES) {
            NttVectorKernels.dif(a, at, h, w, ws, e, count);
            return;
        }
        for (int j = 0; j < count; j++) {
            int x = a[at + j], y = a[at + j + h];
            a[at + j] = NttField.add(x, y);
            a[at + j + h] = NttField.mul(x - y + NttField.P, w[e + j], ws[e + j]);
        }
    }

    private static void dit(int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        if (SIMD && count >= NttVectorKernels.LANES) {
            NttVectorKernels.dit(a, at, h, w, ws, e, count);
            return;
        }
        for (int j = 0; j < count; j++) {
            int x = a[at + j];
            int y = NttField.mul(a[at + j + h], w[e + j], ws[e + j]);
            a[at + j] = NttField.add(x, y);
            a[at + j + h] = NttField.sub(x, y);
        }
    }
}
