package io.qmkdc.cluster;

import io.qmkdc.wire.CborSerializable;

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

    public sealed interface Command extends io.qmkdc.actor.QmKdc.Inbound, CborSerializable {
    }

    public record GetClusterStatus(ActorRef<ClusterStatus> replyTo) implements Command {
    }

    /**
     * {@code kdc} and {@code links} are null before the KDC deployed. {@code nodes}: where each entity runs (key =
     * member id, group id, or {@code "channel:"} + link id; empty before its first probe answer). {@code memberStats}:
     * each member's epoch, delivered and rejected messages at its latest probe.
     */
    public record ClusterStatus(long incarnation, String kdcNode, boolean initialized, String scenario,
            String keying, QmKdc.Status kdc, List<QmKdc.LinkStatus> links, Map<String, String> nodes, Map<String, String> groupOf,
            List<String> impostors, List<Attack> attacks, Map<String, io.qmkdc.actor.Member.DeliveryStats> memberStats)
            implements CborSerializable {
    }

    /** An attached attack; {@code node} is where its tap runs (the channel's node, or the KDC's for members). */
    public record Attack(String id, String type, String target, double fraction, int count, long attachedAtMillis,
            String node) implements CborSerializable {
    }

    /**
     * {@code link} for link attacks, {@code member} for authentication attacks (the other null); an authentication
     * attack on a {@code link} taps the EPR side of that group's channel (every member's rounds).
     */
    public record Attach(String type, String link, String member, double fraction, int count,
            ActorRef<AttackReply> replyTo) implements Command {
    }

    public record Detach(String id, ActorRef<AttackReply> replyTo) implements Command {
    }

    /**
     * Deploy the scenario in {@code hocon} (its groups, members and impostors, either keying mode) as a new incarnation
     * of the KDC host, with link profile {@code profile} and emulation seed {@code seed}; the old incarnation's
     * actors stop and every entity of the scenario is provisioned again. {@code quiet}: no periodic traffic or
     * re-key until {@link Resume} (a scenario's steps expect only their own re-initializations).
     */
    public record Redeploy(String hocon, io.qmkdc.optics.LinkProfile profile, long seed, boolean quiet,
            ActorRef<RedeployReply> replyTo) implements Command {
        @Override
        public String toString() {
            return "Redeploy[" + hocon.length() + " chars]";
        }
    }

    /** The node's periodic traffic and re-key ({@code --traffic-ms}, {@code --rekey-s}) run again. */
    public record Resume() implements Command {
    }

    /** {@code problem} says why when not accepted. */
    public record RedeployReply(boolean accepted, String problem) implements CborSerializable {
    }

    /** The members of the current incarnation as refs that reach their sharded entity wherever it runs. */
    public record GetMembers(ActorRef<MemberRefs> replyTo) implements Command {
    }

    public record MemberRefs(long incarnation, List<MemberRef> members) implements CborSerializable {
    }

    public record MemberRef(String id, String group, ActorRef<io.qmkdc.actor.Member.Command> ref)
            implements CborSerializable {
    }

    /** A scenario's join step: provisions {@code member} (fresh K_c) and asks the KDC to authenticate it into the group. */
    public record Join(String member, String group, ActorRef<MemberRefs> replyTo) implements Command {
    }

    /** What the eavesdropper of attack {@code id} did and learned (no reply for an unknown id). */
    public record Report(String id, ActorRef<io.qmkdc.actor.Eavesdropper.Report> replyTo) implements Command {
    }

    /**
     * {@code attack} is the attached (or detached) attack, or null when refused: {@code status} 404 unknown id, 409
     * link or member not deployed in this incarnation, 503 its channel did not answer.
     */
    public record AttackReply(Attack attack, int status, String problem) implements CborSerializable {
    }
}
