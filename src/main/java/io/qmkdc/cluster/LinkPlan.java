package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.actor.link.LinkSettings;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.wire.CborSerializable;
import java.time.Duration;

/**
 * The Bob end of one BB84 link as the KDC host provisions it — a group terminal's (per-group keying) or a member's
 * own (per-member): {@link LinkSettings#modest} of {@code profile}, {@code linkKm}, {@code targetDetections} with the
 * KDC's timeouts (LinkSettings itself is not sent: it holds interfaces), the link's channel and its pre-shared
 * authentication key.
 */
public record LinkPlan(LinkProfile profile, double linkKm, long targetDetections, long roundTimeoutMs,
        long retryDelayMs, ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey) implements CborSerializable {

    static LinkPlan of(QmKdc.Settings s, double linkKm, ActorRef<QuantumChannel.Command> channel, byte[] linkAuthKey) {
        return new LinkPlan(s.profile(), linkKm, s.targetDetections(), s.roundTimeout().toMillis(),
                s.retryDelay().toMillis(), channel, linkAuthKey);
    }

    LinkSettings settings() {
        return LinkSettings.modest(profile, linkKm, targetDetections)
                .withTimeouts(Duration.ofMillis(roundTimeoutMs), Duration.ofMillis(retryDelayMs));
    }

    @Override
    public String toString() {
        return "LinkPlan[" + linkKm + " km]";
    }
}
