package io.qmkdc.qkd;

import io.qmkdc.optics.LinkProfile;

/**
 * How both ends run a BB84 round's post-processing (DESIGN §4); the same for the link actors and
 * {@link LinkPipeline}.
 *
 * @param profile          μ, ν of the decoy analysis
 * @param cascadeBlockBits Cascade block length (bits)
 * @param privacyBlockBits privacy amplification block length; longer keys are hashed in parts
 * @param estimation       QBER sample and abort rule (P_o is {@code estimation.qberThreshold()})
 * @param fluctuation      statistical correction of the decoy gains
 * @param epsilonPrivacy   ε_PA of the leftover-hash term 2·log2(1/ε_PA)
 */
public record Bb84Settings(LinkProfile profile, int cascadeBlockBits, int privacyBlockBits,
        ParameterEstimation.Config estimation, Fluctuation fluctuation, double epsilonPrivacy) {
    public Bb84Settings {
        if (cascadeBlockBits < 1000 || cascadeBlockBits > CascadeShuffle.MAX_LENGTH) {
            throw new IllegalArgumentException("cascadeBlockBits must be in [1000, " + CascadeShuffle.MAX_LENGTH
                    + "], was " + cascadeBlockBits);
        }
        if (privacyBlockBits < 1024) {
            throw new IllegalArgumentException("privacyBlockBits must be >= 1024, was " + privacyBlockBits);
        }
    }
}
