package io.qmkdc.experiment;

import java.util.Objects;

/**
 * One emulated point of a sweep: a link of {@code distanceKm} run in one mode (curve label of
 * the plots), with each figure of merit as an {@link Estimate}. Rates are in bits per second of
 * emulated time; {@code qber} and {@code finalKeyPerPulse} are fractions (not %).
 * Paper 3.3, fig. 10–12, plots these against distance and secure rate.
 *
 * @param distanceKm          fiber length L in km
 * @param mode                curve label, e.g. "vacuum+weak decoy" or "Eve p=0.2"; shown in legends
 * @param eveFraction         fraction p of pulses intercepted and resent; NaN when no eavesdropper
 * @param gain                Q_μ, detections per signal pulse
 * @param qber                E_μ, quantum bit error rate of the sifted key (fraction)
 * @param siftedBitsPerSecond sifted key rate
 * @param secureBitsPerSecond final (secure) key rate after error correction and privacy amplification
 * @param finalKeyPerPulse    final key bits per sent pulse
 * @param errorsPerSecond     erroneous sifted bits per second (QBER × sifted rate)
 */
public record SweepPoint(
        double distanceKm,
        String mode,
        double eveFraction,
        Estimate gain,
        Estimate qber,
        Estimate siftedBitsPerSecond,
        Estimate secureBitsPerSecond,
        Estimate finalKeyPerPulse,
        Estimate errorsPerSecond) {

    public SweepPoint {
        Objects.requireNonNull(mode, "mode");
        gain = orNone(gain);
        qber = orNone(qber);
        siftedBitsPerSecond = orNone(siftedBitsPerSecond);
        secureBitsPerSecond = orNone(secureBitsPerSecond);
        finalKeyPerPulse = orNone(finalKeyPerPulse);
        errorsPerSecond = orNone(errorsPerSecond);
        if (!(distanceKm >= 0)) {
            throw new IllegalArgumentException("distanceKm must be >= 0, was " + distanceKm);
        }
        if (!Double.isNaN(eveFraction) && (eveFraction < 0 || eveFraction > 1)) {
            throw new IllegalArgumentException("eveFraction must be in [0, 1] or NaN, was " + eveFraction);
        }
    }

    public boolean hasEve() {
        return !Double.isNaN(eveFraction);
    }

    private static Estimate orNone(Estimate e) {
        return e == null ? Estimate.NONE : e;
    }
}
