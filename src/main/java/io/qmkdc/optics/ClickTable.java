package io.qmkdc.optics;

import java.util.Arrays;

/**
 * Every hidden state of one pulse that makes the receiver click, with its exact probability:
 * (intensity class, photon number, strategy branch, bases match, click pattern). Summed, the
 * weights give the per-pulse click probability; normalised, they are the conditional law of a
 * detection's hidden state, from which {@link LinkEmulator} draws.
 *
 * <p>An entry's code packs: bits 0–1 intensity class, bit 2 bases match, bits 3–4 click pattern
 * (0 only right, 1 only wrong, 2 both), bit 5 Eve knows the bit, bits 8–15 photon number.
 */
final class ClickTable {

    static final int ONLY_RIGHT = 0;
    static final int ONLY_WRONG = 1;
    static final int BOTH = 2;

    final double[] weight;
    final int[] code;
    /** P(class k and click) per class. */
    final double[] classClick = new double[3];
    /** P(class k) per class. */
    final double[] classProbability = new double[3];
    final double clickProbability;

    ClickTable(LinkProfile profile, double distanceKm, EavesdropperStrategy strategy) {
        double[] mu = intensities(profile);
        classProbability[DetectionBatch.SIGNAL] = profile.signalProbability();
        classProbability[DetectionBatch.DECOY] = profile.decoyProbability();
        classProbability[DetectionBatch.VACUUM] = profile.vacuumProbability();
        checkDistance(distanceKm);
        double pd = DetectorModel.darkCountPerDetector(profile.darkCountProbability());
        double[] w = new double[64];
        int[] c = new int[64];
        int size = 0;
        for (int k = 0; k < 3; k++) {
            if (classProbability[k] <= 0) {
                continue;
            }
            double[] pmf = PoissonSource.truncatedPmf(mu[k]);
            for (int n = 0; n < pmf.length; n++) {
                for (PhotonBranch b : strategy.branches(n, profile, distanceKm)) {
                    for (int match = 0; match < 2; match++) {
                        double r = match == 1 ? b.rightIfBasesMatch() : b.rightIfBasesDiffer();
                        DetectorModel.Clicks clicks = DetectorModel.clicks(b.photons(), b.transmittance(), r, pd);
                        double base = classProbability[k] * pmf[n] * b.weight() * 0.5;
                        double[] pattern = {clicks.onlyRight(), clicks.onlyWrong(), clicks.both()};
                        for (int o = 0; o < 3; o++) {
                            double x = base * pattern[o];
                            if (x <= 0) {
                                continue;
                            }
                            if (size == w.length) {
                                w = Arrays.copyOf(w, 2 * size);
                                c = Arrays.copyOf(c, 2 * size);
                            }
                            w[size] = x;
                            c[size] = k | match << 2 | o << 3 | (b.eveKnowsBit() ? 1 << 5 : 0) | Math.min(n, 255) << 8;
                            classClick[k] += x;
                            size++;
                        }
                    }
                }
            }
        }
        weight = Arrays.copyOf(w, size);
        code = Arrays.copyOf(c, size);
        clickProbability = classClick[0] + classClick[1] + classClick[2];
    }

    static int intensityOf(int code) {
        return code & 3;
    }

    static boolean basesMatch(int code) {
        return (code & 4) != 0;
    }

    static int patternOf(int code) {
        return (code >>> 3) & 3;
    }

    static boolean eveKnows(int code) {
        return (code & 32) != 0;
    }

    static int photonsOf(int code) {
        return (code >>> 8) & 255;
    }

    static double[] intensities(LinkProfile profile) {
        double mu = profile.signalMu();
        double nu = profile.decoyNu();
        if (!(mu >= 0 && mu <= 50)) {
            throw new IllegalArgumentException("signalMu must be in [0, 50] (NaN means 'optimise': set it first), got " + mu);
        }
        if (!(nu >= 0 && nu <= 50)) {
            throw new IllegalArgumentException("decoyNu must be in [0, 50], got " + nu);
        }
        double ps = profile.signalProbability();
        double pdcy = profile.decoyProbability();
        if (!(ps >= 0 && pdcy >= 0 && ps + pdcy <= 1 + 1e-12)) {
            throw new IllegalArgumentException("signalProbability, decoyProbability must be >= 0 with sum <= 1, got "
                    + ps + ", " + pdcy);
        }
        return new double[] {mu, nu, 0.0};
    }

    static void checkDistance(double distanceKm) {
        if (!(distanceKm >= 0 && distanceKm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("distanceKm must be finite and >= 0, got " + distanceKm);
        }
    }
}
