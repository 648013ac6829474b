package io.qmkdc.qkd;

/**
 * The fast engine behind {@link ToeplitzHash}: the GF(2) Toeplitz product as a window of the
 * integer convolution of the 0/1 key with the 0/1 seed, in double-precision FFT, then rounded
 * and reduced mod 2 (the scheme of Takahashi et al., "Fast privacy amplification", and of most
 * high-speed QKD post-processing stacks).
 *
 * <p>Layout, chosen for speed on one core:
 * <ul>
 *   <li>Cyclic length {@code N = 2M} (power of two, {@code N ≥ n+m−1}, so the needed window does
 *       not wrap). Each real sequence is packed two samples per complex point
 *       ({@code z_j = a_{2j} + i·a_{2j+1}}), so three complex FFTs of size {@code M} do the work
 *       of two forward and one inverse real FFT of size {@code N}.</li>
 *   <li>Forward transforms are radix-4 decimation-in-frequency and leave the spectrum in
 *       bit-reversed order; the inverse is the mirror decimation-in-time that reads bit-reversed
 *       order: no bit-reversal permutation anywhere. The real-packing step pairs {@code k} with
 *       {@code M−k}, which in bit-reversed order is the mirror image inside each octave
 *       {@code [L, 2L)}: {@code p ↔ 3L−1−p}.</li>
 *   <li>Recursive (depth-first) above {@value #BLOCK} points so that the lower stages run in
 *       cache (full twiddle tables there); above that, two radix-4 levels are fused into one
 *       sweep over memory, and twiddles are a per-level table of {@value #CHUNK} entries times a
 *       per-chunk base, so the plan stays below a few MB whatever {@code M}.</li>
 * </ul>
 *
 * <p>Exactness: every true output is an integer in {@code [0, n]}; the result is rounded to the
 * nearest integer. By Percival's bound (Math. Comp. 72 (2003), Thm. 5.1) the absolute error of an
 * FFT convolution of length {@code 2^k} is below {@code ‖x‖·‖s‖·((1+ε)^{3k}(1+ε√5)^{3k+1}(1+β)^{3k}−1)}
 * with {@code ε = 2^-53} and twiddle error {@code β}; for 0/1 inputs {@code ‖x‖·‖s‖ ≤ √(n(n+m)) <
 * 2^31·1.5} at any int size, and with {@code k ≤ 32}, {@code β ≤ 4ε} (one product of two correctly
 * rounded tables plus the argument rounding) the bound is below {@code 3·10^-4}, far under 1/2
 * (at {@code n = 10^7, m = n/2}, {@code k = 24}: about {@code 10^-6}). The
 * packing/unpacking adds a handful of operations per point and does not change the order of
 * magnitude. The caller still measures the largest distance to an integer and falls back to an
 * exact split if it ever reaches {@link #MAX_ROUNDING_ERROR}.
 */
final class ToeplitzFft {
    /** Largest tolerated distance of an output from the nearest integer before falling back. */
    static final double MAX_ROUNDING_ERROR = 0.25;
    /** Sub-transforms of at most this many complex points run breadth-first (they fit in L2). */
    private static final int BLOCK = 1 << 15;
    /** Entries of a per-level twiddle table; longer levels multiply by a per-chunk base. */
    private static final int CHUNK = 1 << 8;
    /** Butterflies per slice when two out-of-cache radix-4 levels are fused into one sweep. */
    private static final int SLICE = 64;

    /**
     * SIMD butterflies ({@link FftVectorKernels}) when the JVM runs with {@code --add-modules
     * jdk.incubator.vector} ({@code deploy/qmkdc} does), else the scalar ones; the bits are the same.
     * {@code -Dqmkdc.toeplitz.simd=false} turns them off.
     */
    static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && Boolean.parseBoolean(System.getProperty("qmkdc.toeplitz.simd", "true"));

    private static final Plan[] PLANS = new Plan[31];
    private static final Plan[] SCALAR_PLANS = new Plan[31];

    private ToeplitzFft() {
    }

    /** The output of {@link #toeplitzBits}: packed bits and the worst distance to an integer seen. */
    record Outcome(long[] words, double maxRoundingError) {
    }

    /**
     * Bits {@code y_i = (Σ_j x_j·seed[i−j+n−1]) mod 2} for {@code i < m}, packed; the words of
     * the FFT buffers holding key-derived values are zeroed before returning.
     */
    static Outcome toeplitzBits(BitVector x, int m, BitVector seed) {
        return toeplitzBits(x, m, seed, 1);
    }

    /**
     * As {@link #toeplitzBits(BitVector, int, BitVector)} on up to two threads: the key's and the
     * seed's forward transforms run side by side, then the inverse's independent sub-transforms
     * and the halves of its top passes. The arithmetic is the same, so the output is identical.
     */
    static Outcome toeplitzBits(BitVector x, int m, BitVector seed, int threads) {
        return toeplitzBits(x, m, seed, threads, SIMD);
    }

    /**
     * As above; {@code simd = false} forces the scalar butterflies (the pre-SIMD code, kept as the
     * bench's baseline, so it also allocates its arrays per call as before); else the JVM's spare
     * {@link FftWorkspace} is reused.
     */
    static Outcome toeplitzBits(BitVector x, int m, BitVector seed, int threads, boolean simd) {
        int size = 1 << logSize(x.length(), m);
        if (!simd) {
            return toeplitzBits(x, m, seed, threads, false, new FftWorkspace(size));
        }
        FftWorkspace ws = FftWorkspace.take(size);
        try {
            return toeplitzBits(x, m, seed, threads, true, ws);
        } finally {
            FftWorkspace.giveBack(ws);
        }
    }

    /** As above in {@code ws} (capacity at least the transform size); its key arrays are wiped on return. */
    static Outcome toeplitzBits(BitVector x, int m, BitVector seed, int threads, boolean simd, FftWorkspace ws) {
        int n = x.length();
        int logM = logSize(n, m);
        int size = 1 << logM;
        Plan plan = plan(logM, simd);
        double[] xr = ws.xr, xi = ws.xi, sr = ws.sr, si = ws.si;
        boolean two = threads > 1 && size > BLOCK;
        try {
            TwoThreads.run(two, () -> {
                FftBits.unpack(x, xr, xi, size);
                forward(plan, xr, xi, 0, size);
            }, () -> {
                FftBits.unpack(seed, sr, si, size);
                forward(plan, sr, si, 0, size);
            });
            multiplyPacked(plan, xr, xi, sr, si, size);
            if (two) {
                inverseTwoThreads(plan, xr, xi, size);
            } else {
                inverse(plan, xr, xi, 0, size);
            }
            return FftBits.extract(xr, xi, n - 1, m, 1.0 / (8.0 * size), plan.simd);
        } finally {
            ws.wipeKey(size);
        }
    }

    /**
     * {@link #toeplitzBits} for two keys under one seed (both parties' keys in one process): the
     * seed's spectrum is computed once and reused (the product step only reads it), so two hashes
     * cost five transforms instead of six. Same arithmetic per key, so the same bits.
     */
    static Outcome[] toeplitzBitsPair(BitVector x1, BitVector x2, int m, BitVector seed) {
        int n = x1.length();
        if (x2.length() != n) {
            throw new IllegalArgumentException("need equal key lengths, had " + n + " and " + x2.length());
        }
        int logM = logSize(n, m);
        int size = 1 << logM;
        Plan plan = plan(logM);
        FftWorkspace ws = FftWorkspace.take(size);
        double[] xr = ws.xr, xi = ws.xi, sr = ws.sr, si = ws.si;
        Outcome[] out = new Outcome[2];
        try {
            FftBits.unpack(seed, sr, si, size);
            forward(plan, sr, si, 0, size);
            for (int k = 0; k < 2; k++) {
                FftBits.unpack(k == 0 ? x1 : x2, xr, xi, size);
                forward(plan, xr, xi, 0, size);
                multiplyPacked(plan, xr, xi, sr, si, size);
                inverse(plan, xr, xi, 0, size);
                out[k] = FftBits.extract(xr, xi, n - 1, m, 1.0 / (8.0 * size), plan.simd);
            }
            return out;
        } finally {
            ws.wipeKey(size);
            FftWorkspace.giveBack(ws);
        }
    }

    /** {@code log2 M}: the packed complex length {@code M = N/2}, {@code N ≥ n+m−1} the cyclic length. */
    static int logSize(int n, int m) {
        long needed = (long) n + m - 1;
        int logN = Math.max(3, 64 - Long.numberOfLeadingZeros(needed - 1));
        if (logN > 31) {
            throw new IllegalArgumentException("n + m - 1 must be <= 2^31, was " + needed);
        }
        return logN - 1;
    }

    /** {@link #inverse} of the whole array, its sub-transforms and top-pass halves split over two threads. */
    private static void inverseTwoThreads(Plan plan, double[] re, double[] im, int len) {
        int q = len >>> 2;
        if (q > BLOCK) {
            int r = q >>> 2;
            TwoThreads.run(true, () -> {
                for (int t = 0; t < 8; t++) {
                    inverse(plan, re, im, t * r, r);
                }
            }, () -> {
                for (int t = 8; t < 16; t++) {
                    inverse(plan, re, im, t * r, r);
                }
            });
            int mid = (r / SLICE / 2) * SLICE;
            TwoThreads.run(true, () -> fusedInverseSlices(plan, re, im, len, 0, mid),
                    () -> fusedInverseSlices(plan, re, im, len, mid, r));
            return;
        }
        TwoThreads.run(true, () -> {
            inverse(plan, re, im, 0, q);
            inverse(plan, re, im, q, q);
        }, () -> {
            inverse(plan, re, im, 2 * q, q);
            inverse(plan, re, im, 3 * q, q);
        });
        TwoThreads.run(true, () -> inversePass(plan, re, im, 0, len, 0, q / 2),
                () -> inversePass(plan, re, im, 0, len, q / 2, q));
    }

    /**
     * From the bit-reversed packed spectra of key and seed, the bit-reversed packed spectrum of
     * their product, in place in {@code (xr, xi)}, times {@code 8}.
     * With {@code Z} the packed spectrum of a real sequence {@code a}, its real spectrum is
     * {@code A[k] = E + w·O}, {@code A[M−k] = conj(E − w·O)}, {@code E = (Z[k]+conj Z[M−k])/2},
     * {@code O = −i(Z[k]−conj Z[M−k])/2}, {@code w = e^{−2πik/N}}; the inverse packing is the
     * same algebra backwards.
     */
    private static void multiplyPacked(Plan plan, double[] xr, double[] xi, double[] sr, double[] si, int size) {
        int logM = plan.logM;
        pairProduct(plan, xr, xi, sr, si, 0, 0, 0);
        if (size > 1) {
            pairProduct(plan, xr, xi, sr, si, 1, 1, size >>> 1);
        }
        int lanes = plan.simd ? FftVectorKernels.LANES : 1;
        int laneBits = Integer.numberOfTrailingZeros(lanes);
        // SIMD: lanes p..p+L−1 share k's low bits (one lo twiddle); their hi twiddles are a fixed gather
        boolean simd = lanes >= 2 && logM - laneBits >= plan.loBits;
        for (int lo = 2; lo < size; lo <<= 1) {
            int mirror = 3 * lo - 1;
            if (simd && (lo >>> 1) >= lanes) {
                for (int p = lo, end = lo + (lo >>> 1); p < end; p += lanes) {
                    int k = Integer.reverse(p) >>> (32 - logM);
                    FftVectorKernels.pairProducts(plan, xr, xi, sr, si, p, mirror - p - (lanes - 1), k);
                }
                continue;
            }
            for (int p = lo, end = lo + (lo >>> 1); p < end; p++) {
                int k = Integer.reverse(p) >>> (32 - logM);
                pairProduct(plan, xr, xi, sr, si, p, mirror - p, k);
            }
        }
    }

    private static void pairProduct(Plan plan, double[] xr, double[] xi, double[] sr, double[] si,
                                    int p, int pp, int k) {
        int hiIdx = k >>> plan.loBits;
        int loIdx = k & ((1 << plan.loBits) - 1);
        double hr = plan.hiRe[hiIdx], hi = plan.hiIm[hiIdx];
        double lr = plan.loRe[loIdx], li = plan.loIm[loIdx];
        double wr = hr * lr - hi * li;
        double wi = hr * li + hi * lr;

        // key spectrum at k and M-k (times 2)
        double ar = xr[p], ai = xi[p], br = xr[pp], bi = xi[pp];
        double er = ar + br, ei = ai - bi;
        double or = ai + bi, oi = br - ar;
        double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
        double x1r = er + tr, x1i = ei + ti;
        double x2r = er - tr, x2i = -(ei - ti);
        // seed spectrum at k and M-k (times 2)
        ar = sr[p]; ai = si[p]; br = sr[pp]; bi = si[pp];
        er = ar + br; ei = ai - bi;
        or = ai + bi; oi = br - ar;
        tr = wr * or - wi * oi; ti = wr * oi + wi * or;
        double s1r = er + tr, s1i = ei + ti;
        double s2r = er - tr, s2i = -(ei - ti);
        // product spectrum (times 4)
        double p1r = x1r * s1r - x1i * s1i, p1i = x1r * s1i + x1i * s1r;
        double p2r = x2r * s2r - x2i * s2i, p2i = x2r * s2i + x2i * s2r;
        // repack: W[k] = Ec + i·Oc, Ec = P1 + conj P2, Oc = (P1 − conj P2)·conj w (times 8)
        double ecr = p1r + p2r, eci = p1i - p2i;
        double dr = p1r - p2r, di = p1i + p2i;
        double ocr = dr * wr + di * wi, oci = di * wr - dr * wi;
        // W[M-k] = conj Ec + i·conj Oc; written first so that k = 0 and k = M/2 keep W[k]
        xr[pp] = ecr + oci;
        xi[pp] = -eci + ocr;
        xr[p] = ecr - oci;
        xi[p] = eci + ocr;
    }

    /** Radix-4 DIF, natural order in, bit-reversed out, unscaled. */
    static void forward(Plan plan, double[] re, double[] im, int off, int len) {
        if (len <= BLOCK) {
            for (int l = len; l >= 4; l >>>= 2) {
                for (int o = off; o < off + len; o += l) {
                    forwardPass(plan, re, im, o, l, 0, l >>> 2);
                }
            }
            if (Integer.numberOfTrailingZeros(len) % 2 == 1) {
                radix2(re, im, off, len);
            }
            return;
        }
        int q = len >>> 2;
        if (q > BLOCK) {
            // levels len and len/4 in one sweep over memory, slice by slice
            int r = q >>> 2;
            for (int j0 = 0; j0 < r; j0 += SLICE) {
                for (int s = 0; s < 4; s++) {
                    forwardPass(plan, re, im, off, len, j0 + s * r, j0 + s * r + SLICE);
                }
                for (int t = 0; t < 4; t++) {
                    forwardPass(plan, re, im, off + t * q, q, j0, j0 + SLICE);
                }
            }
            for (int t = 0; t < 16; t++) {
                forward(plan, re, im, off + t * r, r);
            }
            return;
        }
        forwardPass(plan, re, im, off, len, 0, q);
        for (int t = 0; t < 4; t++) {
            forward(plan, re, im, off + t * q, q);
        }
    }

    /** Radix-4 DIT, bit-reversed in, natural order out, times {@code len}. */
    static void inverse(Plan plan, double[] re, double[] im, int off, int len) {
        if (len <= BLOCK) {
            int first = Integer.numberOfTrailingZeros(len) % 2 == 1 ? 2 : 1;
            if (first == 2) {
                radix2(re, im, off, len);
            }
            for (int l = first * 4; l <= len; l <<= 2) {
                for (int o = off; o < off + len; o += l) {
                    inversePass(plan, re, im, o, l, 0, l >>> 2);
                }
            }
            return;
        }
        int q = len >>> 2;
        if (q > BLOCK) {
            int r = q >>> 2;
            for (int t = 0; t < 16; t++) {
                inverse(plan, re, im, off + t * r, r);
            }
            fusedInverseSlices(plan, re, im, len, 0, r, off);
            return;
        }
        for (int t = 0; t < 4; t++) {
            inverse(plan, re, im, off + t * q, q);
        }
        inversePass(plan, re, im, off, len, 0, q);
    }

    private static void fusedInverseSlices(Plan plan, double[] re, double[] im, int len, int from, int to) {
        fusedInverseSlices(plan, re, im, len, from, to, 0);
    }

    /** The two top inverse levels of {@code len} at {@code off}, fused, for slices {@code j0 ∈ [from, to)}. */
    private static void fusedInverseSlices(Plan plan, double[] re, double[] im, int len, int from, int to, int off) {
        int q = len >>> 2;
        int r = q >>> 2;
        for (int j0 = from; j0 < to; j0 += SLICE) {
            for (int t = 0; t < 4; t++) {
                inversePass(plan, re, im, off + t * q, q, j0, j0 + SLICE);
            }
            for (int s = 0; s < 4; s++) {
                inversePass(plan, re, im, off, len, j0 + s * r, j0 + s * r + SLICE);
            }
        }
    }

    /** Length-2 butterflies (its own inverse up to the factor 2). */
    private static void radix2(double[] re, double[] im, int off, int len) {
        for (int i = off; i < off + len; i += 2) {
            double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
            re[i] = ar + br;
            im[i] = ai + bi;
            re[i + 1] = ar - br;
            im[i + 1] = ai - bi;
        }
    }

    /** Forward butterflies {@code j ∈ [from, to)} of the radix-4 level of length {@code len} at {@code off}. */
    private static void forwardPass(Plan plan, double[] re, double[] im, int off, int len, int from, int to) {
        pass(false, plan, re, im, off, len, from, to);
    }

    /** Inverse butterflies {@code j ∈ [from, to)} of the radix-4 level of length {@code len} at {@code off}. */
    private static void inversePass(Plan plan, double[] re, double[] im, int off, int len, int from, int to) {
        pass(true, plan, re, im, off, len, from, to);
    }

    /**
     * The scalar butterflies of one pass (or {@link #passSimd}'s); {@code inverse} picks the butterfly, so both
     * directions share one loop.
     */
    private static void pass(boolean inverse, Plan plan, double[] re, double[] im, int off, int len, int from, int to) {
        int q = len >>> 2;
        Level lv = plan.level(len);
        if (plan.simd && q >= FftVectorKernels.LANES && ((from | to) & (FftVectorKernels.LANES - 1)) == 0) {
            passSimd(inverse, lv, re, im, off, q, from, to);
            return;
        }
        if (lv.chunk == q) {
            for (int j = from; j < to; j++) {
                butterfly(inverse, re, im, off + j, q, lv.w1r[j], lv.w1i[j], lv.w2r[j], lv.w2i[j], lv.w3r[j], lv.w3i[j]);
            }
            return;
        }
        for (int j = from; j < to; ) {
            int b = j / lv.chunk;
            int base = b * lv.chunk;
            int jEnd = Math.min(to - base, lv.chunk);
            double b1r = lv.b1r[b], b1i = lv.b1i[b], b2r = lv.b2r[b], b2i = lv.b2i[b];
            double b3r = lv.b3r[b], b3i = lv.b3i[b];
            for (int jl = j - base; jl < jEnd; jl++) {
                butterfly(inverse, re, im, off + base + jl, q,
                        b1r * lv.w1r[jl] - b1i * lv.w1i[jl], b1r * lv.w1i[jl] + b1i * lv.w1r[jl],
                        b2r * lv.w2r[jl] - b2i * lv.w2i[jl], b2r * lv.w2i[jl] + b2i * lv.w2r[jl],
                        b3r * lv.w3r[jl] - b3i * lv.w3i[jl], b3r * lv.w3i[jl] + b3i * lv.w3r[jl]);
            }
            j = base + jEnd;
        }
    }

    private static void butterfly(boolean inverse, double[] re, double[] im, int i, int q, double w1r, double w1i,
            double w2r, double w2i, double w3r, double w3i) {
        if (inverse) {
            inverseButterfly(re, im, i, q, w1r, w1i, w2r, w2i, w3r, w3i);
        } else {
            forwardButterfly(re, im, i, q, w1r, w1i, w2r, w2i, w3r, w3i);
        }
    }

    /**
     * {@link #forwardPass}'s or {@link #inversePass}'s butterflies, {@link FftVectorKernels#LANES} at a time (same
     * operations per lane): one kernel call per chunk of twiddles sharing a base.
     */
    private static void passSimd(boolean inverse, Level lv, double[] re, double[] im, int off, int q, int from, int to) {
        if (lv.chunk == q) {
            kernel(inverse, lv, re, im, off, q, from, to, 0, false, 0);
            return;
        }
        for (int j = from; j < to; ) {
            int b = j / lv.chunk;
            int end = Math.min(to, (b + 1) * lv.chunk);
            kernel(inverse, lv, re, im, off, q, j, end, b * lv.chunk, true, b);
            j = end;
        }
    }

    private static void kernel(boolean inverse, Level lv, double[] re, double[] im, int off, int q, int from, int to,
            int tOff, boolean based, int b) {
        double b1r = based ? lv.b1r[b] : 0, b1i = based ? lv.b1i[b] : 0, b2r = based ? lv.b2r[b] : 0;
        double b2i = based ? lv.b2i[b] : 0, b3r = based ? lv.b3r[b] : 0, b3i = based ? lv.b3i[b] : 0;
        if (inverse) {
            FftVectorKernels.inverse(re, im, off, q, from, to, tOff, lv.w1r, lv.w1i, lv.w2r, lv.w2i, lv.w3r, lv.w3i,
                    based, b1r, b1i, b2r, b2i, b3r, b3i);
        } else {
            FftVectorKernels.forward(re, im, off, q, from, to, tOff, lv.w1r, lv.w1i, lv.w2r, lv.w2i, lv.w3r, lv.w3i,
                    based, b1r, b1i, b2r, b2i, b3r, b3i);
        }
    }

    /** Radix-4 DIF butterfly on {@code i0 + t·q}, {@code t < 4}, twiddles {@code w^1, w^2, w^3}. */
    private static void forwardButterfly(double[] re, double[] im, int i0, int q, double w1r, double w1i,
                                         double w2r, double w2i, double w3r, double w3i) {
        int i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
        double a0r = re[i0], a0i = im[i0], a1r = re[i1], a1i = im[i1];
        double a2r = re[i2], a2i = im[i2], a3r = re[i3], a3i = im[i3];
        double t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
        double t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
        re[i0] = t0r + t2r;
        im[i0] = t0i + t2i;
        double ur = t0r - t2r, ui = t0i - t2i;
        re[i1] = ur * w2r - ui * w2i;
        im[i1] = ur * w2i + ui * w2r;
        ur = t1r + t3i;
        ui = t1i - t3r;
        re[i2] = ur * w1r - ui * w1i;
        im[i2] = ur * w1i + ui * w1r;
        ur = t1r - t3i;
        ui = t1i + t3r;
        re[i3] = ur * w3r - ui * w3i;
        im[i3] = ur * w3i + ui * w3r;
    }

    /** Radix-4 DIT butterfly undoing {@link #forwardButterfly} (times 4), conjugate twiddles. */
    private static void inverseButterfly(double[] re, double[] im, int i0, int q, double w1r, double w1i,
                                         double w2r, double w2i, double w3r, double w3i) {
        int i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
        double pr = re[i0], pi = im[i0];
        double yr = re[i1], yi = im[i1];
        double qr = yr * w2r + yi * w2i, qi = yi * w2r - yr * w2i;
        yr = re[i2];
        yi = im[i2];
        double rr = yr * w1r + yi * w1i, ri = yi * w1r - yr * w1i;
        yr = re[i3];
        yi = im[i3];
        double sr = yr * w3r + yi * w3i, si = yi * w3r - yr * w3i;
        double ar = pr + qr, ai = pi + qi, br = pr - qr, bi = pi - qi;
        double cr = rr + sr, ci = ri + si;
        double dr = -(ri - si), di = rr - sr;
        re[i0] = ar + cr;
        im[i0] = ai + ci;
        re[i2] = ar - cr;
        im[i2] = ai - ci;
        re[i1] = br + dr;
        im[i1] = bi + di;
        re[i3] = br - dr;
        im[i3] = bi - di;
    }

    static Plan plan(int logM) {
        return plan(logM, SIMD);
    }

    /** The plan for size {@code 2^logM}; {@code simd} only if the vector module is there. */
    static synchronized Plan plan(int logM, boolean simd) {
        Plan[] cache = simd && SIMD ? PLANS : SCALAR_PLANS;
        Plan p = cache[logM];
        if (p == null) {
            p = new Plan(logM, simd && SIMD);
            cache[logM] = p;
        }
        return p;
    }

    /** Immutable twiddle tables for transforms of size {@code 2^logM}. */
    static final class Plan {
        final int logM;
        final boolean simd;
        final int loBits;
        final double[] hiRe, hiIm, loRe, loIm;
        /** {@link FftVectorKernels#hiGather} for this size, when SIMD. */
        final int[] hiGather;
        private final Level[] levels;

        Plan(int logM, boolean simd) {
            this.logM = logM;
            this.simd = simd;
            int logN = logM + 1;
            // e^{-2πik/N} = hi[k >> loBits] · lo[k & mask], for the real-packing step
            loBits = (logM + 1) / 2;
            int hiCount = 1 << (logM - loBits);
            int loCount = 1 << loBits;
            hiRe = new double[hiCount];
            hiIm = new double[hiCount];
            loRe = new double[loCount];
            loIm = new double[loCount];
            for (int t = 0; t < hiCount; t++) {
                double a = angle((long) t << loBits, logN);
                hiRe[t] = Math.cos(a);
                hiIm[t] = -Math.sin(a);
            }
            for (int t = 0; t < loCount; t++) {
                double a = angle(t, logN);
                loRe[t] = Math.cos(a);
                loIm[t] = -Math.sin(a);
            }
            hiGather = simd && logM - Integer.numberOfTrailingZeros(FftVectorKernels.LANES) >= loBits
                    ? FftVectorKernels.hiGather(logM, loBits) : null;
            levels = new Level[logM + 1];
            for (int logL = 2; logL <= logM; logL++) {
                levels[logL] = new Level(logL);
            }
        }

        Level level(int len) {
            return levels[Integer.numberOfTrailingZeros(len)];
        }
    }

    /** Angle {@code 2πk/2^logL}, with {@code k/2^logL} exact. */
    private static double angle(long k, int logL) {
        return 2.0 * Math.PI * Math.scalb((double) k, -logL);
    }

    /**
     * Twiddles {@code e^{−2πi·r·j/L}} for {@code r = 1, 2, 3} and {@code j < L/4}: a full table
     * for levels up to {@link #BLOCK} points, else {@code base[j / chunk] · table[j % chunk]}.
     */
    static final class Level {
        final int chunk;
        final double[] w1r, w1i, w2r, w2i, w3r, w3i;
        final double[] b1r, b1i, b2r, b2i, b3r, b3i;

        Level(int logL) {
            int q = 1 << (logL - 2);
            // levels that run in cache get a full table; longer ones a chunk table times a base
            chunk = 4 * q <= BLOCK ? q : Math.min(q, CHUNK);
            int bases = q / chunk;
            w1r = new double[chunk];
            w1i = new double[chunk];
            w2r = new double[chunk];
            w2i = new double[chunk];
            w3r = new double[chunk];
            w3i = new double[chunk];
            for (int j = 0; j < chunk; j++) {
                w1r[j] = Math.cos(angle(j, logL));
                w1i[j] = -Math.sin(angle(j, logL));
                w2r[j] = Math.cos(angle(2L * j, logL));
                w2i[j] = -Math.sin(angle(2L * j, logL));
                w3r[j] = Math.cos(angle(3L * j, logL));
                w3i[j] = -Math.sin(angle(3L * j, logL));
            }
            b1r = new double[bases];
            b1i = new double[bases];
            b2r = new double[bases];
            b2i = new double[bases];
            b3r = new double[bases];
            b3i = new double[bases];
            for (int b = 0; b < bases; b++) {
                long j = (long) b * chunk;
                b1r[b] = Math.cos(angle(j, logL));
                b1i[b] = -Math.sin(angle(j, logL));
                b2r[b] = Math.cos(angle(2 * j, logL));
                b2i[b] = -Math.sin(angle(2 * j, logL));
                b3r[b] = Math.cos(angle(3 * j, logL));
                b3i[b] = -Math.sin(angle(3 * j, logL));
            }
        }
    }
}
