package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.actor.link.LinkSettings;
import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import io.qmkdc.wire.CborSerializable;
import java.util.List;
import java.util.function.Function;

/**
 * A group member (paper §2.4–2.6): holds its authentication key K_c and answers the KDC's EPR
 * rounds with it (DESIGN §5 step 2; key update eq. 12 once the session passes); receives G_k from
 * its group terminal; sends same-group messages through its {@link Group} and cross-group messages
 * through the KDC relay; opens what it receives and rejects (and counts) anything that fails.
 * The member routes; its parts do the work: the {@link AuthenticationResponder} (EPR rounds, over
 * wherever its qubits live), {@link MemberGroupKey} (G_k: install, seal, open), the
 * {@link ReliableEndpoint} ({@link SendReliable}: ids, acknowledgements, re-sends, once-only
 * delivery) and, in per-member keying, the {@link MemberLinkEnd} (its own BB84 link's Bob and what
 * its key opens). Its reliable-messaging protocol is declared in {@link MemberReliableProtocol}, its
 * replies in {@link MemberReplies}.
 */
public final class Member extends AbstractBehavior<Member.Command> implements MemberReliableProtocol, MemberReplies {

    /** What a member's host may be sent: its commands, and the lifecycle messages of whatever hosts it (a shard entity). */
    public interface Inbound {
    }

    public sealed interface Command extends Inbound, CborSerializable {
    }

    /**
     * Reliable messaging (issue 4): the commands the {@link ReliableEndpoint} handles, declared in
     * {@link MemberReliableProtocol} (which the member inherits, so they are named {@code Member.SendReliable} …).
     */
    public sealed interface Reliably extends Command permits SendReliable, Acks, AwaitApplication, DeliverReliable,
            FannedOut, Ack, Subscribe, SetResendPolicy, GetReliability {
    }

    /** From the channel: m of round {@code round}; f goes back through {@code channel}. */
    public record PairHalf(String session, int round, QubitRef qubit, ActorRef<Authenticator.Command> authenticator,
            ActorRef<QuantumChannel.Command> channel) implements Command {
    }

    /** From the channel: the m of every round of a session, round i at {@code qubits[i]}; each f goes back through {@code channel}. */
    public record PairHalves(String session, java.util.List<QubitRef> qubits, ActorRef<Authenticator.Command> authenticator,
            ActorRef<QuantumChannel.Command> channel) implements Command {
    }

    /** From the KDC, after every f is back: settle all rounds — {@code checks[i]}: round i is an announced X check, else the key update. */
    public record SettleRounds(String session, boolean[] checks, ActorRef<Authenticator.Command> replyTo)
            implements Command {
    }

    public record AuthenticationResult(String session, boolean passed) implements Command {
    }

    /** From the group terminal (behind which the member sits): G_k of an epoch and this member's sender index. */
    public record GroupKeyIssued(String groupId, long epoch, int senderIndex, byte[] key) implements Command {
        @Override
        public String toString() {
            return "GroupKeyIssued[" + groupId + "@" + epoch + ", sender=" + senderIndex + "]";
        }
    }

    /**
     * From the group terminal with LKH rekeying: one batch's multicast rekey and the joiners' placements
     * ({@link MemberTreeKeys} opens what its path needs).
     */
    public record TreeRekeyed(io.qmkdc.gkm.TreeRekey rekey, List<io.qmkdc.gkm.LeafPlacement> placements,
            ActorRef<QmKdc.Command> replyTo) implements Command {
    }

    public record GetTreeStatus(ActorRef<TreeStatus> replyTo) implements Command {
    }

    /** From the KDC in per-member keying: C(G_k) under this member's own P_k (paper eq. 6). */
    public record DeliverGroupKey(Group.DeliverGroupKey wrapped) implements Command {
    }

    /**
     * Send {@code text} to the own group at a sensitivity level: NORMAL under G_k through the
     * group; HIGH and TOP_SECRET hop by hop through the KDC under QKD key ({@link SecretHop}),
     * which needs per-member keying.
     */
    public record SendToGroup(String text, Sensitivity sensitivity) implements Command {
        public SendToGroup(String text) {
            this(text, Sensitivity.NORMAL);
        }
    }

    /** From the KDC: a HIGH or TOP_SECRET message re-sealed for this member's link. */
    public record SecretDelivery(SecretHop.Sealed sealed) implements Command {
    }

    /** Send {@code text} to every member of {@code targetGroup} through the KDC relay. */
    public record SendToOtherGroup(String targetGroup, String text) implements Command {
    }

    /** A group message (own group, or relayed from another group). */
    public record Deliver(GroupTraffic traffic) implements Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /** Per-member keying: the member's own BB84 link (settings, channel, pre-shared link authentication key). */
    public record OwnLink(LinkSettings settings, ActorRef<QuantumChannel.Command> channel, byte[] preSharedAuthKey) {
        @Override
        public String toString() {
            return "OwnLink[" + settings.distanceKm() + " km]";
        }
    }

    record LinkEventReceived(LinkEvent event) implements Command {
    }

    /** From the group terminal on a cluster: its own address, used instead of the one provisioned (a relay). */
    public record GroupAt(ActorRef<Group.Command> group) implements Command {
    }


    record ResendTick(long scheduledNanos) implements Command {
    }

    /**
     * From the {@link QubitStore} (multi-node): the outcomes of the kept m's measured for a settlement,
     * {@code outcomes[i]} for round i (-1: no m kept, or it was gone).
     */
    public record QubitsMeasured(String session, int[] outcomes, ActorRef<Authenticator.Command> replyTo)
            implements Command {
    }

    public record GetDeliveryStats(ActorRef<DeliveryStats> replyTo) implements Command {
    }

    private final String id;
    private final String groupId;
    private ActorRef<Group.Command> group;
    private final ActorRef<QmKdc.Command> kdc;
    private final MemberTally tally = new MemberTally();
    private final MemberGroupKey keys;
    private final AuthenticationResponder auth;
    private final ReliableEndpoint reliable;
    private final TransitFaults.Link faults; // the load driver's test faults on the publishes, else none
    private final MemberLinkEnd link; // null in per-group keying
    private final MemberTreeKeys tree; // null in per-group keying

    /** {@code seed}: the member's measurements draw from its (seed, session#round) streams. */
    public static Behavior<Command> create(String id, String groupId, BitVector kc, QuantumRegistry registry,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, long seed) {
        return create(id, groupId, kc, registry, group, kdc, null, seed);
    }

    /** {@code link} is the member's own BB84 link in per-member keying, null in per-group keying. */
    public static Behavior<Command> create(String id, String groupId, BitVector kc, QuantumRegistry registry,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, OwnLink link, long seed) {
        return create(id, groupId, kc, self -> new MemberQubitSide.Here(registry, seed), group, kdc, link);
    }

    /**
     * A member on a node without the qubit states (a cluster's member entity; {@code link} its own BB84 link in
     * per-member keying, else null): its gates
     * and measurements go to {@code qubits}, the store beside the KDC's {@link QuantumRegistry}.
     */
    public static Behavior<Command> create(String id, String groupId, BitVector kc,
            ActorRef<QubitStore.Command> qubits, ActorRef<Group.Command> group,
            ActorRef<QmKdc.Command> kdc, long seed) {
        return create(id, groupId, kc, qubits, group, kdc, null, seed);
    }

    /** As above, with the member's own BB84 link in per-member keying ({@code link} null in per-group keying). */
    public static Behavior<Command> create(String id, String groupId, BitVector kc,
            ActorRef<QubitStore.Command> qubits, ActorRef<Group.Command> group,
            ActorRef<QmKdc.Command> kdc, OwnLink link, long seed) {
        return create(id, groupId, kc, self -> new MemberQubitSide.AtStore(qubits, self), group, kdc, link);
    }

    private static Behavior<Command> create(String id, String groupId, BitVector kc,
            Function<ActorRef<Command>, MemberQubitSide> qubits, ActorRef<Group.Command> group,
            ActorRef<QmKdc.Command> kdc, OwnLink link) {
        BitVector own = kc.copy(); // the caller may wipe its vector before setup runs
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new Member(ctx, id, groupId, own,
                qubits.apply(ctx.getSelf()), group, kdc, link))).onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private Member(ActorContext<Command> ctx, String id, String groupId, BitVector kc, MemberQubitSide qubits,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, OwnLink link) {
        super(ctx);
        this.id = id;
        this.groupId = groupId;
        this.group = group;
        this.kdc = kdc;
        this.keys = new MemberGroupKey(id, groupId);
        this.faults = TransitFaults.get(ctx.getSystem()).link("publish:" + id);
        this.auth = new AuthenticationResponder(kc, qubits);
        kc.wipe();
        this.reliable = new ReliableEndpoint(ctx, id, groupId, keys, tally, (target, r) -> {
            if (target == null) {
                faults.send(this.group, new Group.PublishReliable(r));
            } else {
                kdc.tell(new QmKdc.RelayReliable(target, r));
            }
        });
        this.link = link == null ? null : new MemberLinkEnd(ctx, id, groupId, link, keys, tally, kdc);
        this.tree = link == null ? null : new MemberTreeKeys(id, groupId, this.link.linkKeys(), keys, tally);
    }

    /** Owner name of qubits this member holds. */
    public static String owner(String memberId) {
        return "member:" + memberId;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PairHalf.class, p -> { auth.onPairHalf(p); return this; })
                .onMessage(PairHalves.class, p -> { auth.onPairHalves(p); return this; })
                .onMessage(SettleRounds.class, s -> { auth.onSettle(s); return this; })
                .onMessage(QubitsMeasured.class, q -> { auth.onMeasured(q); return this; })
                .onMessage(AuthenticationResult.class, this::onResult)
                .onMessage(GroupKeyIssued.class, g -> { keys.issued(g); return this; })
                .onMessage(DeliverGroupKey.class, d -> { if (link != null) link.onDeliverGroupKey(d.wrapped()); return this; })
                .onMessage(LinkEventReceived.class, e -> {
                    link.onLinkEvent(e.event());
                    if (e.event() instanceof LinkEvent.Keyed) {
                        tree.onLinkKeyed();
                    }
                    return this;
                })
                .onMessage(TreeRekeyed.class, r -> { if (tree != null) tree.onRekey(r); return this; })
                .onMessage(GetTreeStatus.class, g -> {
                    g.replyTo().tell(tree == null ? new TreeStatus(id, -1, 0, 0, 0) : tree.status());
                    return this;
                })
                .onMessage(SendToGroup.class, this::onSendToGroup)
                .onMessage(SendToOtherGroup.class, s -> {
                    keys.seal(s.text(), tally, t -> kdc.tell(new QmKdc.RelayToGroup(s.targetGroup(), t)));
                    return this;
                })
                .onMessage(Deliver.class, d -> { keys.deliver(d.traffic(), tally); return this; })
                .onMessage(SecretDelivery.class, this::onSecretDelivery)
                .onMessage(GetStatus.class, g -> { g.replyTo().tell(status()); return this; })
                .onMessage(SendReliable.class, s -> { reliable.onSend(s); return this; })
                .onMessage(DeliverReliable.class, d -> { reliable.onDeliver(d); return this; })
                .onMessage(FannedOut.class, f -> { reliable.onFannedOut(f); return this; })
                .onMessage(Ack.class, a -> { reliable.acknowledged(a.seq(), List.of(a.receiver())); return this; })
                .onMessage(Acks.class, a -> { reliable.acknowledged(a.seq(), a.receivers()); return this; })
                .onMessage(AwaitApplication.class, a -> { reliable.awaitApplication(); return this; })
                .onMessage(GroupAt.class, g -> { group = g.group(); return this; })
                .onMessage(ResendTick.class, t -> { reliable.onResendTick(); return this; })
                .onMessage(Subscribe.class, sub -> { reliable.onSubscribe(sub); return this; })
                .onMessage(SetResendPolicy.class, p -> { reliable.policy(p); return this; })
                .onMessage(GetReliability.class, g -> { g.replyTo().tell(reliable.reliability()); return this; })
                .onMessage(GetDeliveryStats.class, g -> {
                    g.replyTo().tell(new DeliveryStats(id, keys.authenticated(), keys.epoch(), tally.received.size(),
                            tally.rejected, tally.stale, tally.sent));
                    return this;
                })
                .build();
    }

    private Status status() {
        return new Status(id, groupId, keys.authenticated(), keys.epoch(), List.copyOf(tally.received), tally.rejected,
                tally.sent, tally.lastRefusal);
    }

    private Behavior<Command> onResult(AuthenticationResult r) {
        auth.onResult(r);
        keys.verdict(r.passed());
        if (!r.passed()) {
            tally.lastRefusal = "authentication failed in session " + r.session();
        }
        return this;
    }

    private Behavior<Command> onSendToGroup(SendToGroup s) {
        if (!MemberLinkEnd.needsLink(s.sensitivity())) {
            keys.seal(s.text(), tally, t -> group.tell(new Group.Publish(t)));
        } else if (link == null) {
            tally.lastRefusal = s.sensitivity() + " needs QKD key at the member: use per-member keying";
        } else {
            link.send(s);
        }
        return this;
    }

    private Behavior<Command> onSecretDelivery(SecretDelivery d) {
        if (link == null) {
            MemberLinkEnd.receive(new Aead.Rejected("no link"), tally);
        } else {
            link.onSecretDelivery(d);
        }
        return this;
    }
}
