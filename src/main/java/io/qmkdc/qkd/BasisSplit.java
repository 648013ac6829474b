package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;

/**
 * The detections of a batch whose sender basis is {@code basis}, for the finite-key protocol of
 * Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014): key bits come from the Z basis of every
 * intensity, and the X basis is disclosed to bound the phase error. Pulse counts stay those of
 * the whole batch, so gains computed downstream are per emitted pulse.
 */
final class BasisSplit {
    private BasisSplit() {
    }

    static DetectionBatch keep(DetectionBatch b, byte basis) {
        int n = 0;
        for (int i = 0; i < b.size(); i++) {
            if (b.aliceBasis()[i] == basis) {
                n++;
            }
        }
        long[] index = new long[n];
        byte[] intensity = new byte[n];
        byte[] aBasis = new byte[n];
        byte[] aBit = new byte[n];
        byte[] bBasis = new byte[n];
        byte[] bBit = new byte[n];
        boolean[] dbl = new boolean[n];
        byte[] photons = new byte[n];
        int j = 0;
        for (int i = 0; i < b.size(); i++) {
            if (b.aliceBasis()[i] != basis) {
                continue;
            }
            index[j] = b.pulseIndex()[i];
            intensity[j] = b.intensity()[i];
            aBasis[j] = basis;
            aBit[j] = b.aliceBit()[i];
            bBasis[j] = b.bobBasis()[i];
            bBit[j] = b.bobBit()[i];
            dbl[j] = b.doubleClick()[i];
            photons[j] = b.photonNumber()[i];
            j++;
        }
        return new DetectionBatch(b.firstPulse(), b.pulses(), b.pulsesPerIntensity(), n, index, intensity, aBasis, aBit,
                bBasis, bBit, dbl, photons);
    }
}
