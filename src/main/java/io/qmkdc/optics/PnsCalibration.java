package io.qmkdc.optics;

/**
 * How a photon-number-splitting Eve keeps Bob's signal gain equal to the honest one at a given
 * distance (Brassard, Lütkenhaus, Mor, Sanders, PRL 85, 1330 (2000)). She forwards n − 1 photons of
 * each n ≥ 2 pulse and unblocked single photons over a lossless line (only η_det applies). Her
 * signal gain Q(β, a) = Σ_n P(n|μ) Y_n with Y_0 = Y0, Y_1 = β Y0 + (1 − β)(1 − (1 − Y0)(1 − η_det)),
 * Y_n = 1 − (1 − Y0)(1 − a η_det)^{n−1} is matched to the honest Q_μ:
 * first by blocking a fraction β of single-photon pulses (a = 1; linear in β); if even β = 1 is
 * not enough (long links: for GYS beyond about 34 km), she also attenuates multi-photon pulses by
 * a ∈ (0, 1] (found by bisection). On very short links (t close to 1, GYS below about 4 km) even
 * β = 0 leaves her gain below honest, since she keeps one photon; then β = 0, a = 1 and the
 * signal gain is lower than honest ({@link #matchesHonestGain()} is false).
 *
 * @param blockedSingleFraction   β, fraction of single-photon pulses Eve blocks
 * @param multiPhotonAttenuation  a, extra transmittance Eve applies to forwarded multi-photon pulses
 * @param matchesHonestGain       whether the signal gain equals the honest signal gain
 */
public record PnsCalibration(double blockedSingleFraction, double multiPhotonAttenuation, boolean matchesHonestGain) {

    /** The calibration for the profile's signal intensity at {@code distanceKm}. */
    public static PnsCalibration of(LinkProfile profile, double distanceKm) {
        double mu = profile.signalMu();
        double y0 = profile.darkCountProbability();
        double eta = profile.detectorEfficiency();
        double target = DetectorModel.honestGain(mu, profile.overallTransmittance(distanceKm), y0);
        double[] pmf = PoissonSource.truncatedPmf(mu);
        double p1 = pmf.length > 1 ? pmf[1] : 0;
        double y1Forwarded = DetectorModel.honestYield(1, eta, y0);
        double open = gain(pmf, y0, eta, 0.0, 1.0);
        if (open <= target) {
            return new PnsCalibration(0.0, 1.0, open == target);
        }
        double beta = (open - target) / (p1 * (y1Forwarded - y0));
        if (beta <= 1) {
            return new PnsCalibration(beta, 1.0, true);
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200 && hi - lo > 1e-17; i++) {
            double mid = 0.5 * (lo + hi);
            if (gain(pmf, y0, eta, 1.0, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new PnsCalibration(1.0, 0.5 * (lo + hi), true);
    }

    private static double gain(double[] pmf, double y0, double eta, double beta, double attenuation) {
        double q = pmf[0] * y0;
        if (pmf.length > 1) {
            q += pmf[1] * (beta * y0 + (1 - beta) * DetectorModel.honestYield(1, eta, y0));
        }
        for (int n = 2; n < pmf.length; n++) {
            q += pmf[n] * DetectorModel.honestYield(n - 1, eta * attenuation, y0);
        }
        return q;
    }
}
