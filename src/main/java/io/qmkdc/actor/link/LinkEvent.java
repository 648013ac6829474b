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

    /** A round was abandoned; {@code qber} is NaN when no sample was taken. */
    record Aborted(String link, int round, double qber, String reason) implements LinkEvent {
    }

    /** A classical message failed authentication (tampered, replayed or forged) and was dropped. */
    record Tampered(String link, String side, String reason, long rejectedSoFar) implements LinkEvent {
    }
}
