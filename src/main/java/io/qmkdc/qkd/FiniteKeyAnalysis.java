package io.qmkdc.qkd;

/**
 * Finite-key length of three-intensity decoy-state BB84 with biased bases: Lim, Curty, Walenta,
 * Xu, Zbinden, "Concise security bounds for practical decoy-state quantum key distribution",
 * PRA 89, 022307 (2014), arXiv:1311.7129, eqs. (1)–(5) and appendix A.
 *
 * <p>Basis naming: the key is drawn from the Z basis and the phase error is estimated from the
 * X basis (the published version names them the other way round; the formulas are the same with
 * X and Z swapped). Basis probabilities do not appear in the bounds: basis and intensity are
 * chosen independently, so only the intensity probabilities p_k enter p_{k|n} (eq. A3).
 *
 * <p>The security budget is split as in eq. (B4) with every term ε = ε_sec/21. Expected outcomes
 * (no single-photon events, phase error at or above 1/2, non-positive length) are a
 * {@link Result} with {@link Outcome}, never an exception.
 */
public final class FiniteKeyAnalysis {

    /** The number of equal error terms the secrecy parameter is split into (Lim et al. eq. B4). */
    public static final double SECRECY_TERMS = 21.0;

    private FiniteKeyAnalysis() {
    }

    /** One value per intensity: signal μ1, weak decoy μ2, vacuum-like decoy μ3. */
    public record PerIntensity(double mu1, double mu2, double mu3) {
        public PerIntensity {
            requireFiniteNonNegative("mu1", mu1);
            requireFiniteNonNegative("mu2", mu2);
            requireFiniteNonNegative("mu3", mu3);
        }

        public double sum() {
            return mu1 + mu2 + mu3;
        }
    }

    /**
     * Alice's intensity settings: intensities k and their probabilities p_k.
     *
     * @param intensities   mean photon numbers, with μ1 > μ2 + μ3 and μ2 > μ3 ≥ 0 (Lim et al. sec. II)
     * @param probabilities p_k, each in (0, 1), summing to 1
     */
    public record Source(PerIntensity intensities, PerIntensity probabilities) {
        public Source {
            double m1 = intensities.mu1(), m2 = intensities.mu2(), m3 = intensities.mu3();
            if (!(m2 > m3) || !(m1 > m2 + m3)) {
                throw new IllegalArgumentException("intensities must satisfy mu1 > mu2 + mu3 and mu2 > mu3 >= 0, were "
                        + m1 + ", " + m2 + ", " + m3);
            }
            for (double p : new double[] {probabilities.mu1(), probabilities.mu2(), probabilities.mu3()}) {
                if (!(p > 0 && p < 1)) {
                    throw new IllegalArgumentException("intensity probabilities must be in (0, 1), were " + probabilities);
                }
            }
            if (Math.abs(probabilities.sum() - 1.0) > 1e-9) {
                throw new IllegalArgumentException("intensity probabilities must sum to 1, sum was " + probabilities.sum());
            }
        }

        /** τ_n = Σ_k p_k e^{−k} k^n / n!, the probability that Alice sends n photons (Lim et al. eq. 2). */
        public double tau(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("photon number n must be >= 0, was " + n);
            }
            return poissonWeighted(probabilities.mu1(), intensities.mu1(), n)
                    + poissonWeighted(probabilities.mu2(), intensities.mu2(), n)
                    + poissonWeighted(probabilities.mu3(), intensities.mu3(), n);
        }

        private static double poissonWeighted(double p, double k, int n) {
            double term = p * Math.exp(-k);
            for (int i = 1; i <= n; i++) {
                term *= k / i;
            }
            return term;
        }
    }

    /**
     * Observed (or expected) statistics of one block.
     *
     * @param source   intensity settings
     * @param nZ       n_{Z,k}: detections with both bases Z, per intensity (the key basis)
     * @param nX       n_{X,k}: detections with both bases X, per intensity
     * @param mX       m_{X,k}: bit errors among the X detections, per intensity
     * @param lambdaEC λ_EC: bits revealed by error correction of the Z key
     * @param epsSec   ε_sec in (0, 1): secrecy parameter
     * @param epsCor   ε_cor in (0, 1): correctness parameter (error-verification hash)
     */
    public record Input(Source source, PerIntensity nZ, PerIntensity nX, PerIntensity mX,
                        double lambdaEC, double epsSec, double epsCor) {
        public Input {
            requireFiniteNonNegative("lambdaEC", lambdaEC);
            requireProbability("epsSec", epsSec);
            requireProbability("epsCor", epsCor);
        }
    }

    /** Why a block did or did not yield a key. */
    public enum Outcome {
        /** ℓ > 0. */
        KEY,
        /** The lower bound on single-photon events s_{Z,1} or s_{X,1} is not positive. */
        NO_SINGLE_PHOTON_EVENTS,
        /** The phase-error bound φ_Z reached 1/2: single photons carry no secrecy. */
        PHASE_ERROR_TOO_HIGH,
        /** All bounds are usable but the penalties exceed the secrecy: ℓ ≤ 0. */
        PENALTIES_EXCEED_SECRECY
    }

    /**
     * Every bound and penalty of eq. (1), so a report can show where the key went.
     *
     * @param sZ0             s_{Z,0}: lower bound on vacuum events in the key (eq. 2), clamped at 0
     * @param sZ1             s_{Z,1}: lower bound on single-photon events in the key (eq. 3)
     * @param sX0             s_{X,0}: same bound on the X detections
     * @param sX1             s_{X,1}: lower bound on single-photon events among the X detections
     * @param vX1             v_{X,1}: upper bound on bit errors of those single-photon events (eq. 4)
     * @param phaseErrorRate  φ_Z: upper bound on the key's single-photon phase error rate (eq. 5), NaN if undefined
     * @param gamma           γ: the sampling term inside φ_Z (eq. 5), NaN if undefined
     * @param phaseErrorCost  s_{Z,1} h(φ_Z), bits lost to the phase error
     * @param lambdaEC        λ_EC, bits revealed by error correction
     * @param secrecyCost     6 log2(21/ε_sec)
     * @param correctnessCost log2(2/ε_cor)
     * @param keyLengthBound  the argument of the floor in eq. (1); may be negative
     * @param keyLength       ℓ, the extractable key length in bits, 0 unless the outcome is KEY
     * @param outcome         why the key is, or is not, there
     */
    public record Result(double sZ0, double sZ1, double sX0, double sX1, double vX1,
                         double phaseErrorRate, double gamma, double phaseErrorCost,
                         double lambdaEC, double secrecyCost, double correctnessCost,
                         double keyLengthBound, long keyLength, Outcome outcome) {

        public boolean hasKey() {
            return outcome == Outcome.KEY;
        }
    }

    /** ℓ = ⌊s_{Z,0} + s_{Z,1}(1 − h(φ_Z)) − λ_EC − 6 log2(21/ε_sec) − log2(2/ε_cor)⌋ (Lim et al. eq. 1). */
    public static Result keyLength(Input in) {
        Source src = in.source();
        double eps = in.epsSec() / SECRECY_TERMS;
        double sZ0 = vacuumEventsLowerBound(src, in.nZ(), eps);
        double sZ1 = singlePhotonEventsLowerBound(src, in.nZ(), sZ0, eps);
        double sX0 = vacuumEventsLowerBound(src, in.nX(), eps);
        double sX1 = singlePhotonEventsLowerBound(src, in.nX(), sX0, eps);
        double vX1 = singlePhotonErrorsUpperBound(src, in.mX(), eps);
        double secrecyCost = 6 * log2(SECRECY_TERMS / in.epsSec());
        double correctnessCost = log2(2 / in.epsCor());
        double penalties = in.lambdaEC() + secrecyCost + correctnessCost;

        if (!(sZ1 > 0) || !(sX1 > 0)) {
            return new Result(sZ0, sZ1, sX0, sX1, vX1, Double.NaN, Double.NaN, 0, in.lambdaEC(),
                    secrecyCost, correctnessCost, sZ0 - penalties, 0, Outcome.NO_SINGLE_PHOTON_EVENTS);
        }
        double observed = vX1 / sX1;
        double gamma = gamma(in.epsSec(), observed, sZ1, sX1);
        double phi = observed + gamma;
        if (!(phi < 0.5)) {
            return new Result(sZ0, sZ1, sX0, sX1, vX1, phi, gamma, sZ1, in.lambdaEC(),
                    secrecyCost, correctnessCost, sZ0 - penalties, 0, Outcome.PHASE_ERROR_TOO_HIGH);
        }
        double phaseErrorCost = sZ1 * binaryEntropy(phi);
        double bound = sZ0 + sZ1 - phaseErrorCost - penalties;
        long length = bound >= 1 ? (long) Math.floor(bound) : 0;
        return new Result(sZ0, sZ1, sX0, sX1, vX1, phi, gamma, phaseErrorCost, in.lambdaEC(),
                secrecyCost, correctnessCost, bound, length,
                length > 0 ? Outcome.KEY : Outcome.PENALTIES_EXCEED_SECRECY);
    }

    /** δ(n, ε) = sqrt(n/2 · ln(1/ε)), Hoeffding's deviation for n events (Lim et al. eq. A1). */
    public static double hoeffdingDelta(double n, double eps) {
        requireFiniteNonNegative("n", n);
        requireProbability("eps", eps);
        return Math.sqrt(n / 2 * Math.log(1 / eps));
    }

    /** n^±_k = (e^k / p_k)(n_k ± δ(Σ n, ε)): Hoeffding-corrected count per intensity (Lim et al. eq. 2, A7–A8). */
    static double corrected(double count, double total, double k, double pk, double eps, int sign) {
        return Math.exp(k) / pk * (count + sign * hoeffdingDelta(total, eps));
    }

    /** s_0 ≥ τ_0 (μ2 n^-_{μ3} − μ3 n^+_{μ2}) / (μ2 − μ3), clamped at 0 (Lim et al. eq. 2). */
    static double vacuumEventsLowerBound(Source src, PerIntensity n, double eps) {
        PerIntensity mu = src.intensities(), p = src.probabilities();
        double total = n.sum();
        double nMinus3 = corrected(n.mu3(), total, mu.mu3(), p.mu3(), eps, -1);
        double nPlus2 = corrected(n.mu2(), total, mu.mu2(), p.mu2(), eps, +1);
        double s0 = src.tau(0) * (mu.mu2() * nMinus3 - mu.mu3() * nPlus2) / (mu.mu2() - mu.mu3());
        return Math.max(0, s0);
    }

    /**
     * s_1 ≥ τ_1 μ1 [n^-_{μ2} − n^+_{μ3} − (μ2² − μ3²)/μ1² (n^+_{μ1} − s_0/τ_0)] / (μ1(μ2 − μ3) − μ2² + μ3²)
     * (Lim et al. eq. 3).
     */
    static double singlePhotonEventsLowerBound(Source src, PerIntensity n, double s0, double eps) {
        PerIntensity mu = src.intensities(), p = src.probabilities();
        double m1 = mu.mu1(), m2 = mu.mu2(), m3 = mu.mu3();
        double total = n.sum();
        double nMinus2 = corrected(n.mu2(), total, m2, p.mu2(), eps, -1);
        double nPlus3 = corrected(n.mu3(), total, m3, p.mu3(), eps, +1);
        double nPlus1 = corrected(n.mu1(), total, m1, p.mu1(), eps, +1);
        double squares = m2 * m2 - m3 * m3;
        double bracket = nMinus2 - nPlus3 - squares / (m1 * m1) * (nPlus1 - s0 / src.tau(0));
        return src.tau(1) * m1 * bracket / (m1 * (m2 - m3) - squares);
    }

    /** v_1 ≤ τ_1 (m^+_{μ2} − m^-_{μ3}) / (μ2 − μ3), with m^± corrected by δ(Σ m, ε) (Lim et al. eq. 4). */
    static double singlePhotonErrorsUpperBound(Source src, PerIntensity m, double eps) {
        PerIntensity mu = src.intensities(), p = src.probabilities();
        double total = m.sum();
        double mPlus2 = corrected(m.mu2(), total, mu.mu2(), p.mu2(), eps, +1);
        double mMinus3 = corrected(m.mu3(), total, mu.mu3(), p.mu3(), eps, -1);
        return src.tau(1) * (mPlus2 - mMinus3) / (mu.mu2() - mu.mu3());
    }

    /**
     * γ(a, b, c, d) = sqrt((c+d)(1−b)b / (c d ln 2) · log2((c+d)/(c d (1−b) b) · 21²/a²)), the
     * random-sampling term of the phase error (Lim et al. eq. 5); 0 when b ∉ (0, 1) or the log is negative.
     */
    public static double gamma(double a, double b, double c, double d) {
        requireProbability("a", a);
        if (!(c > 0) || !(d > 0)) {
            throw new IllegalArgumentException("sample sizes c, d must be > 0, were " + c + ", " + d);
        }
        if (!(b > 0 && b < 1)) {
            return 0; // the factor (1−b)b vanishes faster than its log grows
        }
        double variance = (c + d) * (1 - b) * b / (c * d * Math.log(2));
        double log = log2((c + d) / (c * d * (1 - b) * b) * SECRECY_TERMS * SECRECY_TERMS / (a * a));
        return Math.sqrt(variance * Math.max(0, log));
    }

    /** h(x) = −x log2 x − (1−x) log2(1−x), the binary entropy (Lim et al. after eq. 1). */
    public static double binaryEntropy(double x) {
        if (x <= 0 || x >= 1) {
            return 0;
        }
        return -x * log2(x) - (1 - x) * log2(1 - x);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void requireFiniteNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
        }
    }

    private static void requireProbability(String name, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + v);
        }
    }
}
