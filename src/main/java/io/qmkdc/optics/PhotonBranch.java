package io.qmkdc.optics;

/**
 * One branch of what happens to an n-photon pulse between Alice's output and Bob's detectors.
 * A strategy describes a pulse as a mixture of branches whose weights sum to one.
 *
 * <p>In a branch, {@code photons} photons head for the receiver; each independently arrives and
 * is registered with probability {@code transmittance} (fiber and/or η_det), and an arriving
 * photon goes to the detector of Alice's bit value (in Bob's basis) with probability
 * {@code rightIfBasesMatch} when Alice's and Bob's bases agree, {@code rightIfBasesDiffer}
 * otherwise; else it goes to the other detector.
 *
 * @param weight             probability of this branch given the photon number
 * @param photons            photons sent towards Bob's detectors
 * @param transmittance      per-photon survival probability up to and including detection
 * @param rightIfBasesMatch  per-photon probability of the detector of Alice's bit, matching bases
 * @param rightIfBasesDiffer the same when Bob measured in the other basis
 * @param eveKnowsBit        whether Eve learns Alice's bit of such a pulse (after basis announcement)
 */
public record PhotonBranch(double weight, int photons, double transmittance,
                           double rightIfBasesMatch, double rightIfBasesDiffer, boolean eveKnowsBit) {

    public PhotonBranch {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in [0, 1], got " + weight);
        }
        if (photons < 0) {
            throw new IllegalArgumentException("photons must be >= 0, got " + photons);
        }
        if (!(transmittance >= 0 && transmittance <= 1)) {
            throw new IllegalArgumentException("transmittance must be in [0, 1], got " + transmittance);
        }
        if (!(rightIfBasesMatch >= 0 && rightIfBasesMatch <= 1 && rightIfBasesDiffer >= 0 && rightIfBasesDiffer <= 1)) {
            throw new IllegalArgumentException("routing probabilities must be in [0, 1]");
        }
    }

    /** The untouched pulse: all n photons travel the fiber, misalignment e_d, random detector in the wrong basis. */
    public static PhotonBranch honest(int photons, double transmittance, double misalignment) {
        return new PhotonBranch(1.0, photons, transmittance, 1.0 - misalignment, 0.5, false);
    }
}
