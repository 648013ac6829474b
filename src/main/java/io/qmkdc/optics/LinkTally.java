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
        boolean[] eve = tapped.eveKnowsBit();
        byte[] aBasis = b.aliceBasis();
        byte[] bBasis = b.bobBasis();
        long known = 0;
        for (int i = 0; i < b.size(); i++) {
            known += eve[i] & aBasis[i] == bBasis[i] ? 1 : 0;
        }
        eveKnownSifted += known;
        return this;
    }

    /** Counts without a branch per detection: bases, bits and double clicks are random, so branches mispredict. */
    public LinkTally add(DetectionBatch b) {
        for (int k = 0; k < 3; k++) {
            pulses[k] += b.pulsesPerIntensity()[k];
        }
        byte[] intensity = b.intensity();
        byte[] photons = b.photonNumber();
        boolean[] doubleClick = b.doubleClick();
        byte[] aBasis = b.aliceBasis();
        byte[] bBasis = b.bobBasis();
        byte[] aBit = b.aliceBit();
        byte[] bBit = b.bobBit();
        long doubles = 0;
        for (int i = 0; i < b.size(); i++) {
            int k = intensity[i];
            detections[k]++;
            byPhotonNumber[photons[i]]++;
            doubles += doubleClick[i] ? 1 : 0;
            int match = aBasis[i] == bBasis[i] ? 1 : 0;
            sifted[k] += match;
            siftedErrors[k] += aBit[i] != bBit[i] ? match : 0;
        }
        doubleClicks += doubles;
        return this;
    }

    public long pulses(int k) {
        return pulses[k];
    }

    public long totalPulses() {
        return total(pulses);
    }

    public long detections(int k) {
        return detections[k];
    }

    public long totalDetections() {
        return total(detections);
    }

    public long sifted(int k) {
        return sifted[k];
    }

    public long totalSifted() {
        return total(sifted);
    }

    public long siftedErrors(int k) {
        return siftedErrors[k];
    }

    public long totalSiftedErrors() {
        return total(siftedErrors);
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

    /** The sum over the three intensity classes. */
    private static long total(long[] perClass) {
        return perClass[0] + perClass[1] + perClass[2];
    }
}
