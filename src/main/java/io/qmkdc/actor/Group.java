package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.link.LinkBob;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.actor.link.LinkSettings;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.wire.Prioritized;
import io.qmkdc.gkm.GroupKey;
import java.util.List;

/**
 * A multicast group and its QKD terminal (paper §2.2–2.4; keying mode per-group): runs Bob's end of
 * the group's BB84 link ({@link LinkBob}), receives C(G_k) from the KDC and unwraps it with P_k
 * (eq. 6–7), hands G_k to the members the KDC lists for that epoch (members sit behind the
 * terminal), and fans out same-group traffic to the current members ({@link GroupFanOut}, which
 * holds the membership). In per-member keying it has no link: members get G_k over their own links
 * and the KDC sends the group its {@link Membership}.
 * Priority mailbox: key deliveries before traffic.
 */
public final class Group extends AbstractBehavior<Group.Command> {

    /** What a group terminal's host may be sent: its commands, and the lifecycle messages of its host (a shard entity). */
    public interface Inbound {
    }

    public sealed interface Command extends Inbound, CborSerializable {
    }

    /** A member announces itself at its terminal (deployment). */
    /** {@code direct}: answer with this terminal's own address ({@link Member.GroupAt}), so publishes skip relays. */
    public record Register(String memberId, ActorRef<Member.Command> member, boolean direct) implements Command {
        public Register(String memberId, ActorRef<Member.Command> member) {
            this(memberId, member, false);
        }
    }

    /** A member of the epoch and its sender index (for nonces). */
    public record MemberIndex(String member, int senderIndex) implements CborSerializable {
    }

    /**
     * From the KDC (eq. 6): C(G_k) for {@code epoch}, under P_k = 256 bits at {@code pkOffset} of
     * round {@code pkRound}'s key ({@code wrap} "aead": nonce + ciphertext; "otp": pad offset +
     * ciphertext + tag), for exactly {@code members}.
     */
    public record DeliverGroupKey(String groupId, long epoch, int pkRound, long pkOffset, String wrap, byte[] nonce,
            byte[] ciphertext, long padOffset, long padTag, List<MemberIndex> members,
            ActorRef<QmKdc.Command> replyTo) implements Command, Prioritized.Rekey {

        @Override
        public String toString() {
            return "DeliverGroupKey[" + groupId + "@" + epoch + ", " + wrap + ", members=" + members.size() + "]";
        }
    }

    /** From a member: same-group traffic to fan out. */
    public record Publish(GroupTraffic traffic) implements Command, Prioritized.Traffic {
    }

    /** From the KDC relay: traffic re-encrypted under this group's key, for every current member. */
    public record RelayIn(GroupTraffic traffic) implements Command, Prioritized.Traffic {
    }

    /** From the KDC in per-member keying (members get G_k over their own links): who is in the epoch. */
    public record Membership(String groupId, long epoch, List<MemberIndex> members) implements Command, Prioritized.Rekey {
    }

    /**
     * From the KDC with LKH rekeying (issue 11): the one multicast rekey message of a batch and the joiners'
     * placements, for every member that ever held a key here (who left hears it too, and opens nothing).
     */
    public record MulticastRekey(io.qmkdc.gkm.TreeRekey rekey, List<io.qmkdc.gkm.LeafPlacement> placements,
            ActorRef<QmKdc.Command> replyTo) implements Command, Prioritized.Rekey {
    }

    /**
     * From the KDC: {@code memberId} left the group for good (not a re-homing member re-authenticating): no
     * reliable message is owed to it any more until an epoch lists it again. It still hears the multicast rekeys.
     */
    public record Departed(String memberId) implements Command, Prioritized.Rekey {
    }

    /** From a member: reliable same-group traffic; fanned out, and the recipients reported to the sender. */
    public record PublishReliable(ReliableTraffic reliable) implements Command, Prioritized.Traffic {
    }

    /** From the KDC relay: reliable traffic re-encrypted under this group's key; recipients reported to the sender. */
    public record RelayInReliable(ReliableTraffic reliable) implements Command, Prioritized.Traffic {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    public record Status(String group, long epoch, List<String> members, int fannedOut, int relayedIn,
            long keyBits, String lastError) implements CborSerializable {
    }

    private record LinkEventReceived(LinkEvent event) implements Command {
    }

    /** The cluster's node delivery ports changed (receptionist). */
    private record PortsChanged(List<ActorRef<NodePort.Command>> ports) implements Command {
    }

    private final String id;
    private final TerminalKeys terminal;
    private final ActorRef<QmKdc.Command> kdc;
    private final GroupFanOut members = new GroupFanOut();
    private GroupKey groupKey;
    private long epoch = -1;
    private DeliverGroupKey waiting;
    private String lastError = "";

    /** {@code link}, {@code channel} and the key are null in per-member keying (no terminal link). */
    public static Behavior<Command> create(String id, LinkSettings link, ActorRef<QuantumChannel.Command> channel,
            byte[] preSharedLinkAuthKey, ActorRef<QmKdc.Command> kdc) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new Group(ctx, id, link, channel, preSharedLinkAuthKey, kdc)))
                .onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private Group(ActorContext<Command> ctx, String id, LinkSettings link, ActorRef<QuantumChannel.Command> channel,
            byte[] preShared, ActorRef<QmKdc.Command> kdc) {
        super(ctx);
        this.id = id;
        this.kdc = kdc;
        ActorRef<akka.actor.typed.receptionist.Receptionist.Listing> portListings = ctx.messageAdapter(
                akka.actor.typed.receptionist.Receptionist.Listing.class,
                l -> new PortsChanged(List.copyOf(l.getServiceInstances(NodePort.KEY))));
        ctx.getSystem().receptionist().tell(akka.actor.typed.receptionist.Receptionist.subscribe(
                NodePort.KEY, portListings));
        if (link == null) {
            this.terminal = null;
        } else {
            this.terminal = new TerminalKeys(id, new LinkKeys(id, io.qmkdc.actor.link.DeliveryTap.of(ctx.getSystem()), false));
            ActorRef<LinkEvent> events = ctx.messageAdapter(LinkEvent.class, LinkEventReceived::new);
            ctx.spawn(LinkBob.create(id, link, channel, events, terminal.keys(), preShared), "terminal");
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Register.class, this::onRegister)
                .onMessage(DeliverGroupKey.class, this::onDeliverGroupKey)
                .onMessage(Membership.class, m -> { setMembers(m.members(), m.epoch()); return this; })
                .onMessage(Departed.class, m -> { members.departed(m.memberId()); return this; })
                .onMessage(MulticastRekey.class, r -> {
                    members.multicast(new Member.TreeRekeyed(r.rekey(), r.placements(), r.replyTo()));
                    return this;
                })
                .onMessage(Publish.class, p -> fromMember(members.publish(p.traffic()), p.traffic().from()))
                .onMessage(RelayIn.class, r -> { members.relayIn(r.traffic()); return this; })
                .onMessage(PublishReliable.class, p -> fromMember(
                        members.publishReliable(p.reliable(), p.reliable().traffic().from()), p.reliable().traffic().from()))
                .onMessage(RelayInReliable.class, r -> { members.publishReliable(r.reliable(), null); return this; })
                .onMessage(LinkEventReceived.class, this::onLinkEvent)
                .onMessage(PortsChanged.class, p -> { members.portsChanged(p.ports()); return this; })
                .onMessage(GetStatus.class, this::onGetStatus)
                .build();
    }

    /**
     * A member's (new) address. One the current epoch lists gets G_k now: on a cluster the member
     * entity registers itself and may do so after the key went out (or after it re-homed).
     */
    private Behavior<Command> onRegister(Register r) {
        ActorRef<Member.Command> before = members.register(r.memberId(), r.member());
        if (r.direct()) {
            r.member().tell(new Member.GroupAt(getContext().getSelf()));
        }
        Integer index = members.senderIndex(r.memberId());
        if (groupKey != null && index != null && !r.member().equals(before)) {
            r.member().tell(new Member.GroupKeyIssued(id, groupKey.epoch(), index, groupKey.key().export()));
        }
        return this;
    }

    /** Eq. 7: G_k = D(C(G_k), P_k); then to exactly the listed members. */
    private Behavior<Command> onDeliverGroupKey(DeliverGroupKey d) {
        if (terminal == null) {
            return refuse(d, "per-member keying: the group terminal holds no link key");
        }
        TerminalKeys.Opening o = terminal.open(d);
        if (o instanceof TerminalKeys.NotYet) {
            // The KDC end finished the round first; our end commits it in a moment.
            waiting = d;
            return this;
        }
        if (o instanceof TerminalKeys.Refused r) {
            return refuse(d, r.reason());
        }
        GroupKey gk = ((TerminalKeys.Opened) o).key();
        if (groupKey != null) {
            groupKey.destroy();
        }
        groupKey = gk;
        setMembers(d.members(), gk.epoch());
        for (MemberIndex m : d.members()) {
            ActorRef<Member.Command> ref = members.registered(m.member());
            if (ref != null) {
                ref.tell(new Member.GroupKeyIssued(id, gk.epoch(), m.senderIndex(), gk.key().export()));
            }
        }
        d.replyTo().tell(new QmKdc.GroupKeyAck(id, id, d.epoch(), true, ""));
        return this;
    }

    private void setMembers(List<MemberIndex> listed, long epoch) {
        members.setMembers(listed);
        this.epoch = epoch;
    }

    private Behavior<Command> refuse(DeliverGroupKey d, String reason) {
        lastError = reason;
        d.replyTo().tell(new QmKdc.GroupKeyAck(id, id, d.epoch(), false, reason));
        return this;
    }

    /** A publish from a non-member is dropped; the terminal notes it. */
    private Behavior<Command> fromMember(boolean member, String from) {
        if (!member) {
            lastError = "publish from non-member " + from;
        }
        return this;
    }

    private Behavior<Command> onLinkEvent(LinkEventReceived e) {
        if (e.event() instanceof LinkEvent.Tampered t) {
            kdc.tell(new QmKdc.LinkAlarm(t));
        } else if (e.event() instanceof LinkEvent.Keyed && waiting != null
                && terminal.keys().pool(waiting.pkRound()) != null) {
            DeliverGroupKey d = waiting;
            waiting = null;
            return onDeliverGroupKey(d);
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus g) {
        g.replyTo().tell(new Status(id, epoch, members.members(), members.fannedOut(), members.relayedIn(),
                terminal == null ? 0 : terminal.keys().totalBits(), lastError));
        return this;
    }
}
