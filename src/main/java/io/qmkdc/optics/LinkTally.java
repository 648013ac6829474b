package io.qmkdc.optics;

/**
 * Running counts over detection batches: pulses, detections, sifted detections and sifted errors
 * per intensity class, double clicks, and sifted detections whose bit Eve knows. Estimates the
 * quantities {@link ChannelExpectation} predicts; for reports and tests.
 */
public final class LinkTally {

    private final long[] pulses = new long[3];
    private final long[] detections = new long[3];
    private final long[] sifted = new long[3];
    private final long[] siftedErrors = new long[3];
    private final long[] byPhotonNumber = new long[128];
    private long doubleClicks;
    private long eveKnownSifted;

    public LinkTally add(TappedBatch tapped) {
        DetectionBatch b = tapped.detections();
        add(b);
        for (int i = 0; i < b.size(); i++) {
            if (tapped.eveKnowsBit()[i] && b.aliceBasis()[i] == b.bobBasis()[i]) {
                eveKnownSifted++;
            }
        }
        return this;
    }

    public LinkTally add(DetectionBatch b) {
        for (int k = 0; k < 3; k++) {
            pulses[k] += b.pulsesPerIntensity()[k];
        }
        for (int i = 0; i < b.size(); i++) {
            int k = b.intensity()[i];
            detections[k]++;
            byPhotonNumber[b.photonNumber()[i]]++;
            if (b.doubleClick()[i]) {
                doubleClicks++;
            }
            if (b.aliceBasis()[i] == b.bobBasis()[i]) {
                sifted[k]++;
                if (b.aliceBit()[i] != b.bobBit()[i]) {
                    siftedErrors[k]++;
                }
            }
        }
        return this;
    }

    public long pulses(int k) {
        return pulses[k];
    }

    public long totalPulses() {
        return pulses[0] + pulses[1] + pulses[2];
    }

    public long detections(int k) {
        return detections[k];
    }

    public long totalDetections() {
        return detections[0] + detections[1] + detections[2];
    }

    public long sifted(int k) {
        return sifted[k];
    }

    public long totalSifted() {
        return sifted[0] + sifted[1] + sifted[2];
    }

    public long siftedErrors(int k) {
        return siftedErrors[k];
    }

    public long totalSiftedErrors() {
        return siftedErrors[0] + siftedErrors[1] + siftedErrors[2];
    }

    /** Detections whose emitted photon number was n (127 means 127 or more). */
    public long detectionsWithPhotons(int n) {
        return byPhotonNumber[n];
    }

    public long doubleClicks() {
        return doubleClicks;
    }

    public long eveKnownSifted() {
        return eveKnownSifted;
    }

    /** Estimated gain of class k: detections / pulses. */
    public double gain(int k) {
        return (double) detections[k] / pulses[k];
    }

    /** Estimated matching-basis error rate of class k. */
    public double errorRate(int k) {
        return (double) siftedErrors[k] / sifted[k];
    }

    /** Estimated QBER over all sifted detections. */
    public double siftedErrorRate() {
        return (double) totalSiftedErrors() / totalSifted();
    }
}
