package io.qmkdc.qkd;

/**
 * Length of the final key handed to privacy amplification (DESIGN §4 step 5), GLLP with decoy
 * bounds (Gottesman, Lo, Lütkenhaus, Preskill, QIC 4, 325 (2004); Lo, Ma, Chen, PRL 94, 230504 (2005))
 * plus the leftover-hash term of privacy amplification (Renner, PhD thesis (2005); Tomamichel et al.,
 * Nat. Commun. 3, 634 (2012)):
 * ℓ = ⌊ n1^L (1 − h2(e1^U)) − leak_EC − leak_verification − 2 log2(1/ε_PA) ⌋, ℓ ≥ 0,
 * with n1^L = n · Q1^L / Q_μ^U the single-photon share of the n kept signal bits.
 */
public final class KeyLength {
    private KeyLength() {
    }

    /**
     * Every term, for reports.
     *
     * @param keptBits             n, sifted signal bits after parameter estimation
     * @param singlePhotonBits     n1^L
     * @param e1Upper              e1^U
     * @param singlePhotonEntropy  n1^L (1 − h2(e1^U))
     * @param leakErrorCorrection  bits disclosed by error correction (actual)
     * @param leakVerification     bits disclosed by verification (tag length)
     * @param privacyAmplification 2 log2(1/ε_PA)
     * @param length               ℓ (≥ 0)
     * @param reason               why ℓ = 0, or "" when positive
     */
    public record Breakdown(long keptBits, double singlePhotonBits, double e1Upper, double singlePhotonEntropy,
            long leakErrorCorrection, long leakVerification, double privacyAmplification, long length, String reason) {
        public boolean positive() {
            return length > 0;
        }
    }

    /**
     * Finite-key length from the decoy bounds and the actual leakage.
     *
     * @param keptBits         n
     * @param bounds           decoy bounds of the same block
     * @param leakEc           bits leaked by error correction (Cascade's count)
     * @param leakVerification bits leaked by verification
     * @param epsilonPa        ε_PA of privacy amplification, in (0, 1)
     */
    public static Breakdown finite(long keptBits, DecoyAnalysis.Bounds bounds, long leakEc, long leakVerification,
            double epsilonPa) {
        if (keptBits < 0 || leakEc < 0 || leakVerification < 0) {
            throw new IllegalArgumentException("keptBits, leakEc, leakVerification must be >= 0, had "
                    + keptBits + ", " + leakEc + ", " + leakVerification);
        }
        EstimationMath.requireProbability("epsilonPa", epsilonPa);
        double pa = 2 * Math.log(1 / epsilonPa) / Math.log(2);
        double n1 = keptBits * bounds.singlePhotonFraction();
        double entropy = n1 * (1 - EstimationMath.h2(bounds.e1Upper()));
        double raw = Math.floor(entropy - leakEc - leakVerification - pa);
        long length = raw > 0 && bounds.positive() ? (long) raw : 0L;
        String reason;
        if (!bounds.positive()) {
            reason = "decoy bound Y1^L <= 0: no single-photon contribution proven";
        } else if (length == 0) {
            reason = String.format("single-photon entropy %.0f <= leakage %d + %d + PA %.1f",
                    entropy, leakEc, leakVerification, pa);
        } else {
            reason = "";
        }
        return new Breakdown(keptBits, n1, bounds.e1Upper(), entropy, leakEc, leakVerification, pa, length, reason);
    }

    /**
     * Asymptotic GLLP length (LMC 2005 eq. (1) per sifted bit): ℓ = n [Q1/Q_μ (1 − h2(e1)) − f h2(E_μ)],
     * no security-parameter terms; leak_EC = f n h2(E_μ).
     */
    public static Breakdown asymptotic(long keptBits, DecoyAnalysis.Bounds bounds, double qber, double f) {
        if (keptBits < 0 || !(f >= 1)) {
            throw new IllegalArgumentException("need keptBits >= 0 and f >= 1, had " + keptBits + ", " + f);
        }
        double n1 = keptBits * bounds.singlePhotonFraction();
        double entropy = n1 * (1 - EstimationMath.h2(bounds.e1Upper()));
        long leak = (long) Math.ceil(f * keptBits * EstimationMath.h2(qber));
        double raw = Math.floor(entropy - leak);
        long length = raw > 0 && bounds.positive() ? (long) raw : 0L;
        String reason = length > 0 ? "" : bounds.positive() ? "entropy below error-correction leakage"
                : "decoy bound Y1^L <= 0: no single-photon contribution proven";
        return new Breakdown(keptBits, n1, bounds.e1Upper(), entropy, leak, 0, 0.0, length, reason);
    }
}
