package io.qmkdc.qkd;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ToeplitzNtt}'s butterflies a vector of ints at a time: the same residues as
 * {@link NttField}'s scalar forms. The Vector API has no high half of a 32×32 product, so Shoup's
 * quotient is taken in the even and the odd int lanes seen as 64-bit lanes.
 */
final class NttVectorKernels {
    static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    private static final int P = NttField.P;
    private static final long LOW = 0xffffffffL;
    private static final long HIGH = 0xffffffff00000000L;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    /** {@code p^{−1} mod 2^32}. */
    private static final int P_INV = -2013265919;
    private static final IntVector PV = IntVector.broadcast(S, P);

    /**
     * The levels inside one vector, {@code h = 2^i < LANES} ({@code i < 4}: 4 to 16 lanes): partner lanes,
     * upper lanes, twiddles per lane; fields, not arrays, so that the compiler sees constants.
     */
    private static final int LOG_LANES = Integer.numberOfTrailingZeros(LANES);
    private static final VectorShuffle<Integer> SWAP0 = swap(0), SWAP1 = swap(1), SWAP2 = swap(2), SWAP3 = swap(3);
    private static final IntVector UP0 = upper(0), UP1 = upper(1), UP2 = upper(2), UP3 = upper(3);
    private static final IntVector TW0 = twiddles(0, 0), TW1 = twiddles(1, 0), TW2 = twiddles(2, 0),
            TW3 = twiddles(3, 0);
    private static final IntVector TWS0 = twiddles(0, 1), TWS1 = twiddles(1, 1), TWS2 = twiddles(2, 1),
            TWS3 = twiddles(3, 1);

    private static VectorShuffle<Integer> swap(int i) {
        return VectorShuffle.fromOp(S, j -> (j ^ (1 << i)) & (LANES - 1));
    }

    /** All ones in the lanes whose bit {@code i} is set, zero elsewhere. */
    private static IntVector upper(int i) {
        int[] up = new int[LANES];
        for (int j = 0; j < LANES; j++) {
            up[j] = (j & (1 << i)) != 0 ? -1 : 0;
        }
        return IntVector.fromArray(S, up, 0);
    }

    /** Lane {@code j}: {@code w_{2h}^{j mod h}} ({@code part} 0) or its Shoup companion ({@code part} 1). */
    private static IntVector twiddles(int i, int part) {
        int h = 1 << i;
        int[][][] t = NttField.tables(i + 1);
        int[] w = new int[LANES];
        for (int j = 0; j < LANES; j++) {
            w[j] = t[part][i + 1][j & (h - 1)];
        }
        return IntVector.fromArray(S, w, 0);
    }

    /** A loop of vector operations, compiled on its own (see {@link #call}). */
    private interface Kernel {
        void run(int[] a, int at, int h, int[] w, int[] ws, int e, int count);
    }

    private static final Kernel DIF = NttVectorKernels::difLoop;
    private static final Kernel DIT = NttVectorKernels::ditLoop;
    private static final Kernel[] DIF_TAIL = {
        (a, at, h, w, ws, e, n) -> difTail0(a, at, n), (a, at, h, w, ws, e, n) -> difTail1(a, at, n),
        (a, at, h, w, ws, e, n) -> difTail2(a, at, n), (a, at, h, w, ws, e, n) -> difTail3(a, at, n)};
    private static final Kernel[] DIT_TAIL = {
        (a, at, h, w, ws, e, n) -> ditTail0(a, at, n), (a, at, h, w, ws, e, n) -> ditTail1(a, at, n),
        (a, at, h, w, ws, e, n) -> ditTail2(a, at, n), (a, at, h, w, ws, e, n) -> ditTail3(a, at, n)};

    /**
     * Every kernel is called from here: the call site sees many receivers, so C2 does not inline the kernels
     * into the transforms; inlined, they exceed its node budget and their vectors are boxed (≈20× slower).
     */
    private static void call(Kernel k, int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        k.run(a, at, h, w, ws, e, count);
    }

    /** Decimation-in-frequency butterflies {@code i = at + j}, {@code j ∈ [0, count)}, partner {@code i + h}, twiddles from {@code e}. */
    static void dif(int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        call(DIF, a, at, h, w, ws, e, count);
    }

    /** Decimation-in-time butterflies, the mirror of {@link #dif} (same twiddles). */
    static void dit(int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        call(DIT, a, at, h, w, ws, e, count);
    }

    /**
     * The DIF levels {@code h < LANES} of {@code a[off, off+len)}, in vectors: lane {@code j} with bit {@code h}
     * clear takes {@code x + y}, its partner {@code (x − y)·w}; one loop per level (one loop doing them all
     * is again too large for C2).
     */
    static void difTail(int[] a, int off, int len) {
        for (int l = LOG_LANES - 1; l >= 0; l--) {
            call(DIF_TAIL[l], a, off, 0, null, null, 0, len);
        }
    }

    /** The DIT levels {@code h < LANES}, mirror of {@link #difTail}: {@code t = y·w}, then {@code x ± t}. */
    static void ditTail(int[] a, int off, int len) {
        for (int l = 0; l < LOG_LANES; l++) {
            call(DIT_TAIL[l], a, off, 0, null, null, 0, len);
        }
    }

    private static void difTail0(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            difStep(IntVector.fromArray(S, a, i), SWAP0, UP0, TW0, TWS0).intoArray(a, i);
        }
    }

    private static void ditTail0(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            ditStep(IntVector.fromArray(S, a, i), SWAP0, UP0, TW0, TWS0).intoArray(a, i);
        }
    }

    private static void difTail1(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            difStep(IntVector.fromArray(S, a, i), SWAP1, UP1, TW1, TWS1).intoArray(a, i);
        }
    }

    private static void ditTail1(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            ditStep(IntVector.fromArray(S, a, i), SWAP1, UP1, TW1, TWS1).intoArray(a, i);
        }
    }

    private static void difTail2(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            difStep(IntVector.fromArray(S, a, i), SWAP2, UP2, TW2, TWS2).intoArray(a, i);
        }
    }

    private static void ditTail2(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            ditStep(IntVector.fromArray(S, a, i), SWAP2, UP2, TW2, TWS2).intoArray(a, i);
        }
    }

    private static void difTail3(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            difStep(IntVector.fromArray(S, a, i), SWAP3, UP3, TW3, TWS3).intoArray(a, i);
        }
    }

    private static void ditTail3(int[] a, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            ditStep(IntVector.fromArray(S, a, i), SWAP3, UP3, TW3, TWS3).intoArray(a, i);
        }
    }

    private static IntVector difStep(IntVector v, VectorShuffle<Integer> swap, IntVector up, IntVector w,
                                     IntVector ws) {
        IntVector o = v.rearrange(swap);
        IntVector s = v.add(o).sub(P);
        s = lift(s);
        IntVector d = mul(o.sub(v).add(P), w, ws);
        return s.add(d.sub(s).and(up));
    }

    private static IntVector ditStep(IntVector v, VectorShuffle<Integer> swap, IntVector up, IntVector w,
                                     IntVector ws) {
        IntVector t = mul(v, w, ws);
        IntVector s = v.add(t.rearrange(swap)).sub(P);
        s = lift(s);
        IntVector d = v.rearrange(swap).sub(t);
        d = lift(d);
        return s.add(d.sub(s).and(up));
    }

    private NttVectorKernels() {
    }

    /** Per lane, {@code t + p} where {@code t < 0}: {@code [−p, p) → [0, p)}. */
    private static IntVector lift(IntVector t) {
        return t.add(PV, t.compare(VectorOperators.LT, 0));
    }

    /** Per lane, the high 32 bits of the product of two unsigned 32-bit values. */
    private static IntVector mulHigh(IntVector a, IntVector b) {
        LongVector al = (LongVector) a.reinterpretShape(LS, 0);
        LongVector bl = (LongVector) b.reinterpretShape(LS, 0);
        LongVector even = al.and(LOW).mul(bl.and(LOW)).lanewise(VectorOperators.LSHR, 32);
        LongVector odd = al.lanewise(VectorOperators.LSHR, 32).mul(bl.lanewise(VectorOperators.LSHR, 32)).and(HIGH);
        return (IntVector) even.or(odd).reinterpretShape(S, 0);
    }

    /**
     * {@code x[i] ← x[i]·s[i]·inv mod p}: Montgomery's reduction of {@code x·s} gives {@code x·s/2^32}, then a
     * Shoup product by {@code inv·2^32}.
     */
    static void pointwise(int[] x, int[] s, int from, int to, int inv) {
        int k = (int) ((inv * (1L << 32)) % P);
        IntVector kv = IntVector.broadcast(S, k);
        IntVector ks = IntVector.broadcast(S, NttField.shoup(k));
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            IntVector a = IntVector.fromArray(S, x, i);
            IntVector b = IntVector.fromArray(S, s, i);
            IntVector m = a.mul(b).mul(P_INV);
            IntVector t = mulHigh(a, b).sub(mulHigh(m, PV));
            t = lift(t);
            mul(t, kv, ks).intoArray(x, i);
        }
        int invS = NttField.shoup(inv);
        for (; i < to; i++) {
            x[i] = NttField.mul(NttField.mulFull(x[i], s[i]), inv, invS);
        }
    }

    /** Per lane, {@link NttField#mul}: {@code a·w mod p}, {@code a < 2^32} unsigned. */
    static IntVector mul(IntVector a, IntVector w, IntVector ws) {
        IntVector q = mulHigh(a, ws);
        IntVector t = a.mul(w).sub(q.mul(P)).sub(P);
        return lift(t);
    }

    private static void difLoop(int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        for (int j = 0; j < count; j += LANES) {
            IntVector x = IntVector.fromArray(S, a, at + j);
            IntVector y = IntVector.fromArray(S, a, at + j + h);
            IntVector s = x.add(y).sub(P);
            lift(s).intoArray(a, at + j);
            IntVector d = x.sub(y).add(P);
            mul(d, IntVector.fromArray(S, w, e + j), IntVector.fromArray(S, ws, e + j)).intoArray(a, at + j + h);
        }
    }

    private static void ditLoop(int[] a, int at, int h, int[] w, int[] ws, int e, int count) {
        for (int j = 0; j < count; j += LANES) {
            IntVector x = IntVector.fromArray(S, a, at + j);
            IntVector y = mul(IntVector.fromArray(S, a, at + j + h), IntVector.fromArray(S, w, e + j),
                    IntVector.fromArray(S, ws, e + j));
            IntVector s = x.add(y).sub(P);
            lift(s).intoArray(a, at + j);
            IntVector d = x.sub(y);
            lift(d).intoArray(a, at + j + h);
        }
    }
}
