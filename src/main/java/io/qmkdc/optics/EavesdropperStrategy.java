package io.qmkdc.optics;

import java.util.List;
import java.util.Optional;

/**
 * What an eavesdropper at Alice's output does to a pulse, as a pure function of its photon
 * number: {@link #branches} returns the mixture of {@link PhotonBranch}es that replaces the
 * honest fiber for an n-photon pulse. Every strategy acts on photon numbers only, so yields
 * Y_n and errors e_n do not depend on the intensity class, which is what decoy states exploit
 * (Hwang, PRL 91, 057901 (2003)).
 */
public sealed interface EavesdropperStrategy {

    /**
     * The fate of an n-photon pulse on a link of {@code distanceKm} described by {@code profile}.
     * Weights sum to one.
     */
    List<PhotonBranch> branches(int n, LinkProfile profile, double distanceKm);

    /**
     * The strategy named {@code none}, {@code intercept-resend} (on {@code fraction} of the pulses), {@code pns} or
     * {@code denial}; empty for any other name (callers decide whether that is an error).
     */
    static Optional<EavesdropperStrategy> named(String name, double fraction) {
        return Optional.ofNullable(switch (name) {
            case "none" -> new None();
            case "intercept-resend" -> new InterceptResend(fraction);
            case "pns" -> new PhotonNumberSplitting();
            case "denial" -> new Denial();
            default -> null;
        });
    }

    /** No eavesdropper: n photons through transmittance T = t·η_det. */
    record None() implements EavesdropperStrategy {
        @Override
        public List<PhotonBranch> branches(int n, LinkProfile profile, double distanceKm) {
            return List.of(PhotonBranch.honest(n, profile.overallTransmittance(distanceKm), profile.misalignmentError()));
        }
    }

    /**
     * Intercept-resend (Bennett, Brassard 1984; Gisin et al., RMP 74, 145 (2002) §6.1): Eve
     * intercepts a random {@code fraction} of pulses at Alice's output; on one with n ≥ 1 photons
     * she measures in a random basis with a perfect detector, obtains one bit (random if her basis
     * is wrong; a multi-photon measurement is idealised as one outcome) and resends n photons in
     * that state through the fiber, so gains are unchanged.
     * She knows Alice's bit when her basis was right.
     */
    record InterceptResend(double fraction) implements EavesdropperStrategy {
        public InterceptResend {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
            }
        }

        @Override
        public List<PhotonBranch> branches(int n, LinkProfile profile, double distanceKm) {
            double t = profile.overallTransmittance(distanceKm);
            double ed = profile.misalignmentError();
            PhotonBranch honest = PhotonBranch.honest(n, t, ed);
            if (n == 0 || fraction == 0) {
                return List.of(honest);
            }
            return List.of(
                    new PhotonBranch(1 - fraction, n, t, 1 - ed, 0.5, false),
                    // Eve's basis = Alice's: she resends Alice's state and knows the bit.
                    new PhotonBranch(fraction / 2, n, t, 1 - ed, 0.5, true),
                    // Eve's basis wrong: her bit y is random; Bob in Alice's basis sees a random
                    // outcome, Bob in Eve's basis sees y (with misalignment), y = x or not.
                    new PhotonBranch(fraction / 4, n, t, 0.5, 1 - ed, false),
                    new PhotonBranch(fraction / 4, n, t, 0.5, ed, false));
        }
    }

    /**
     * Photon-number splitting (Brassard, Lütkenhaus, Mor, Sanders, PRL 85, 1330 (2000)) as
     * calibrated in {@link PnsCalibration}: Eve keeps one photon of every n ≥ 2 pulse and forwards
     * n − 1 over a lossless line (only η_det, times an extra attenuation when needed), blocks a
     * fraction of single-photon pulses and forwards the rest losslessly, so that the signal gain
     * equals the honest one. She learns the bit of every multi-photon pulse.
     */
    record PhotonNumberSplitting() implements EavesdropperStrategy {
        @Override
        public List<PhotonBranch> branches(int n, LinkProfile profile, double distanceKm) {
            double eta = profile.detectorEfficiency();
            double ed = profile.misalignmentError();
            if (n == 0) {
                return List.of(PhotonBranch.honest(0, eta, ed));
            }
            PnsCalibration c = PnsCalibration.of(profile, distanceKm);
            if (n == 1) {
                return List.of(
                        new PhotonBranch(c.blockedSingleFraction(), 0, eta, 1 - ed, 0.5, false),
                        new PhotonBranch(1 - c.blockedSingleFraction(), 1, eta, 1 - ed, 0.5, false));
            }
            return List.of(new PhotonBranch(1.0, n - 1, eta * c.multiPhotonAttenuation(), 1 - ed, 0.5, true));
        }
    }

    /** Denial of service: every photon is dropped; only dark counts remain. */
    record Denial() implements EavesdropperStrategy {
        @Override
        public List<PhotonBranch> branches(int n, LinkProfile profile, double distanceKm) {
            return List.of(PhotonBranch.honest(0, 0.0, profile.misalignmentError()));
        }
    }
}
