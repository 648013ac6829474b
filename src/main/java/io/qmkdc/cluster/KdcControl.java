package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.QmKdc;
import java.util.List;
import java.util.Map;

/**
 * The control protocol of the {@link KdcHost} singleton, for the HTTP API of a {@code node} cluster
 * (sent to {@link ClusterNode#kdc}, from any node): the cluster as the KDC host sees it, and attacks
 * attached to links (on whatever node the link's {@link ChannelEntity} runs) or to members (the EPR
 * side of their group's channel, beside the KDC).
 */
public final class KdcControl {
    private KdcControl() {
    }

    public sealed interface Command extends CborSerializable {
    }

    public record GetClusterStatus(ActorRef<ClusterStatus> replyTo) implements Command {
    }

    /**
     * {@code kdc} and {@code links} are null before the KDC deployed. {@code nodes}: where each entity runs (key =
     * member id, group id, or {@code "channel:"} + link id; empty before its first probe answer).
     */
    public record ClusterStatus(long incarnation, String kdcNode, boolean initialized, String scenario,
            QmKdc.Status kdc, List<QmKdc.LinkStatus> links, Map<String, String> nodes, Map<String, String> groupOf,
            List<String> impostors, List<Attack> attacks) implements CborSerializable {
    }

    /** An attached attack; {@code node} is where its tap runs (the channel's node, or the KDC's for members). */
    public record Attack(String id, String type, String target, double fraction, int count, long attachedAtMillis,
            String node) implements CborSerializable {
    }

    /** {@code link} for link attacks, {@code member} for authentication attacks (the other null). */
    public record Attach(String type, String link, String member, double fraction, int count,
            ActorRef<AttackReply> replyTo) implements Command {
    }

    public record Detach(String id, ActorRef<AttackReply> replyTo) implements Command {
    }

    /**
     * {@code attack} is the attached (or detached) attack, or null when refused: {@code status} 404 unknown id, 409
     * link or member not deployed in this incarnation, 503 its channel did not answer.
     */
    public record AttackReply(Attack attack, int status, String problem) implements CborSerializable {
    }
}
