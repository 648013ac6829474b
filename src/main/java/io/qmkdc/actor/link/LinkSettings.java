package io.qmkdc.actor.link;

import io.qmkdc.optics.ChannelExpectation;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.Fluctuation;
import io.qmkdc.qkd.ParameterEstimation;
import java.time.Duration;

/**
 * How the link endpoints run a BB84 round (read once at spawn; never sent).
 *
 * @param pulsesPerRound   pulses Alice sends per round
 * @param cascadeBlockBits Cascade block length
 * @param estimation       QBER sample and abort rule (P_o is {@code estimation.qberThreshold()})
 * @param fluctuation      statistical correction of the decoy gains
 * @param epsilonPrivacy   ε_PA of privacy amplification
 * @param roundTimeout     a round not finished by then is aborted (a lost or rejected classical message)
 * @param retryDelay       delay before the next round after an abort
 * @param macReplenishBits at most this many final key bits per direction are moved to the MAC pools
 *                         after each round (at most a quarter of the round's key each way). A round
 *                         of one 2^17-bit Cascade block takes about 300 authenticated messages,
 *                         61 bits of MAC key each (≈ 9 kbit per direction), more than such a small
 *                         round yields; longer blocks amortise it ({@link #cascadeBlockFor}): below about
 *                         10^6 detections per round the MAC pools drain and the link stops after the pre-shared
 *                         key's worth of rounds (the deployment uses 64 KiB, ≈ 28 rounds of 3·10^5 detections).
 */
public record LinkSettings(LinkProfile profile, double distanceKm, long pulsesPerRound, int cascadeBlockBits,
        ParameterEstimation.Config estimation, Fluctuation fluctuation, double epsilonPrivacy,
        Duration roundTimeout, Duration retryDelay, int macReplenishBits) {

    /**
     * Modest sizes so rounds take well under a second: pulses chosen for about
     * {@code targetDetections} detections at this distance, Cascade blocks of {@link #cascadeBlockFor} bits,
     * a 5 % QBER sample (Serfling, ε 1e-10), decoy gains at 5.3 σ, ε_PA = 1e-10.
     */
    public static LinkSettings modest(LinkProfile profile, double distanceKm, long targetDetections) {
        double click = new ChannelExpectation(profile, distanceKm, new EavesdropperStrategy.None()).clickProbability();
        long pulses = (long) Math.min(1e11, Math.ceil(targetDetections / Math.max(click, 1e-12)));
        ParameterEstimation.Config pe = new ParameterEstimation.Config(0.05, 1 << 16, 100, 1000, 1e-10,
                profile.qberThreshold(), ParameterEstimation.SamplingBound.SERFLING);
        return new LinkSettings(profile, distanceKm, pulses, cascadeBlockFor(targetDetections), pe,
                new Fluctuation.Gaussian(5.3), 1e-10, Duration.ofSeconds(10), Duration.ofSeconds(1), 1 << 16);
    }

    /**
     * One Cascade block for the round's sifted key (about half the detections), at least 2^17 and at most 2^20
     * bits. A block costs about 380 authenticated messages (61 bits of MAC key each way) whatever its length
     * (measured: 2^17 bits of 146 kbit sifted, 2^19 of 584 kbit), so one long block per round is what lets a round
     * pay for its own authentication: at 1.2·10^6 detections and 80 km a round yields ~87 kbit for ~23 kbit of MAC
     * key, where 2^17-bit blocks would cost four times that.
     */
    static int cascadeBlockFor(long targetDetections) {
        long sifted = Math.max(1, targetDetections / 2);
        return (int) Math.max(1 << 17, Math.min(1 << 20, Long.highestOneBit(sifted)));
    }

    public LinkSettings withTimeouts(Duration round, Duration retry) {
        return new LinkSettings(profile, distanceKm, pulsesPerRound, cascadeBlockBits, estimation, fluctuation,
                epsilonPrivacy, round, retry, macReplenishBits);
    }

    /** Final key bits per direction moved to the MAC pools: at most a quarter of the round's key each. */
    int replenishBits(int finalBits) {
        return Math.min(macReplenishBits, finalBits / 4);
    }
}
