package io.qmkdc.actor.link;

import io.qmkdc.wire.CborSerializable;

/** What a link endpoint reports to its owner (the KDC or the group terminal). */
public sealed interface LinkEvent extends CborSerializable {
    String link();

    /**
     * A round produced key material.
     *
     * @param qber       observed QBER on the sample
     * @param qberUpper  its finite-size upper bound
     * @param finalBits  final key bits of the round (before the MAC pools' top-up)
     * @param messages   authenticated classical messages of the round, both directions
     */
    record Keyed(String link, int round, double qber, double qberUpper, long sifted, long leakedBits,
            int finalBits, long messages) implements LinkEvent {
    }

    /**
     * A round was abandoned; {@code qber} is NaN when no sample was taken. {@code evidence}: the abort is evidence of
     * an attack (the QBER or decoy bounds, a check the terminal failed) and the link counts as compromised; false for
     * aborts of our own making — a round that timed out, a MAC pool too short to authenticate a round.
     */
    record Aborted(String link, int round, double qber, String reason, boolean evidence) implements LinkEvent {
        /** An abort on evidence (the protocol's checks). */
        public Aborted(String link, int round, double qber, String reason) {
            this(link, round, qber, reason, true);
        }
    }

    /** A classical message failed authentication (tampered, replayed or forged) and was dropped. */
    record Tampered(String link, String side, String reason, long rejectedSoFar) implements LinkEvent {
        /** Evidence of an attack, unless this end merely lacked the MAC key to check the message. */
        public boolean evidence() {
            return !reason.startsWith(ClassicalEnd.POOL_SHORT);
        }
    }
}
