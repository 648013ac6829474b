package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;

/**
 * Decoy-state bounds on the single-photon yield and error rate: vacuum + weak decoy of
 * Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), eqs. (34) and (37), with optional finite-size
 * fluctuation ({@link Fluctuation}); and the infinite-decoy limit (Lo, Ma, Chen, PRL 94, 230504 (2005)).
 *
 * <p>Bounds are clamped to [0, 1]. A lower bound Y1^L ≤ 0 means the decoys prove no single-photon
 * contribution: {@link Bounds#positive()} is false, Q1^L = 0 and e1^U = 1, and no key may be drawn.
 */
public final class DecoyAnalysis {
    /** Error rate of a vacuum (dark-count) detection: its bit is random. */
    public static final double E0 = 0.5;

    private DecoyAnalysis() {
    }

    /**
     * Public statistics of one block, arrays indexed SIGNAL, DECOY, VACUUM.
     *
     * @param pulses      pulses sent per class
     * @param detections  clicks per class (before sifting)
     * @param sifted      sifted bits per class
     * @param decoyErrors errors among the disclosed sifted decoy bits
     * @param vacuumErrors errors among the disclosed sifted vacuum bits
     */
    public record Observation(long[] pulses, long[] detections, long[] sifted, long decoyErrors, long vacuumErrors) {
        public Observation {
            if (pulses.length != 3 || detections.length != 3 || sifted.length != 3) {
                throw new IllegalArgumentException("pulses, detections, sifted need SIGNAL, DECOY, VACUUM entries");
            }
            for (int c = 0; c < 3; c++) {
                if (pulses[c] < 0 || detections[c] < 0 || detections[c] > pulses[c] || sifted[c] > detections[c]
                        || sifted[c] < 0) {
                    throw new IllegalArgumentException("need 0 <= sifted <= detections <= pulses in class " + c);
                }
            }
            if (decoyErrors < 0 || decoyErrors > sifted[1] || vacuumErrors < 0 || vacuumErrors > sifted[2]) {
                throw new IllegalArgumentException("errors must be in [0, sifted] of their class");
            }
        }
    }

    /**
     * Decoy bounds for reports and the key length.
     *
     * @param gainSignal      Q_μ as observed (point value)
     * @param gainSignalUpper Q_μ^U used in the bounds
     * @param y0Lower         Y0^L
     * @param y0Upper         Y0^U
     * @param y1Lower         Y1^L (0 when the raw bound is ≤ 0)
     * @param e1Upper         e1^U (1 when no single-photon bound)
     * @param q1Lower         Q1^L = Y1^L μ e^{−μ}
     * @param positive        whether Y1^L &gt; 0
     */
    public record Bounds(double mu, double nu, double gainSignal, double gainSignalUpper, double y0Lower,
            double y0Upper, double y1Lower, double e1Upper, double q1Lower, boolean positive) {

        /** Lower bound on the fraction of signal detections due to single photons, Q1^L / Q_μ^U. */
        public double singlePhotonFraction() {
            return gainSignalUpper <= 0 ? 0.0 : Math.min(1.0, q1Lower / gainSignalUpper);
        }
    }

    /** Ma et al. 2005 eq. (34): Y1^L = μ/(μν−ν²) [Q_ν e^ν − Q_μ e^μ ν²/μ² − (μ²−ν²)/μ² Y0]. */
    public static double y1Lower(double mu, double nu, double gainSignal, double gainDecoy, double y0) {
        return mu / (mu * nu - nu * nu) * (gainDecoy * Math.exp(nu) - gainSignal * Math.exp(mu) * nu * nu / (mu * mu)
                - (mu * mu - nu * nu) / (mu * mu) * y0);
    }

    /** Ma et al. 2005 eq. (37): e1^U = (E_ν Q_ν e^ν − e0 Y0) / (Y1^L ν). */
    public static double e1Upper(double nu, double errorGainDecoy, double y0, double y1Lower) {
        return (errorGainDecoy * Math.exp(nu) - E0 * y0) / (y1Lower * nu);
    }

    /**
     * Vacuum + weak decoy bounds from expected (asymptotic) quantities; Ma et al. 2005 eqs. (34), (37).
     *
     * @param errorGainDecoy E_ν Q_ν
     */
    public static Bounds vacuumWeak(double mu, double nu, double gainSignal, double gainDecoy, double errorGainDecoy,
            double y0) {
        checkIntensities(mu, nu);
        return bounds(mu, nu, gainSignal, gainSignal, gainDecoy, errorGainDecoy, y0, y0);
    }

    /**
     * Vacuum + weak decoy bounds from a block's observed counts with finite-size fluctuation:
     * Q_μ^U, Q_ν^L, (E_νQ_ν)^U, Y0^U in Y1^L and Y0^L in e1^U, each from {@code fluctuation}
     * (Ma et al. 2005 sec. V). Without vacuum pulses Y0 ∈ [0, Q_ν e^ν] (Y0 e^{−ν} ≤ Q_ν).
     */
    public static Bounds vacuumWeak(double mu, double nu, Observation obs, Fluctuation fluctuation) {
        checkIntensities(mu, nu);
        long nMu = obs.pulses()[DetectionBatch.SIGNAL];
        long nNu = obs.pulses()[DetectionBatch.DECOY];
        long n0 = obs.pulses()[DetectionBatch.VACUUM];
        if (nMu == 0 || nNu == 0) {
            throw new IllegalArgumentException("vacuum+weak analysis needs signal and decoy pulses, had "
                    + nMu + " and " + nNu);
        }
        double dMu = obs.detections()[DetectionBatch.SIGNAL];
        double dNu = obs.detections()[DetectionBatch.DECOY];
        double qMu = dMu / nMu;
        double qMuU = fluctuation.upper(dMu, nMu) / nMu;
        double qNuL = fluctuation.lower(dNu, nNu) / nNu;
        double y0L;
        double y0U;
        if (n0 > 0) {
            double d0 = obs.detections()[DetectionBatch.VACUUM];
            y0L = fluctuation.lower(d0, n0) / n0;
            y0U = fluctuation.upper(d0, n0) / n0;
        } else {
            y0L = 0.0;
            y0U = Math.min(1.0, fluctuation.upper(dNu, nNu) / nNu * Math.exp(nu));
        }
        long siftedNu = obs.sifted()[DetectionBatch.DECOY];
        double eqNuU;
        if (siftedNu == 0) {
            eqNuU = Double.POSITIVE_INFINITY;
        } else {
            // Sifted decoy errors are Bernoulli events over the decoy pulses at rate q E_ν Q_ν, q = sifted/detections.
            double siftFraction = siftedNu / dNu;
            eqNuU = fluctuation.upper(obs.decoyErrors(), nNu) / nNu / siftFraction;
        }
        Bounds b = bounds(mu, nu, qMuU, qMuU, qNuL, eqNuU, y0U, y0L);
        return new Bounds(mu, nu, qMu, qMuU, b.y0Lower(), b.y0Upper(), b.y1Lower(), b.e1Upper(), b.q1Lower(),
                b.positive());
    }

    /**
     * Infinite decoy states: the true Y1 = 1 − (1−Y0)(1−η) and e1 = (e0 Y0 + e_d η)/Y1
     * (Lo, Ma, Chen, PRL 94, 230504 (2005); ≈ Y0 + η for small Y0 η).
     */
    public static Bounds infinite(double mu, double y0, double eta, double misalignment) {
        double y1 = 1 - (1 - y0) * (1 - eta);
        double e1 = (E0 * y0 + misalignment * eta) / y1;
        double gain = 1 - (1 - y0) * Math.exp(-eta * mu);
        return new Bounds(mu, 0.0, gain, gain, y0, y0, y1, e1, y1 * mu * Math.exp(-mu), y1 > 0);
    }

    private static Bounds bounds(double mu, double nu, double gainSignal, double gainSignalUpper, double gainDecoyLower,
            double errorGainDecoyUpper, double y0ForY1, double y0ForE1) {
        double y1 = y1Lower(mu, nu, gainSignalUpper, gainDecoyLower, y0ForY1);
        if (!(y1 > 0)) {
            return new Bounds(mu, nu, gainSignal, gainSignalUpper, y0ForE1, y0ForY1, 0.0, 1.0, 0.0, false);
        }
        y1 = Math.min(1.0, y1);
        double e1 = EstimationMath.clamp01(e1Upper(nu, errorGainDecoyUpper, y0ForE1, y1));
        double q1 = Math.min(gainSignalUpper, y1 * mu * Math.exp(-mu));
        return new Bounds(mu, nu, gainSignal, gainSignalUpper, y0ForE1, y0ForY1, y1, e1, q1, true);
    }

    private static void checkIntensities(double mu, double nu) {
        if (!(nu > 0 && mu > nu)) {
            throw new IllegalArgumentException("need 0 < ν < μ, had μ = " + mu + ", ν = " + nu);
        }
    }
}
