package io.qmkdc.qkd;

import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.FiniteKeyAnalysis.Input;
import io.qmkdc.qkd.FiniteKeyAnalysis.PerIntensity;
import io.qmkdc.qkd.FiniteKeyAnalysis.Source;

/**
 * The counts a block of N pulses is expected to show on a lossy, noisy channel, turned into a
 * {@link FiniteKeyAnalysis.Input}: this is how the finite-key length is plotted against distance
 * for a fixed block size, as in Lim et al., PRA 89, 022307 (2014), fig. 1.
 *
 * <p>Expected values stand in for observed counts (no sampling), so the result is the key a
 * typical block yields.
 */
public final class ExpectedStatistics {

    private ExpectedStatistics() {
    }

    /**
     * The channel and receiver, seen by one photon.
     *
     * @param eta          η = t · η_det, overall transmittance
     * @param y0           Y0, probability of a click per pulse without a photon (whole receiver)
     * @param misalignment e_d, probability that a detected photon hits the wrong detector
     * @param afterpulse   p_ap, after-pulse probability per detection (0 for the GLLP model)
     */
    public record Channel(double eta, double y0, double misalignment, double afterpulse) {
        public Channel {
            requireUnit("eta", eta);
            requireUnit("y0", y0);
            requireUnit("misalignment", misalignment);
            requireUnit("afterpulse", afterpulse);
        }

        /** The link at {@code distanceKm}, with no after-pulses. */
        public static Channel of(LinkProfile link, double distanceKm) {
            return new Channel(link.overallTransmittance(distanceKm), link.darkCountProbability(),
                    link.misalignmentError(), 0);
        }

        /** Q_k = [1 − (1 − Y0) e^{−η k}](1 + p_ap), the gain at intensity k (Lim et al. sec. IV, R_k). */
        public double gain(double k) {
            return detection(k) * (1 + afterpulse);
        }

        /** E_k Q_k = Y0/2 + e_d (1 − e^{−η k}) + p_ap D_k / 2, the error gain at intensity k (Lim et al. sec. IV, e_k). */
        public double errorGain(double k) {
            return y0 / 2 + misalignment * (1 - Math.exp(-eta * k)) + afterpulse * detection(k) / 2;
        }

        private double detection(double k) {
            return 1 - (1 - y0) * Math.exp(-eta * k);
        }
    }

    /**
     * What Alice and Bob choose and what the block is checked against.
     *
     * @param source                 intensities and their probabilities
     * @param aliceZ                 p_Z^A, Alice's probability of the Z (key) basis
     * @param bobZ                   p_Z^B, Bob's probability of the Z basis
     * @param errorCorrectionFactor  f: λ_EC = f · n_Z · h(E_Z)
     * @param epsSec                 ε_sec
     * @param epsCor                 ε_cor
     */
    public record Protocol(Source source, double aliceZ, double bobZ, double errorCorrectionFactor,
                           double epsSec, double epsCor) {
        public Protocol {
            if (!(aliceZ > 0 && aliceZ < 1) || !(bobZ > 0 && bobZ < 1)) {
                throw new IllegalArgumentException("basis probabilities must be in (0, 1), were " + aliceZ + ", " + bobZ);
            }
            if (!(errorCorrectionFactor >= 1)) {
                throw new IllegalArgumentException("errorCorrectionFactor must be >= 1, was " + errorCorrectionFactor);
            }
        }

        /** Probability that both choose Z. */
        public double bothZ() {
            return aliceZ * bobZ;
        }

        /** Probability that both choose X. */
        public double bothX() {
            return (1 - aliceZ) * (1 - bobZ);
        }
    }

    /** Expected n_{B,k} = N p_B p_k Q_k and m_{X,k} = N p_X p_k E_k Q_k; λ_EC = f n_Z h(E_Z) (Lim et al. sec. IV). */
    public static Input expected(Channel channel, Protocol protocol, double totalPulses) {
        if (!(totalPulses > 0) || Double.isInfinite(totalPulses)) {
            throw new IllegalArgumentException("totalPulses must be finite and > 0, was " + totalPulses);
        }
        Source src = protocol.source();
        PerIntensity mu = src.intensities(), p = src.probabilities();
        double z = totalPulses * protocol.bothZ(), x = totalPulses * protocol.bothX();
        PerIntensity nZ = new PerIntensity(z * p.mu1() * channel.gain(mu.mu1()),
                z * p.mu2() * channel.gain(mu.mu2()), z * p.mu3() * channel.gain(mu.mu3()));
        PerIntensity nX = new PerIntensity(x * p.mu1() * channel.gain(mu.mu1()),
                x * p.mu2() * channel.gain(mu.mu2()), x * p.mu3() * channel.gain(mu.mu3()));
        PerIntensity mX = new PerIntensity(x * p.mu1() * channel.errorGain(mu.mu1()),
                x * p.mu2() * channel.errorGain(mu.mu2()), x * p.mu3() * channel.errorGain(mu.mu3()));
        double mZ = z * (p.mu1() * channel.errorGain(mu.mu1()) + p.mu2() * channel.errorGain(mu.mu2())
                + p.mu3() * channel.errorGain(mu.mu3()));
        double lambdaEC = protocol.errorCorrectionFactor() * nZ.sum() * FiniteKeyAnalysis.binaryEntropy(mZ / nZ.sum());
        return new Input(src, nZ, nX, mX, lambdaEC, protocol.epsSec(), protocol.epsCor());
    }

    /** The number of pulses N whose expected key-basis block n_Z = Σ_k n_{Z,k} equals {@code keyBlock}. */
    public static double pulsesForKeyBlock(Channel channel, Protocol protocol, double keyBlock) {
        if (!(keyBlock > 0)) {
            throw new IllegalArgumentException("keyBlock must be > 0, was " + keyBlock);
        }
        PerIntensity mu = protocol.source().intensities(), p = protocol.source().probabilities();
        double perPulse = protocol.bothZ() * (p.mu1() * channel.gain(mu.mu1()) + p.mu2() * channel.gain(mu.mu2())
                + p.mu3() * channel.gain(mu.mu3()));
        return keyBlock / perPulse;
    }

    /** Expected key length per pulse, ℓ / N, for a block of {@code totalPulses} (Lim et al. fig. 1's R = ℓ/N). */
    public static double keyRatePerPulse(Channel channel, Protocol protocol, double totalPulses) {
        return FiniteKeyAnalysis.keyLength(expected(channel, protocol, totalPulses)).keyLength() / totalPulses;
    }

    /** The best settings found by {@link #coarseGridSearch} and their key rate per pulse (0 if none gives a key). */
    public record Optimum(Protocol protocol, double keyRatePerPulse) {
    }

    /**
     * Coarse grid search of ℓ/N over μ1, μ2, p_μ1, p_μ2 and a common p_Z (steps 0.05, 0.01, 0.1, 0.05,
     * 0.05), with μ3, f, ε_sec and ε_cor taken from {@code template}; about 2·10^5 evaluations, ~0.5 s.
     * Lim et al. optimise the same free parameters numerically (sec. IV); a grid only approaches their optimum.
     */
    public static Optimum coarseGridSearch(Channel channel, Protocol template, double totalPulses) {
        double mu3 = template.source().intensities().mu3();
        Protocol best = template;
        double bestRate = keyRatePerPulse(channel, template, totalPulses);
        for (double mu1 = 0.1; mu1 < 0.9; mu1 += 0.05) {
            for (double mu2 = mu3 + 0.01; mu2 < 0.4 && mu1 > mu2 + mu3; mu2 += 0.01) {
                for (double p1 = 0.1; p1 < 0.95; p1 += 0.1) {
                    for (double p2 = 0.05; p2 < 1 - p1 - 0.01; p2 += 0.05) {
                        Source s = new Source(new PerIntensity(mu1, mu2, mu3), new PerIntensity(p1, p2, 1 - p1 - p2));
                        for (double pz = 0.5; pz < 0.99; pz += 0.05) {
                            Protocol p = new Protocol(s, pz, pz, template.errorCorrectionFactor(),
                                    template.epsSec(), template.epsCor());
                            double rate = keyRatePerPulse(channel, p, totalPulses);
                            if (rate > bestRate) {
                                bestRate = rate;
                                best = p;
                            }
                        }
                    }
                }
            }
        }
        return new Optimum(best, bestRate);
    }

    private static void requireUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + v);
        }
    }
}
