package io.qmkdc.qkd;

/**
 * Toeplitz hashing over GF(2), the two-universal family used for privacy amplification
 * (Krawczyk, CRYPTO '94, §3; Carter–Wegman universal hashing).
 *
 * <p>Convention: an input of {@code n} bits, an output of {@code m ≤ n} bits and a seed of
 * {@code n+m−1} bits define the {@code m×n} matrix {@code T[i][j] = seed[i − j + n − 1]}
 * (constant along diagonals; row 0 reads the seed from bit {@code n−1} down to bit 0, the last
 * row from bit {@code n+m−2} down to bit {@code m−1}). The hash is {@code y = T·x} over GF(2),
 * which is the window {@code [n−1, n+m−1)} of the linear convolution {@code seed * x}.
 *
 * <p>{@link #hash} computes it by FFT ({@link ToeplitzFft}, exact, {@code O((n+m) log(n+m))});
 * {@link #hashReference} is the plain word-level product, {@code O(m·n/64)}, for small sizes
 * and tests.
 */
public final class ToeplitzHash {
    /** Below this many bit operations ({@code m·n}) the word-level product is faster than the FFT. */
    private static final long REFERENCE_CUTOFF = 1L << 22;
    /**
     * Largest FFT product: {@code n+m−1 ≤ 2^26}, four arrays of {@code 2^25} doubles (1 GB). Larger
     * matrices are cut into Toeplitz blocks (by rows when the output is the longer side, else by
     * columns), exact either way, so a 10^8-bit block fits a 4 GB heap.
     */
    static final long MAX_FFT_SPAN = 1L << 26;
    /** The exact fallback splits the key down to this many bits before using the reference. */
    private static final int FALLBACK_LEAF = 1 << 12;

    private ToeplitzHash() {
    }

    /** Seed length {@code n + m − 1} for an {@code n}-bit input and {@code m}-bit output. */
    public static int seedLength(int inputBits, int outputBits) {
        checkLengths(inputBits, outputBits);
        return outputBits == 0 ? 0 : Math.addExact(inputBits, outputBits - 1);
    }

    /** {@code T·x} for the matrix defined by {@code seed}, fast (FFT) for large sizes, one thread. */
    public static BitVector hash(BitVector x, int outputBits, BitVector seed) {
        return hash(x, outputBits, seed, 1);
    }

    /** {@link #hash(BitVector, int, BitVector)} on up to {@code threads} threads (1 or 2 are used); same bits. */
    public static BitVector hash(BitVector x, int outputBits, BitVector seed, int threads) {
        checkArguments(x, outputBits, seed);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if ((long) x.length() * outputBits <= REFERENCE_CUTOFF) {
            return multiplyReference(x, outputBits, seed);
        }
        return multiplyFft(x, outputBits, seed, ToeplitzFft.MAX_ROUNDING_ERROR, threads);
    }

    /**
     * The bench's baseline: {@link #hash} as it was before SIMD butterflies (scalar FFT, one
     * thread), same bits.
     */
    public static BitVector hashBaseline(BitVector x, int outputBits, BitVector seed) {
        checkArguments(x, outputBits, seed);
        if ((long) x.length() * outputBits <= REFERENCE_CUTOFF) {
            return multiplyReference(x, outputBits, seed);
        }
        return multiplyFft(x, outputBits, seed, ToeplitzFft.MAX_ROUNDING_ERROR, 1, false);
    }

    /** Whether {@link #hash} uses SIMD butterflies in this JVM (needs {@code --add-modules jdk.incubator.vector}). */
    public static boolean simd() {
        return ToeplitzFft.SIMD;
    }

    /**
     * {@code T·a} and {@code T·b} under one seed, bit for bit as two {@link #hash} calls, with the
     * seed's transform shared (both parties' keys in one process, as the link pipeline hashes them).
     */
    static BitVector[] hashPair(BitVector a, BitVector b, int outputBits, BitVector seed) {
        checkArguments(a, outputBits, seed);
        checkArguments(b, outputBits, seed);
        int n = a.length();
        if ((long) n * outputBits <= REFERENCE_CUTOFF || (long) n + outputBits - 1 > MAX_FFT_SPAN) {
            return new BitVector[] {hash(a, outputBits, seed), hash(b, outputBits, seed)};
        }
        ToeplitzFft.Outcome[] out = ToeplitzFft.toeplitzBitsPair(a, b, outputBits, seed);
        BitVector[] y = new BitVector[2];
        for (int k = 0; k < 2; k++) {
            if (out[k].maxRoundingError() < ToeplitzFft.MAX_ROUNDING_ERROR) {
                y[k] = BitVector.wrap(out[k].words(), outputBits);
            } else {
                java.util.Arrays.fill(out[k].words(), 0L);
                y[k] = multiplyFft(k == 0 ? a : b, outputBits, seed, ToeplitzFft.MAX_ROUNDING_ERROR);
            }
        }
        return y;
    }

    /** {@code T·x} by the word-level definition: bit {@code i} is {@code parity(row_i AND x)}. */
    public static BitVector hashReference(BitVector x, int outputBits, BitVector seed) {
        checkArguments(x, outputBits, seed);
        return multiplyReference(x, outputBits, seed);
    }

    /**
     * FFT product, checked: if any output lies {@code maxRoundingError} or further from an
     * integer, the key is split in two halves (two Toeplitz products with half the magnitudes,
     * XORed) until the check passes or the reference takes over. Package-private so that tests
     * can force the fallback with a negative tolerance.
     */
    static BitVector multiplyFft(BitVector x, int m, BitVector seed, double maxRoundingError) {
        return multiplyFft(x, m, seed, maxRoundingError, 1);
    }

    static BitVector multiplyFft(BitVector x, int m, BitVector seed, double maxRoundingError, int threads) {
        return multiplyFft(x, m, seed, maxRoundingError, threads, ToeplitzFft.SIMD);
    }

    private static BitVector multiplyFft(BitVector x, int m, BitVector seed, double maxRoundingError, int threads,
                                         boolean simd) {
        int n = x.length();
        if (m == 0) {
            return new BitVector(0);
        }
        if (n <= FALLBACK_LEAF && maxRoundingError < 0) {
            return multiplyReference(x, m, seed);
        }
        if ((long) n + m - 1 > MAX_FFT_SPAN) {
            return multiplyInBlocks(x, m, seed, maxRoundingError, threads, simd);
        }
        ToeplitzFft.Outcome out = ToeplitzFft.toeplitzBits(x, m, seed, threads, simd);
        if (out.maxRoundingError() < maxRoundingError) {
            return BitVector.wrap(out.words(), m);
        }
        java.util.Arrays.fill(out.words(), 0L);
        if (n <= FALLBACK_LEAF) {
            return multiplyReference(x, m, seed);
        }
        return multiplyByColumns(x, m, seed, maxRoundingError, threads, simd);
    }

    /**
     * {@code T = [T_top; T_bottom]} by rows (row {@code i ≥ m1} reads the seed shifted by {@code m1}),
     * or {@code T = [T_low | T_high]} by columns (two products XORed), whichever halves the longer side.
     */
    static BitVector multiplyInBlocks(BitVector x, int m, BitVector seed, double maxRoundingError,
                                              int threads) {
        return multiplyInBlocks(x, m, seed, maxRoundingError, threads, ToeplitzFft.SIMD);
    }

    private static BitVector multiplyInBlocks(BitVector x, int m, BitVector seed, double maxRoundingError,
                                              int threads, boolean simd) {
        int n = x.length();
        if (m >= n / 2) {
            int m1 = m >>> 1;
            int m2 = m - m1;
            BitVector top = multiplyFft(x, m1, seed.slice(0, n + m1 - 1), maxRoundingError, threads, simd);
            BitVector bottom = multiplyFft(x, m2, seed.slice(m1, m1 + n + m2 - 1), maxRoundingError, threads, simd);
            BitVector y = new BitVector(m);
            long[] yw = y.words();
            System.arraycopy(top.words(), 0, yw, 0, top.words().length);
            long[] bw = bottom.words();
            for (int i = 0; i < m2; i++) {
                if (((bw[i >>> 6] >>> i) & 1L) != 0) {
                    int t = m1 + i;
                    yw[t >>> 6] |= 1L << t;
                }
            }
            top.wipe();
            bottom.wipe();
            return y;
        }
        return multiplyByColumns(x, m, seed, maxRoundingError, threads, simd);
    }

    /** T = [T_low | T_high] by columns: both blocks are Toeplitz with shifted seed windows, their products XORed. */
    private static BitVector multiplyByColumns(BitVector x, int m, BitVector seed, double maxRoundingError,
                                               int threads, boolean simd) {
        int n = x.length();
        int n1 = n >>> 1;
        int n2 = n - n1;
        BitVector xLow = x.slice(0, n1);
        BitVector xHigh = x.slice(n1, n);
        try {
            BitVector y = multiplyFft(xLow, m, seed.slice(n2, n2 + n1 + m - 1), maxRoundingError, threads, simd);
            BitVector yHigh = multiplyFft(xHigh, m, seed.slice(0, n2 + m - 1), maxRoundingError, threads, simd);
            y.xorInPlace(yHigh);
            yHigh.wipe();
            return y;
        } finally {
            xLow.wipe();
            xHigh.wipe();
        }
    }

    /** Output bit {@code i} alone: {@code parity(row_i AND x)}, {@code O(n/64)}. */
    static int outputBit(BitVector x, int m, BitVector seed, int i) {
        // row_i[j] = seed[i − j + n − 1] = r[m − 1 − i + j], r the reversed seed; read it directly
        int n = x.length();
        long[] xw = x.words();
        long[] sw = seed.words();
        long acc = 0;
        // word w of row_i covers j in [64w, 64w+64): seed indices top = i + n − 1 − 64w going down
        for (int w = 0; w < xw.length; w++) {
            int top = i + n - 1 - (w << 6);
            acc ^= xw[w] & reversedWindow(sw, top);
        }
        return Long.bitCount(acc) & 1;
    }

    private static BitVector multiplyReference(BitVector x, int m, BitVector seed) {
        int n = x.length();
        BitVector reversed = reverse(seed);
        long[] rw = reversed.words();
        long[] xw = x.words();
        BitVector y = new BitVector(m);
        int lastWord = xw.length;
        for (int i = 0; i < m; i++) {
            // row_i = reversed[m − 1 − i, m − 1 − i + n)
            int from = m - 1 - i;
            int fw = from >>> 6;
            int shift = from & 63;
            long acc = 0;
            for (int w = 0; w < lastWord; w++) {
                long lo = rw[fw + w] >>> shift;
                long hi = (shift != 0 && fw + w + 1 < rw.length) ? rw[fw + w + 1] << (64 - shift) : 0L;
                acc ^= xw[w] & (lo | hi);
            }
            if ((Long.bitCount(acc) & 1) != 0) {
                y.set(i, true);
            }
        }
        return y;
    }

    /** 64 seed bits read downwards from index {@code top}: bit b is {@code seed[top − b]} (0 if negative). */
    private static long reversedWindow(long[] sw, int top) {
        int start = top - 63;
        long v;
        if (start >= 0) {
            int w = start >>> 6;
            int shift = start & 63;
            v = sw[w] >>> shift;
            if (shift != 0 && w + 1 < sw.length) {
                v |= sw[w + 1] << (64 - shift);
            }
        } else {
            // only bits [0, top] exist: they land at the top of the 64-bit window
            v = top < 0 ? 0L : sw[0] << (63 - top);
        }
        return Long.reverse(v);
    }

    private static BitVector reverse(BitVector v) {
        int len = v.length();
        BitVector r = new BitVector(len);
        long[] src = v.words();
        long[] dst = r.words();
        for (int t = 0; t < len; t++) {
            if (((src[t >>> 6] >>> t) & 1L) != 0) {
                int u = len - 1 - t;
                dst[u >>> 6] |= 1L << u;
            }
        }
        return r;
    }

    private static void checkArguments(BitVector x, int outputBits, BitVector seed) {
        checkLengths(x.length(), outputBits);
        long expected = outputBits == 0 ? 0 : (long) x.length() + outputBits - 1;
        if (seed.length() != expected) {
            throw new IllegalArgumentException("seed must have n + m - 1 = " + expected + " bits, had " + seed.length());
        }
    }

    private static void checkLengths(int inputBits, int outputBits) {
        if (inputBits < 0) {
            throw new IllegalArgumentException("inputBits must be >= 0, was " + inputBits);
        }
        if (outputBits < 0 || outputBits > inputBits) {
            throw new IllegalArgumentException("outputBits must be in [0, " + inputBits + "], was " + outputBits);
        }
    }
}
