package io.qmkdc.optics;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The naive emulator: walks every pulse (intensity class, Poisson photon number, each photon
 * through fiber and detector, dark counts in both detectors). It costs O(pulses), so it serves as
 * the baseline of {@code deploy/qmkdc bench} and as an independent cross-check of the
 * detection-driven sampler's statistics; never use it for real runs. No eavesdropper.
 */
public final class PerPulseEmulator {
    private final LinkProfile profile;
    private final double transmittance;
    private final double darkPerDetector;
    private final RandomGenerator random;
    private long nextPulse;

    public PerPulseEmulator(LinkProfile profile, double distanceKm, RandomGenerator random) {
        this.profile = profile;
        this.transmittance = profile.overallTransmittance(distanceKm);
        // Two detectors with 1 − (1 − p_d)^2 = Y0, so the receiver's vacuum yield is Y0.
        this.darkPerDetector = 1 - Math.sqrt(1 - profile.darkCountProbability());
        this.random = random;
    }

    public DetectionBatch nextBatch(int pulses) {
        int cap = 16;
        long[] index = new long[cap];
        byte[] cls = new byte[cap];
        byte[] aBasis = new byte[cap];
        byte[] aBit = new byte[cap];
        byte[] bBasis = new byte[cap];
        byte[] bBit = new byte[cap];
        boolean[] dbl = new boolean[cap];
        byte[] photons = new byte[cap];
        long[] perClass = new long[3];
        int size = 0;
        double[] mean = {profile.signalMu(), profile.decoyNu(), 0.0};
        for (int p = 0; p < pulses; p++) {
            double u = random.nextDouble();
            byte k = u < profile.signalProbability() ? DetectionBatch.SIGNAL
                    : u < profile.signalProbability() + profile.decoyProbability() ? DetectionBatch.DECOY
                    : DetectionBatch.VACUUM;
            perClass[k]++;
            int n = poisson(mean[k]);
            int alice = random.nextInt(2);
            int bit = random.nextInt(2);
            int bob = random.nextInt(2);
            boolean click0 = random.nextDouble() < darkPerDetector;
            boolean click1 = random.nextDouble() < darkPerDetector;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() >= transmittance) {
                    continue;
                }
                int detector = alice == bob
                        ? (random.nextDouble() < profile.misalignmentError() ? 1 - bit : bit)
                        : random.nextInt(2);
                if (detector == 0) {
                    click0 = true;
                } else {
                    click1 = true;
                }
            }
            if (!click0 && !click1) {
                continue;
            }
            if (size == cap) {
                cap *= 2;
                index = Arrays.copyOf(index, cap);
                cls = Arrays.copyOf(cls, cap);
                aBasis = Arrays.copyOf(aBasis, cap);
                aBit = Arrays.copyOf(aBit, cap);
                bBasis = Arrays.copyOf(bBasis, cap);
                bBit = Arrays.copyOf(bBit, cap);
                dbl = Arrays.copyOf(dbl, cap);
                photons = Arrays.copyOf(photons, cap);
            }
            boolean both = click0 && click1;
            index[size] = nextPulse + p;
            cls[size] = k;
            aBasis[size] = (byte) alice;
            aBit[size] = (byte) bit;
            bBasis[size] = (byte) bob;
            bBit[size] = (byte) (both ? random.nextInt(2) : click1 ? 1 : 0);
            dbl[size] = both;
            photons[size] = (byte) Math.min(n, Byte.MAX_VALUE);
            size++;
        }
        DetectionBatch batch = new DetectionBatch(nextPulse, pulses, perClass, size, index, cls, aBasis, aBit,
                bBasis, bBit, dbl, photons);
        nextPulse += pulses;
        return batch;
    }

    /** Knuth's multiplication method; fine for the small means of weak coherent pulses. */
    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double prod = random.nextDouble();
        int n = 0;
        while (prod > limit) {
            prod *= random.nextDouble();
            n++;
        }
        return n;
    }
}
