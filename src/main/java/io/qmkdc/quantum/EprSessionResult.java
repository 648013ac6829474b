package io.qmkdc.quantum;

import io.qmkdc.qkd.BitVector;

/**
 * Outcome of one EPR authentication session (DESIGN §5). {@code passed} is the KDC's verdict;
 * the updated keys (eq. 12) are to be installed only when it is true. Keys never appear in
 * {@link #toString()}.
 *
 * @param memberUpdatedKey        the member side's key; for an impostor, built from its guessed bits
 * @param attackerKnownUpdateBits refreshed rounds whose K'_{2i-1} the attacker holds for certain
 */
public record EprSessionResult(
        EprAuthentication.Mode mode,
        int rounds,
        int failedRounds,
        int bellChecks,
        int bellMismatches,
        double tolerance,
        boolean passed,
        BitVector kdcUpdatedKey,
        BitVector memberUpdatedKey,
        int attackerKnownUpdateBits) {

    /** Rounds whose pair went to the key update (checked pairs are spent on the public X check). */
    public int refreshedRounds() {
        return rounds - bellChecks;
    }

    public double failedFraction() {
        return (double) failedRounds / rounds;
    }

    public double bellMismatchFraction() {
        return bellChecks == 0 ? 0.0 : (double) bellMismatches / bellChecks;
    }

    public boolean keysAgree() {
        return kdcUpdatedKey.contentEquals(memberUpdatedKey);
    }

    public boolean attackerLearnedUpdateBits() {
        return attackerKnownUpdateBits > 0;
    }

    @Override
    public String toString() {
        return "EprSessionResult[mode=" + mode + ", rounds=" + rounds + ", failedRounds=" + failedRounds
                + ", bellChecks=" + bellChecks + ", bellMismatches=" + bellMismatches + ", tolerance=" + tolerance
                + ", passed=" + passed + ", keysAgree=" + keysAgree()
                + ", attackerKnownUpdateBits=" + attackerKnownUpdateBits + "]";
    }
}
