package io.qmkdc.qkd;

/**
 * Everything one emulated link produced, step by step, beside the analytic expectation. The
 * JSON of {@code deploy/qmkdc link}. No key bits: only counts and rates.
 *
 * @param securePerPulse final key bits per emitted pulse (all intensity classes)
 * @param realTimeFactor emulated seconds / wall seconds of the whole pipeline
 */
public record LinkReport(
        String profile,
        double distanceKm,
        String eavesdropper,
        String keyLengthMethod,
        long seed,
        long pulses,
        long detections,
        long sifted,
        double gain,
        double qber,
        double qberUpper,
        int sampleSize,
        boolean aborted,
        String abortReason,
        double y1Lower,
        double e1Upper,
        double singlePhotonFraction,
        long reconciledBits,
        int cascadeBlocks,
        int discardedBlocks,
        long leakedBits,
        long verificationBits,
        long roundTrips,
        double reconciliationEfficiency,
        long finalKeyBits,
        String keyLengthReason,
        double securePerPulse,
        double secureBitsPerSecond,
        double eveKnownSiftedFraction,
        double emulatedSeconds,
        double wallSeconds,
        double realTimeFactor,
        Stages stageSeconds,
        Intensities perIntensity,
        Analytic analytic,
        FiniteKey finiteKey) {

    /**
     * The finite-key bound of Lim et al. 2014 when {@code --finite-key} chose it (else null): Z-basis
     * key bits, vacuum and single-photon event bounds, phase error bound and the outcome.
     */
    public record FiniteKey(double zBasisBits, double vacuumEventsLower, double singlePhotonEventsLower,
            double phaseErrorUpper, double keyLengthBound, String outcome) {
    }

    /** Wall seconds spent in each step. */
    public record Stages(double emulation, double sifting, double estimation, double reconciliation,
            double privacyAmplification) {
    }

    /** Observed gain per intensity class (signal, decoy, vacuum) and their error rates. */
    public record Intensities(double signalGain, double decoyGain, double vacuumGain, double signalQber,
            double decoyQber) {
    }

    /**
     * The model's expectation for the same run: gain and QBER from the exact channel model (with
     * the attack), sifted and secure key per pulse from the GLLP vacuum + weak decoy rate at the
     * profile's μ, ν — once with the profile's f and once with the f Cascade achieved in this run.
     */
    public record Analytic(double gain, double qber, double siftedPerPulse, double securePerPulse,
            double securePerPulseProfileF, double infiniteDecoySecurePerPulse, double plobPerPulse) {
    }
}
