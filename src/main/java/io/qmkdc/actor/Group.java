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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multicast group and its QKD terminal (paper §2.2–2.4; keying mode per-group): runs Bob's end of
 * the group's BB84 link ({@link LinkBob}), receives C(G_k) from the KDC and unwraps it with P_k
 * (eq. 6–7), hands G_k to the members the KDC lists for that epoch (members sit behind the
 * terminal), and fans out same-group traffic to the current members. In per-member keying it has
 * no link: members get G_k over their own links and the KDC sends the group its {@link Membership}.
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
    private final java.util.Set<String> everCurrent = new java.util.HashSet<>();
    /** Members that left for good ({@link Departed}) and no epoch has listed again. */
    private final java.util.Set<String> departed = new java.util.HashSet<>();
    private final Map<akka.actor.Address, ActorRef<NodePort.Command>> ports = new HashMap<>();
    private final TerminalKeys terminal;
    private final ActorRef<QmKdc.Command> kdc;
    private final Map<String, ActorRef<Member.Command>> registered = new HashMap<>();
    private final Map<String, Integer> current = new LinkedHashMap<>();
    private GroupKey groupKey;
    private long epoch = -1;
    private DeliverGroupKey waiting;
    private int fannedOut;
    private int relayedIn;
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
                .onMessage(Departed.class, m -> { departed.add(m.memberId()); return this; })
                .onMessage(MulticastRekey.class, this::onMulticastRekey)
                .onMessage(Publish.class, this::onPublish)
                .onMessage(RelayIn.class, this::onRelayIn)
                .onMessage(PublishReliable.class, p -> fanOutReliable(p.reliable(), p.reliable().traffic().from()))
                .onMessage(RelayInReliable.class, r -> fanOutReliable(r.reliable(), null))
                .onMessage(LinkEventReceived.class, this::onLinkEvent)
                .onMessage(PortsChanged.class, p -> {
                    ports.clear();
                    p.ports().forEach(port -> ports.put(port.path().address(), port));
                    return this;
                })
                .onMessage(GetStatus.class, this::onGetStatus)
                .build();
    }

    /**
     * A member's (new) address. One the current epoch lists gets G_k now: on a cluster the member
     * entity registers itself and may do so after the key went out (or after it re-homed).
     */
    private Behavior<Command> onRegister(Register r) {
        ActorRef<Member.Command> before = registered.put(r.memberId(), r.member());
        if (r.direct()) {
            r.member().tell(new Member.GroupAt(getContext().getSelf()));
        }
        Integer index = current.get(r.memberId());
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
            ActorRef<Member.Command> ref = registered.get(m.member());
            if (ref != null) {
                ref.tell(new Member.GroupKeyIssued(id, gk.epoch(), m.senderIndex(), gk.key().export()));
            }
        }
        d.replyTo().tell(new QmKdc.GroupKeyAck(id, id, d.epoch(), true, ""));
        return this;
    }

    private Behavior<Command> onMulticastRekey(MulticastRekey r) {
        Member.TreeRekeyed out = new Member.TreeRekeyed(r.rekey(), r.placements(), r.replyTo());
        for (String m : everCurrent) {
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref != null) {
                ref.tell(out);
            }
        }
        return this;
    }

    private void setMembers(List<MemberIndex> members, long epoch) {
        current.clear();
        for (MemberIndex m : members) {
            current.put(m.member(), m.senderIndex());
            everCurrent.add(m.member());
            departed.remove(m.member());
        }
        this.epoch = epoch;
    }

    private Behavior<Command> refuse(DeliverGroupKey d, String reason) {
        lastError = reason;
        d.replyTo().tell(new QmKdc.GroupKeyAck(id, id, d.epoch(), false, reason));
        return this;
    }

    private Behavior<Command> onPublish(Publish p) {
        if (!current.containsKey(p.traffic().from())) {
            lastError = "publish from non-member " + p.traffic().from();
            return this;
        }
        for (String m : current.keySet()) {
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref != null && !m.equals(p.traffic().from())) {
                ref.tell(new Member.Deliver(p.traffic()));
                fannedOut++;
            }
        }
        return this;
    }

    private Behavior<Command> onRelayIn(RelayIn r) {
        for (String m : current.keySet()) {
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref != null) {
                ref.tell(new Member.Deliver(r.traffic()));
                relayedIn++;
            }
        }
        return this;
    }

    /**
     * To every member that has held a key of this group (a member re-authenticating after its node
     * died is still owed the message: it acknowledges once keyed again) but {@code except}; a re-send
     * only to those it names. Recipients on a node with a delivery port get one message per node.
     * The sender learns the recipients and awaits their acks — all of them, also the members not
     * registered here yet (a new incarnation's terminal fills up as the member entities re-register):
     * they get the message on a re-send. A terminal that knows no membership yet answers nothing, so
     * the sender sends again instead of completing with no recipients. A member that departed is owed nothing
     * more: left out of the fan-out, so a re-send's recipients tell the sender it is gone.
     */
    private Behavior<Command> fanOutReliable(ReliableTraffic r, String except) {
        if (except != null && !current.containsKey(except)) {
            lastError = "publish from non-member " + except;
            return this;
        }
        if (everCurrent.isEmpty()) {
            return this;
        }
        java.util.List<String> to = new java.util.ArrayList<>();
        Map<ActorRef<NodePort.Command>, List<String>> perNode = new HashMap<>();
        for (String m : everCurrent) {
            if (m.equals(except) || departed.contains(m) || (r.only() != null && !r.only().contains(m))) {
                continue;
            }
            to.add(m);
            ActorRef<Member.Command> ref = registered.get(m);
            if (ref == null) {
                continue;
            }
            ActorRef<NodePort.Command> port = ports.get(ref.path().address());
            if (port == null) {
                ref.tell(new Member.DeliverReliable(r));
            } else {
                perNode.computeIfAbsent(port, k -> new java.util.ArrayList<>()).add(m);
            }
        }
        perNode.forEach((port, ids) -> port.tell(new NodePort.Fanout(r, ids)));
        if (except == null) {
            relayedIn += to.size();
        } else {
            fannedOut += to.size();
        }
        r.ackTo().tell(new Member.FannedOut(r.seq(), to));
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
        g.replyTo().tell(new Status(id, epoch, List.copyOf(current.keySet()), fannedOut, relayedIn,
                terminal == null ? 0 : terminal.keys().totalBits(), lastError));
        return this;
    }
}
