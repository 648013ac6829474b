package io.qmkdc.qkd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** SIMD forms of ToeplitzFft's radix-4 passes: the same operations per lane, so the same doubles. */
final class FftVectorKernels {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = S.length();

    private static final VectorShuffle<Double> REVERSE = VectorShuffle.fromOp(S, l -> LANES - 1 - l);

    private FftVectorKernels() {
    }

    /** Gather offsets into the plan's hi twiddles for lanes p..p+L−1 (p a multiple of L): rev(l) at bit logM − log2 L − loBits. */
    static int[] hiGather(int logM, int loBits) {
        int laneBits = Integer.numberOfTrailingZeros(LANES);
        int[] map = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            map[l] = (Integer.reverse(l) >>> (32 - laneBits)) << (logM - laneBits - loBits);
        }
        return map;
    }

    /**
     * ToeplitzFft.pairProduct for p, p+1, …, p+L−1 (mirrors {@code ppLow + L − 1} down to {@code ppLow}),
     * {@code k} the twiddle index of {@code p}; same operations per lane as the scalar form.
     */
    static void pairProducts(ToeplitzFft.Plan plan, double[] xr, double[] xi, double[] sr, double[] si,
                             int p, int ppLow, int k) {
        int hiIdx = k >>> plan.loBits;
        int loIdx = k & ((1 << plan.loBits) - 1);
        DoubleVector hr = DoubleVector.fromArray(S, plan.hiRe, hiIdx, plan.hiGather, 0);
        DoubleVector hi = DoubleVector.fromArray(S, plan.hiIm, hiIdx, plan.hiGather, 0);
        double lr = plan.loRe[loIdx], li = plan.loIm[loIdx];
        DoubleVector wr = hr.mul(lr).sub(hi.mul(li));
        DoubleVector wi = hr.mul(li).add(hi.mul(lr));

        DoubleVector ar = DoubleVector.fromArray(S, xr, p), ai = DoubleVector.fromArray(S, xi, p);
        DoubleVector br = DoubleVector.fromArray(S, xr, ppLow).rearrange(REVERSE);
        DoubleVector bi = DoubleVector.fromArray(S, xi, ppLow).rearrange(REVERSE);
        DoubleVector er = ar.add(br), ei = ai.sub(bi);
        DoubleVector or = ai.add(bi), oi = br.sub(ar);
        DoubleVector tr = wr.mul(or).sub(wi.mul(oi)), ti = wr.mul(oi).add(wi.mul(or));
        DoubleVector x1r = er.add(tr), x1i = ei.add(ti);
        DoubleVector x2r = er.sub(tr), x2i = ei.sub(ti).neg();
        ar = DoubleVector.fromArray(S, sr, p);
        ai = DoubleVector.fromArray(S, si, p);
        br = DoubleVector.fromArray(S, sr, ppLow).rearrange(REVERSE);
        bi = DoubleVector.fromArray(S, si, ppLow).rearrange(REVERSE);
        er = ar.add(br);
        ei = ai.sub(bi);
        or = ai.add(bi);
        oi = br.sub(ar);
        tr = wr.mul(or).sub(wi.mul(oi));
        ti = wr.mul(oi).add(wi.mul(or));
        DoubleVector s1r = er.add(tr), s1i = ei.add(ti);
        DoubleVector s2r = er.sub(tr), s2i = ei.sub(ti).neg();
        DoubleVector p1r = x1r.mul(s1r).sub(x1i.mul(s1i)), p1i = x1r.mul(s1i).add(x1i.mul(s1r));
        DoubleVector p2r = x2r.mul(s2r).sub(x2i.mul(s2i)), p2i = x2r.mul(s2i).add(x2i.mul(s2r));
        DoubleVector ecr = p1r.add(p2r), eci = p1i.sub(p2i);
        DoubleVector dr = p1r.sub(p2r), di = p1i.add(p2i);
        DoubleVector ocr = dr.mul(wr).add(di.mul(wi)), oci = di.mul(wr).sub(dr.mul(wi));
        ecr.add(oci).rearrange(REVERSE).intoArray(xr, ppLow);
        eci.neg().add(ocr).rearrange(REVERSE).intoArray(xi, ppLow);
        ecr.sub(oci).intoArray(xr, p);
        eci.add(ocr).intoArray(xi, p);
    }

    /** Forward butterflies j in [from,to) (multiples of LANES) at base i0 = off + j, twiddles tw*[j - tOff] times base b. */
    static void forward(double[] re, double[] im, int off, int q, int from, int to, int tOff,
                        double[] w1r, double[] w1i, double[] w2r, double[] w2i, double[] w3r, double[] w3i,
                        boolean based, double b1r, double b1i, double b2r, double b2i, double b3r, double b3i) {
        for (int j = from; j < to; j += LANES) {
            int i0 = off + j, i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
            int t = j - tOff;
            DoubleVector x1r = DoubleVector.fromArray(S, w1r, t), x1i = DoubleVector.fromArray(S, w1i, t);
            DoubleVector x2r = DoubleVector.fromArray(S, w2r, t), x2i = DoubleVector.fromArray(S, w2i, t);
            DoubleVector x3r = DoubleVector.fromArray(S, w3r, t), x3i = DoubleVector.fromArray(S, w3i, t);
            DoubleVector v1r, v1i, v2r, v2i, v3r, v3i;
            if (based) {
                v1r = x1r.mul(b1r).sub(x1i.mul(b1i)); v1i = x1i.mul(b1r).add(x1r.mul(b1i));
                v2r = x2r.mul(b2r).sub(x2i.mul(b2i)); v2i = x2i.mul(b2r).add(x2r.mul(b2i));
                v3r = x3r.mul(b3r).sub(x3i.mul(b3i)); v3i = x3i.mul(b3r).add(x3r.mul(b3i));
            } else {
                v1r = x1r; v1i = x1i; v2r = x2r; v2i = x2i; v3r = x3r; v3i = x3i;
            }
            DoubleVector a0r = DoubleVector.fromArray(S, re, i0), a0i = DoubleVector.fromArray(S, im, i0);
            DoubleVector a1r = DoubleVector.fromArray(S, re, i1), a1i = DoubleVector.fromArray(S, im, i1);
            DoubleVector a2r = DoubleVector.fromArray(S, re, i2), a2i = DoubleVector.fromArray(S, im, i2);
            DoubleVector a3r = DoubleVector.fromArray(S, re, i3), a3i = DoubleVector.fromArray(S, im, i3);
            DoubleVector t0r = a0r.add(a2r), t0i = a0i.add(a2i), t1r = a0r.sub(a2r), t1i = a0i.sub(a2i);
            DoubleVector t2r = a1r.add(a3r), t2i = a1i.add(a3i), t3r = a1r.sub(a3r), t3i = a1i.sub(a3i);
            t0r.add(t2r).intoArray(re, i0);
            t0i.add(t2i).intoArray(im, i0);
            DoubleVector ur = t0r.sub(t2r), ui = t0i.sub(t2i);
            ur.mul(v2r).sub(ui.mul(v2i)).intoArray(re, i1);
            ur.mul(v2i).add(ui.mul(v2r)).intoArray(im, i1);
            ur = t1r.add(t3i);
            ui = t1i.sub(t3r);
            ur.mul(v1r).sub(ui.mul(v1i)).intoArray(re, i2);
            ur.mul(v1i).add(ui.mul(v1r)).intoArray(im, i2);
            ur = t1r.sub(t3i);
            ui = t1i.add(t3r);
            ur.mul(v3r).sub(ui.mul(v3i)).intoArray(re, i3);
            ur.mul(v3i).add(ui.mul(v3r)).intoArray(im, i3);
        }
    }

    static void inverse(double[] re, double[] im, int off, int q, int from, int to, int tOff,
                        double[] w1r, double[] w1i, double[] w2r, double[] w2i, double[] w3r, double[] w3i,
                        boolean based, double b1r, double b1i, double b2r, double b2i, double b3r, double b3i) {
        for (int j = from; j < to; j += LANES) {
            int i0 = off + j, i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
            int t = j - tOff;
            DoubleVector x1r = DoubleVector.fromArray(S, w1r, t), x1i = DoubleVector.fromArray(S, w1i, t);
            DoubleVector x2r = DoubleVector.fromArray(S, w2r, t), x2i = DoubleVector.fromArray(S, w2i, t);
            DoubleVector x3r = DoubleVector.fromArray(S, w3r, t), x3i = DoubleVector.fromArray(S, w3i, t);
            DoubleVector v1r, v1i, v2r, v2i, v3r, v3i;
            if (based) {
                v1r = x1r.mul(b1r).sub(x1i.mul(b1i)); v1i = x1i.mul(b1r).add(x1r.mul(b1i));
                v2r = x2r.mul(b2r).sub(x2i.mul(b2i)); v2i = x2i.mul(b2r).add(x2r.mul(b2i));
                v3r = x3r.mul(b3r).sub(x3i.mul(b3i)); v3i = x3i.mul(b3r).add(x3r.mul(b3i));
            } else {
                v1r = x1r; v1i = x1i; v2r = x2r; v2i = x2i; v3r = x3r; v3i = x3i;
            }
            DoubleVector pr = DoubleVector.fromArray(S, re, i0), pi = DoubleVector.fromArray(S, im, i0);
            DoubleVector yr = DoubleVector.fromArray(S, re, i1), yi = DoubleVector.fromArray(S, im, i1);
            DoubleVector qr = yr.mul(v2r).add(yi.mul(v2i)), qi = yi.mul(v2r).sub(yr.mul(v2i));
            yr = DoubleVector.fromArray(S, re, i2);
            yi = DoubleVector.fromArray(S, im, i2);
            DoubleVector rr = yr.mul(v1r).add(yi.mul(v1i)), ri = yi.mul(v1r).sub(yr.mul(v1i));
            yr = DoubleVector.fromArray(S, re, i3);
            yi = DoubleVector.fromArray(S, im, i3);
            DoubleVector sr = yr.mul(v3r).add(yi.mul(v3i)), si = yi.mul(v3r).sub(yr.mul(v3i));
            DoubleVector ar = pr.add(qr), ai = pi.add(qi), br = pr.sub(qr), bi = pi.sub(qi);
            DoubleVector cr = rr.add(sr), ci = ri.add(si);
            DoubleVector dr = ri.sub(si).neg(), di = rr.sub(sr);
            ar.add(cr).intoArray(re, i0);
            ai.add(ci).intoArray(im, i0);
            ar.sub(cr).intoArray(re, i2);
            ai.sub(ci).intoArray(im, i2);
            br.add(dr).intoArray(re, i1);
            bi.add(di).intoArray(im, i1);
            br.sub(dr).intoArray(re, i3);
            bi.sub(di).intoArray(im, i3);
        }
    }
}
