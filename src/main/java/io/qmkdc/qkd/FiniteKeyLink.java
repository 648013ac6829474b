package io.qmkdc.qkd;

import io.qmkdc.optics.LinkProfile;

/**
 * The finite-key variant of the link's key length (Lim et al., PRA 89, 022307 (2014), eq. 1): the
 * Z-basis sifted bits of all intensities form the key, the X-basis ones are disclosed and give
 * n_{X,k} and m_{X,k}; λ_EC is what Cascade and verification actually leaked.
 */
final class FiniteKeyLink {
    /** ε_sec and ε_cor of the finite-key statement. */
    static final double EPS_SEC = 1e-10;
    static final double EPS_COR = 1e-15;

    /** The public statistics and the Z key of a run, split by basis. */
    record Split(BitVector aliceKey, BitVector bobKey, FiniteKeyAnalysis.PerIntensity nZ,
            FiniteKeyAnalysis.PerIntensity nX, FiniteKeyAnalysis.PerIntensity mX) {
        /** X-basis error rate: the disclosed estimate of the QBER. */
        double phaseQber() {
            double n = nX.sum();
            return n == 0 ? Double.NaN : mX.sum() / n;
        }
    }

    private FiniteKeyLink() {
    }

    static Split split(SiftedKey z, SiftedKey x) {
        int total = 0;
        for (int k = 0; k < 3; k++) {
            total += z.sifted(k);
        }
        BitVector alice = new BitVector(total);
        BitVector bob = new BitVector(total);
        int at = 0;
        for (int k = 0; k < 3; k++) {
            BlockReconciliation.copyInto(alice, at, z.aliceKey(k));
            BlockReconciliation.copyInto(bob, at, z.bobKey(k));
            at += z.sifted(k);
        }
        double[] m = new double[3];
        for (int k = 0; k < 3; k++) {
            m[k] = x.aliceKey(k).hammingDistance(x.bobKey(k));
        }
        return new Split(alice, bob,
                new FiniteKeyAnalysis.PerIntensity(z.sifted(0), z.sifted(1), z.sifted(2)),
                new FiniteKeyAnalysis.PerIntensity(x.sifted(0), x.sifted(1), x.sifted(2)),
                new FiniteKeyAnalysis.PerIntensity(m[0], m[1], m[2]));
    }

    /** Lim et al.'s key length for this run's counts and leakage. */
    static FiniteKeyAnalysis.Result keyLength(LinkProfile p, Split s, long leaked) {
        FiniteKeyAnalysis.Source source = new FiniteKeyAnalysis.Source(
                new FiniteKeyAnalysis.PerIntensity(p.signalMu(), p.decoyNu(), 0.0),
                new FiniteKeyAnalysis.PerIntensity(p.signalProbability(), p.decoyProbability(), p.vacuumProbability()));
        return FiniteKeyAnalysis.keyLength(new FiniteKeyAnalysis.Input(source, s.nZ(), s.nX(), s.mX(), leaked,
                EPS_SEC, EPS_COR));
    }
}
