package io.qmkdc.optics;

/**
 * Everything that describes one emulated QKD link apart from its length: fiber, detector,
 * source intensities and the protocol's constants. Loaded from {@code conf/profiles/*.conf}
 * (see {@code io.qmkdc.cli.Profiles}); the {@code gys} profile is Gobby, Yuan, Shields,
 * APL 84, 3762 (2004), as used by Lo, Ma, Chen, PRL 94, 230504 (2005).
 *
 * @param name                      profile name, for reports
 * @param fiberLossDbPerKm          α, fiber attenuation in dB/km
 * @param detectorEfficiency        η_det, receiver efficiency including its optics
 * @param darkCountProbability      Y0, probability of a click per gate with no photon (whole receiver)
 * @param misalignmentError         e_d, probability that a detected photon lands in the wrong detector
 * @param errorCorrectionEfficiency f, the analytic model's leakage factor over the Shannon limit
 * @param basisSiftingFactor        q, fraction of detections kept by sifting (1/2 for BB84 with random bases)
 * @param wavelengthNm              source wavelength, for reports
 * @param repetitionRateHz          source clock; turns per-pulse figures into bits per second
 * @param signalMu                  μ, signal mean photon number; NaN asks the analytic model to optimise it
 * @param decoyNu                   ν, weak decoy mean photon number
 * @param signalProbability         fraction of pulses sent at μ
 * @param decoyProbability          fraction of pulses sent at ν (the rest are vacuum)
 * @param qberThreshold             P_o: a link aborts when its QBER (upper bound) reaches it (paper eq. 4)
 */
public record LinkProfile(
        String name,
        double fiberLossDbPerKm,
        double detectorEfficiency,
        double darkCountProbability,
        double misalignmentError,
        double errorCorrectionEfficiency,
        double basisSiftingFactor,
        double wavelengthNm,
        double repetitionRateHz,
        double signalMu,
        double decoyNu,
        double signalProbability,
        double decoyProbability,
        double qberThreshold) {

    /** Probability that a pulse is a vacuum decoy. */
    public double vacuumProbability() {
        return Math.max(0.0, 1.0 - signalProbability - decoyProbability);
    }

    /** Channel transmittance t = 10^(-α L / 10) of {@code distanceKm} of fiber. */
    public double fiberTransmittance(double distanceKm) {
        return Math.pow(10.0, -fiberLossDbPerKm * distanceKm / 10.0);
    }

    /** Overall transmittance η = t · η_det seen by one photon. */
    public double overallTransmittance(double distanceKm) {
        return fiberTransmittance(distanceKm) * detectorEfficiency;
    }

    public LinkProfile withSignalMu(double mu) {
        return new LinkProfile(name, fiberLossDbPerKm, detectorEfficiency, darkCountProbability, misalignmentError,
                errorCorrectionEfficiency, basisSiftingFactor, wavelengthNm, repetitionRateHz, mu, decoyNu,
                signalProbability, decoyProbability, qberThreshold);
    }

    public LinkProfile withDecoyNu(double nu) {
        return new LinkProfile(name, fiberLossDbPerKm, detectorEfficiency, darkCountProbability, misalignmentError,
                errorCorrectionEfficiency, basisSiftingFactor, wavelengthNm, repetitionRateHz, signalMu, nu,
                signalProbability, decoyProbability, qberThreshold);
    }

    public LinkProfile withErrorCorrectionEfficiency(double f) {
        return new LinkProfile(name, fiberLossDbPerKm, detectorEfficiency, darkCountProbability, misalignmentError,
                f, basisSiftingFactor, wavelengthNm, repetitionRateHz, signalMu, decoyNu,
                signalProbability, decoyProbability, qberThreshold);
    }

    public LinkProfile withMisalignmentError(double ed) {
        return new LinkProfile(name, fiberLossDbPerKm, detectorEfficiency, darkCountProbability, ed,
                errorCorrectionEfficiency, basisSiftingFactor, wavelengthNm, repetitionRateHz, signalMu, decoyNu,
                signalProbability, decoyProbability, qberThreshold);
    }

    public LinkProfile withIntensityProbabilities(double signal, double decoy) {
        return new LinkProfile(name, fiberLossDbPerKm, detectorEfficiency, darkCountProbability, misalignmentError,
                errorCorrectionEfficiency, basisSiftingFactor, wavelengthNm, repetitionRateHz, signalMu, decoyNu,
                signal, decoy, qberThreshold);
    }

    /** The GYS parameters (DESIGN §8), μ = 0.48, ν = 0.1, 1 GHz clock. */
    public static LinkProfile gys() {
        return new LinkProfile("gys", 0.21, 0.045, 1.7e-6, 0.033, 1.22, 0.5, 1550, 1e9,
                0.48, 0.1, 0.8, 0.1, 0.11);
    }
}
