package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkBob;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.actor.link.LinkSettings;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.Sensitivity;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupSender;
import io.qmkdc.gkm.ReplayFilter;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A group member (paper §2.4–2.6): holds its authentication key K_c and answers the KDC's EPR
 * rounds with it (DESIGN §5 step 2; key update eq. 12 once the session passes); receives G_k from
 * its group terminal; sends same-group messages through its {@link Group} and cross-group messages
 * through the KDC relay; opens what it receives and rejects (and counts) anything that fails.
 * {@link SendReliable} messages carry an id (member id + sequence), are acknowledged by every
 * recipient and re-sent until then ({@link Outbox}); receivers deliver each id once
 * ({@link DeliveredIds}), never under an epoch older than their own.
 */
public final class Member extends AbstractBehavior<Member.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** From the channel: m of round {@code round}; f goes back through {@code channel}. */
    public record PairHalf(String session, int round, QubitRef qubit, ActorRef<Authenticator.Command> authenticator,
            ActorRef<QuantumChannel.Command> channel) implements Command {
    }

    /** From the KDC: settle the round — an announced X check, or the key update. */
    public record SettleRound(String session, int round, boolean check, ActorRef<Authenticator.Command> replyTo)
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

    /** What the member holds and saw (plaintexts are test payloads, not keys). */
    public record Status(String member, String group, boolean authenticated, long epoch, List<String> received,
            int rejected, int sent, String lastRefusal) implements CborSerializable {
    }

    /** Per-member keying: the member's own BB84 link (settings, channel, pre-shared link authentication key). */
    public record OwnLink(LinkSettings settings, ActorRef<QuantumChannel.Command> channel, byte[] preSharedAuthKey) {
        @Override
        public String toString() {
            return "OwnLink[" + settings.distanceKm() + " km]";
        }
    }

    private record LinkEventReceived(LinkEvent event) implements Command {
    }

    /**
     * Send {@code text} reliably (issue 4): to the own group when {@code targetGroup} is null or
     * the own group, else through the KDC relay; message id = member id + sequence, re-sent until
     * every recipient acknowledged ({@link ReliableTraffic}).
     */
    public record SendReliable(String targetGroup, String text, long seq, ActorRef<Completed> replyTo)
            implements Command {
        /** The member numbers the message itself (no completion report). */
        public SendReliable(String targetGroup, String text) {
            this(targetGroup, text, -1, null);
        }
    }

    /**
     * To the application that sent {@link SendReliable} with a {@code seq} of its own: every recipient
     * acknowledged it. An application re-submits (same seq) what stays incomplete, e.g. because the
     * sender's node died with its outbox; receivers drop the copies by message id.
     */
    public record Completed(String sender, long seq) implements CborSerializable {
    }

    /** From a node's delivery port: the application recorded the message of {@code seq} at these receivers. */
    public record Acks(long seq, List<String> receivers) implements Command {
    }

    /**
     * From the entity that spawned this member on a cluster node: hold reliable deliveries unacknowledged
     * until the application has {@link Subscribe}d with what it already consumed (so a re-homed member
     * neither loses nor repeats a message).
     */
    public record AwaitApplication() implements Command {
    }

    /** From the group terminal on a cluster: its own address, used instead of the one provisioned (a relay). */
    public record GroupAt(ActorRef<Group.Command> group) implements Command {
    }

    /** A reliable message, fanned out by a group. */
    public record DeliverReliable(ReliableTraffic reliable) implements Command {
    }

    /** From the fan-out point (own group or target group): who the message of {@code seq} went to. */
    public record FannedOut(long seq, List<String> recipients) implements Command {
    }

    /** From a recipient: the message of {@code seq} arrived (sent again for duplicates). */
    public record Ack(long seq, String receiver) implements Command {
    }

    /** The application behind this member: reliable messages are handed to {@code listener} (not kept in Status). */
    public record Subscribe(ActorRef<Delivered> listener, long subscription, boolean endToEnd,
            List<String> consumedSenders, long[] consumedSeqs) implements Command {
        /** The member acknowledges itself and hands each message to {@code listener} once. */
        public Subscribe(ActorRef<Delivered> listener) {
            this(listener, 0, false, List.of(), new long[0]);
        }
    }

    /**
     * A reliable message handed to the application, once per message id. With an end-to-end
     * {@link Subscribe} the application acknowledges ({@link Acks} to {@code ackTo}) after recording it,
     * and copies are handed on too ({@code duplicate}) so their acks follow the same path.
     */
    public record Delivered(String receiver, String messageId, long epoch, String text, String sender, long seq,
            boolean duplicate, long deliveredAtMicros, long subscription, ActorRef<Command> ackTo)
            implements CborSerializable {
        public Delivered(String receiver, String messageId, long epoch, String text) {
            this(receiver, messageId, epoch, text, "", -1, false, 0, 0, null);
        }

        @Override
        public String toString() {
            return "Delivered[" + messageId + " at " + receiver + (duplicate ? ", duplicate" : "") + "]";
        }
    }

    /** Resend policy: first timeout, cap of the timeout, sends allowed in all (first one included). */
    public record SetResendPolicy(long firstTimeoutMs, long maxTimeoutMs, int maxAttempts) implements Command {
    }

    public record GetReliability(ActorRef<Reliability> replyTo) implements Command {
    }

    /**
     * Reliable-messaging counts: messages sent, re-sends, re-sends re-sealed under a newer epoch,
     * given up, still unacknowledged; delivered, duplicates dropped, dropped as sealed under an
     * epoch older than the receiver's; and the member's key epoch (-1 none).
     */
    public record Reliability(String member, long epoch, long sent, long resends, long resealed, long gaveUp,
            int outstanding, long delivered, long duplicates, long staleEpoch) implements CborSerializable {
    }

    private record ResendTick(long scheduledNanos) implements Command {
    }

    /** From the {@link QubitStore} (multi-node): the key-update measurement of m; -1 when m was gone. */
    public record QubitMeasured(String session, int round, int fresh, ActorRef<Authenticator.Command> replyTo)
            implements Command {
    }

    public record GetDeliveryStats(ActorRef<DeliveryStats> replyTo) implements Command {
    }

    /**
     * Counters for the cluster monitor: {@code stale} counts deliveries opened under a key whose
     * epoch is older than the member's current one (must stay 0).
     */
    public record DeliveryStats(String member, boolean authenticated, long epoch, int delivered, int rejected,
            int stale, int sent) implements CborSerializable {
    }

    private final String id;
    private final String groupId;
    private final TerminalKeys ownKeys;
    private Group.DeliverGroupKey waiting;
    private final QuantumRegistry registry;
    private ActorRef<Group.Command> group;
    private final ActorRef<QmKdc.Command> kdc;
    private final SplittableRandom random;
    private BitVector kc;
    private BitVector pending;
    private final Map<Integer, QubitRef> kept = new HashMap<>();
    private boolean authenticated;
    private GroupKey key;
    private GroupSender sender;
    private final List<String> received = new ArrayList<>();
    private final ReplayFilter replays = new ReplayFilter();
    private int rejected;
    private int sent;
    private String lastRefusal = "";
    private final Outbox outbox = new Outbox();
    private DeliveredIds deliveredIds = new DeliveredIds();
    private ActorRef<Delivered> listener;
    private boolean awaitApplication;
    private GroupKeyIssued heldKey;
    private boolean endToEnd;
    private long subscription;
    private boolean tickScheduled;
    private long reliableSent;
    private long resends;
    private long resealed;
    private long gaveUp;
    private long reliableDelivered;
    private long duplicates;
    private long staleEpoch;
    private akka.actor.typed.ActorRef<QubitStore.Command> qubits;
    private int stale;

    public static Behavior<Command> create(String id, String groupId, BitVector kc, QuantumRegistry registry,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, long seed) {
        return create(id, groupId, kc, registry, group, kdc, null, seed);
    }

    /** {@code link} is the member's own BB84 link in per-member keying, null in per-group keying. */
    public static Behavior<Command> create(String id, String groupId, BitVector kc, QuantumRegistry registry,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, OwnLink link, long seed) {
        BitVector own = kc.copy(); // the caller may wipe its vector before setup runs
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new Member(ctx, id, groupId, own, registry, group, kdc, link, seed)))
                .onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private Member(ActorContext<Command> ctx, String id, String groupId, BitVector kc, QuantumRegistry registry,
            ActorRef<Group.Command> group, ActorRef<QmKdc.Command> kdc, OwnLink link, long seed) {
        super(ctx);
        if (link == null) {
            this.ownKeys = null;
        } else {
            this.ownKeys = new TerminalKeys(groupId, new LinkKeys(id));
            ActorRef<LinkEvent> events = ctx.messageAdapter(LinkEvent.class, LinkEventReceived::new);
            ctx.spawn(LinkBob.create(id, link.settings(), link.channel(), events, ownKeys.keys(),
                    link.preSharedAuthKey()), "link");
        }
        this.id = id;
        this.groupId = groupId;
        this.kc = kc.copy();
        this.pending = kc.copy();
        this.registry = registry;
        this.group = group;
        this.kdc = kdc;
        this.random = new SplittableRandom(seed);
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

    public static Behavior<Command> create(String id, String groupId, BitVector kc,
            ActorRef<QubitStore.Command> qubits, ActorRef<Group.Command> group,
            ActorRef<QmKdc.Command> kdc, OwnLink link, long seed) {
        BitVector own = kc.copy();
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> {
            Member m = new Member(ctx, id, groupId, own, null, group, kdc, link, seed);
            m.qubits = qubits;
            return m;
        })).onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    /** Owner name of qubits this member holds. */
    public static String owner(String memberId) {
        return "member:" + memberId;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PairHalf.class, this::onPairHalf)
                .onMessage(SettleRound.class, this::onSettle)
                .onMessage(AuthenticationResult.class, this::onResult)
                .onMessage(GroupKeyIssued.class, this::onGroupKey)
                .onMessage(DeliverGroupKey.class, d -> onDeliverGroupKey(d.wrapped()))
                .onMessage(LinkEventReceived.class, this::onLinkEvent)
                .onMessage(SendToGroup.class, this::onSendToGroup)
                .onMessage(SendToOtherGroup.class, this::onSendToOther)
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(SecretDelivery.class, this::onSecretDelivery)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(SendReliable.class, this::onSendReliable)
                .onMessage(DeliverReliable.class, this::onDeliverReliable)
                .onMessage(FannedOut.class, this::onFannedOut)
                .onMessage(Ack.class, this::onAck)
                .onMessage(Acks.class, this::onAcks)
                .onMessage(AwaitApplication.class, a -> { awaitApplication = true; return this; })
                .onMessage(GroupAt.class, g -> { group = g.group(); return this; })
                .onMessage(ResendTick.class, this::onResendTick)
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(SetResendPolicy.class, p -> {
                    outbox.policy = new Outbox.Policy(p.firstTimeoutMs(), p.maxTimeoutMs(), p.maxAttempts());
                    return this;
                })
                .onMessage(GetReliability.class, g -> {
                    g.replyTo().tell(new Reliability(id, key == null ? -1 : key.epoch(), reliableSent, resends,
                            resealed, gaveUp, outbox.size(), reliableDelivered, duplicates, staleEpoch));
                    return this;
                })
                .onMessage(QubitMeasured.class, this::onQubitMeasured)
                .onMessage(GetDeliveryStats.class, g -> {
                    g.replyTo().tell(new DeliveryStats(id, authenticated, key == null ? -1 : key.epoch(), received.size(),
                            rejected, stale, sent));
                    return this;
                })
                .build();
    }

    /** DESIGN §5 step 2 (eq. 9–10): f = |v> or H|v> with b, v from K_c; CNOT(m → f); keep m, return f. */
    private Behavior<Command> onPairHalf(PairHalf p) {
        int b = kc.bit(2 * p.round());
        int v = kc.bit(2 * p.round() + 1);
        if (qubits != null) {
            kept.put(p.round(), p.qubit());
            qubits.tell(new QubitStore.Encode(p.session(), p.round(), p.qubit(), b, v, p.channel(),
                    p.authenticator()));
            return this;
        }
        QubitRef f = EprAuthentication.memberEncode(registry, p.qubit(), b, v);
        kept.put(p.round(), p.qubit());
        p.channel().tell(new QuantumChannel.CarryReturn(p.session(), p.round(), f, p.authenticator()));
        return this;
    }

    private Behavior<Command> onSettle(SettleRound s) {
        QubitRef m = kept.remove(s.round());
        if (m == null) {
            s.replyTo().tell(new Authenticator.RoundSettled(s.session(), s.round(), -1));
            return this;
        }
        if (qubits != null) {
            qubits.tell(s.check() ? new QubitStore.BellCheck(s.session(), s.round(), m, s.replyTo())
                    : new QubitStore.MeasureUpdate(s.session(), s.round(), m, s.replyTo(),
                            getContext().getSelf()));
            return this;
        }
        if (s.check()) {
            s.replyTo().tell(new Authenticator.RoundSettled(s.session(), s.round(),
                    EprAuthentication.bellCheckOutcome(registry, m, random)));
            return this;
        }
        int fresh = EprAuthentication.updatedFirstBit(registry, m, random);
        int b = kc.bit(2 * s.round());
        int v = kc.bit(2 * s.round() + 1);
        pending.set(2 * s.round(), fresh == 1);
        pending.set(2 * s.round() + 1, EprAuthentication.updatedSecondBit(b, v, fresh) == 1);
        s.replyTo().tell(new Authenticator.RoundSettled(s.session(), s.round(), 0));
        return this;
    }

    /** The remote half of {@link #onSettle}'s key update. */
    private Behavior<Command> onQubitMeasured(QubitMeasured q) {
        if (q.fresh() < 0) {
            q.replyTo().tell(new Authenticator.RoundSettled(q.session(), q.round(), -1));
            return this;
        }
        int b = kc.bit(2 * q.round());
        int v = kc.bit(2 * q.round() + 1);
        pending.set(2 * q.round(), q.fresh() == 1);
        pending.set(2 * q.round() + 1, EprAuthentication.updatedSecondBit(b, v, q.fresh()) == 1);
        q.replyTo().tell(new Authenticator.RoundSettled(q.session(), q.round(), 0));
        return this;
    }

    private Behavior<Command> onResult(AuthenticationResult r) {
        authenticated = r.passed();
        if (r.passed()) {
            kc.wipe();
            kc = pending.copy();
            if (heldKey != null) {
                GroupKeyIssued g = heldKey;
                heldKey = null;
                onGroupKey(g);
            }
        } else {
            lastRefusal = "authentication failed in session " + r.session();
            if (heldKey != null) {
                java.util.Arrays.fill(heldKey.key(), (byte) 0);
                heldKey = null;
            }
            pending.wipe();
            pending = kc.copy();
        }
        return this;
    }

    private Behavior<Command> onGroupKey(GroupKeyIssued g) {
        if (!authenticated && g.groupId().equals(groupId)) {
            // On a cluster the key may overtake the authentication result (other paths): hold the newest.
            if (heldKey == null || g.epoch() > heldKey.epoch()) {
                if (heldKey != null) {
                    java.util.Arrays.fill(heldKey.key(), (byte) 0);
                }
                heldKey = g;
            } else {
                java.util.Arrays.fill(g.key(), (byte) 0);
            }
            return this;
        }
        if (!authenticated || !g.groupId().equals(groupId) || (key != null && g.epoch() <= key.epoch())) {
            return this;
        }
        if (key != null) {
            key.destroy();
        }
        key = new GroupKey(g.groupId(), g.epoch(), AeadKey.of(g.key()));
        sender = new GroupSender(key, g.senderIndex());
        java.util.Arrays.fill(g.key(), (byte) 0);
        return this;
    }

    /** Per-member keying, eq. 7 at the member: G_k = D(C(G_k), P_k(m_i)). */
    private Behavior<Command> onDeliverGroupKey(Group.DeliverGroupKey d) {
        if (ownKeys == null) {
            return this;
        }
        TerminalKeys.Opening o = ownKeys.open(d);
        if (o instanceof TerminalKeys.NotYet) {
            waiting = d; // our link end commits that round in a moment
            return this;
        }
        if (o instanceof TerminalKeys.Refused r) {
            lastRefusal = r.reason();
            d.replyTo().tell(new QmKdc.GroupKeyAck(groupId, id, d.epoch(), false, r.reason()));
            return this;
        }
        GroupKey gk = ((TerminalKeys.Opened) o).key();
        int index = d.members().stream().filter(m -> m.member().equals(id)).mapToInt(Group.MemberIndex::senderIndex)
                .findFirst().orElse(-1);
        byte[] raw = gk.key().export();
        gk.destroy();
        onGroupKey(new GroupKeyIssued(groupId, d.epoch(), index, raw));
        d.replyTo().tell(new QmKdc.GroupKeyAck(groupId, id, d.epoch(), index >= 0, index >= 0 ? "" : "not listed"));
        return this;
    }

    private Behavior<Command> onLinkEvent(LinkEventReceived e) {
        if (e.event() instanceof LinkEvent.Keyed && waiting != null && ownKeys.keys().pool(waiting.pkRound()) != null) {
            Group.DeliverGroupKey d = waiting;
            waiting = null;
            return onDeliverGroupKey(d);
        }
        if (e.event() instanceof LinkEvent.Tampered t && kdc != null) {
            kdc.tell(new QmKdc.LinkAlarm(t));
        }
        return this;
    }

    private Behavior<Command> onSendToGroup(SendToGroup s) {
        if (s.sensitivity() != null && s.sensitivity() != Sensitivity.NORMAL) {
            return sendSecret(s);
        }
        GroupTraffic t = seal(s.text());
        if (t != null) {
            group.tell(new Group.Publish(t));
        }
        return this;
    }

    private Behavior<Command> sendSecret(SendToGroup s) {
        if (ownKeys == null) {
            lastRefusal = s.sensitivity() + " needs QKD key at the member: use per-member keying";
            return this;
        }
        if (!authenticated) {
            lastRefusal = s.sensitivity() + " refused: not authenticated";
            return this;
        }
        SecretHop.Sealing sealing = SecretHop.seal(groupId, id, s.sensitivity(), ownKeys.keys(), true,
                s.text().getBytes(StandardCharsets.UTF_8));
        if (sealing.sealed() == null) {
            lastRefusal = sealing.refusal();
            return this;
        }
        sent++;
        kdc.tell(new QmKdc.SecretToGroup(sealing.sealed()));
        return this;
    }

    private Behavior<Command> onSecretDelivery(SecretDelivery d) {
        Aead.Opening o = ownKeys == null ? new Aead.Rejected("no link") : SecretHop.open(d.sealed(), ownKeys.keys(), false);
        if (o instanceof Aead.Opened opened) {
            received.add(new String(opened.plaintext(), StandardCharsets.UTF_8));
        } else {
            rejected++;
        }
        ActorMetrics.secretDelivery(o instanceof Aead.Opened);
        return this;
    }

    private Behavior<Command> onSendToOther(SendToOtherGroup s) {
        GroupTraffic t = seal(s.text());
        if (t != null) {
            kdc.tell(new QmKdc.RelayToGroup(s.targetGroup(), t));
        }
        return this;
    }

    private GroupTraffic seal(String text) {
        if (sender == null) {
            lastRefusal = "no group key: " + (authenticated ? "not yet delivered" : "not authenticated");
            return null;
        }
        GroupSender.Sending s = sender.seal(text.getBytes(StandardCharsets.UTF_8));
        if (s instanceof GroupSender.NotSent n) {
            lastRefusal = n.reason();
            return null;
        }
        sent++;
        return GroupTraffic.of(((GroupSender.Sent) s).message(), id);
    }

    private Behavior<Command> onDeliver(Deliver d) {
        if (key == null) {
            rejected++;
            ActorMetrics.delivery(d.traffic(), false);
            return this;
        }
        Aead.Opening o = d.traffic().message().open(key);
        if (o instanceof Aead.Opened opened && replays.markFresh(d.traffic().message().id())) {
            if (d.traffic().epoch() < key.epoch()) {
                stale++; // cannot open under the current key; counted so a test can assert it
            }
            received.add(new String(opened.plaintext(), StandardCharsets.UTF_8));
            ActorMetrics.delivery(d.traffic(), true);
        } else {
            rejected++; // tampered, under another key, or a replay
            ActorMetrics.delivery(d.traffic(), false);
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus g) {
        g.replyTo().tell(new Status(id, groupId, authenticated, key == null ? -1 : key.epoch(), List.copyOf(received),
                rejected, sent, lastRefusal));
        return this;
    }

    private Behavior<Command> onSubscribe(Subscribe sub) {
        listener = sub.listener();
        endToEnd = sub.endToEnd();
        subscription = sub.subscription();
        if (endToEnd) {
            // The application's record is authoritative; a new application numbers its messages afresh.
            deliveredIds = new DeliveredIds();
            outbox.removeNumbered();
        }
        for (int i = 0; i < sub.consumedSeqs().length; i++) {
            deliveredIds.markFresh(sub.consumedSenders().get(i), sub.consumedSeqs()[i]);
        }
        return this;
    }

    private Behavior<Command> onSendReliable(SendReliable s) {
        String target = s.targetGroup() == null || s.targetGroup().equals(groupId) ? null : s.targetGroup();
        Outbox.Entry e = s.seq() < 0 ? outbox.add(target, s.text()) : outbox.add(s.seq(), target, s.text());
        if (e == null) {
            return this; // a re-submission of a message still in the outbox: its re-sends carry on
        }
        e.replyTo = s.replyTo();
        reliableSent++;
        transmit(e);
        scheduleTick();
        return this;
    }

    /** Seals the entry afresh under the current G_k (a newer epoch than last time counts as re-sealed) and sends it. */
    private void transmit(Outbox.Entry e) {
        outbox.sent(e, System.nanoTime());
        GroupTraffic t = seal(e.text);
        if (t == null) {
            return; // no key yet: the timer tries again
        }
        if (e.epoch >= 0 && t.epoch() > e.epoch) {
            resealed++;
        }
        e.epoch = t.epoch();
        ReliableTraffic r = new ReliableTraffic(id, e.seq, getContext().getSelf(), t, e.unacknowledged());
        if (e.targetGroup == null) {
            group.tell(new Group.PublishReliable(r));
        } else {
            kdc.tell(new QmKdc.RelayReliable(e.targetGroup, r));
        }
    }

    private void scheduleTick() {
        if (!tickScheduled && outbox.size() > 0) {
            tickScheduled = true;
            getContext().scheduleOnce(java.time.Duration.ofMillis(Math.max(10, outbox.policy.firstTimeoutMs() / 2)),
                    getContext().getSelf(), new ResendTick(System.nanoTime()));
        }
    }

    private Behavior<Command> onResendTick(ResendTick t) {
        tickScheduled = false;
        long now = System.nanoTime();
        for (Outbox.Entry e : outbox.due(now)) {
            if (e.attempts >= outbox.policy.maxAttempts()) {
                gaveUp++;
                outbox.remove(e.seq);
                lastRefusal = "gave up on message " + id + "#" + e.seq + " after " + e.attempts + " sends";
            } else {
                resends++;
                transmit(e);
            }
        }
        scheduleTick();
        return this;
    }

    /** The first fan-out fixes who must acknowledge; a re-send's fan-out (to some of them) changes nothing. */
    private Behavior<Command> onFannedOut(FannedOut f) {
        Outbox.Entry e = outbox.get(f.seq());
        if (e != null && e.recipients == null) {
            e.recipients = List.copyOf(f.recipients());
            completeIfDone(e);
        }
        return this;
    }

    private Behavior<Command> onAck(Ack a) {
        return acknowledged(a.seq(), List.of(a.receiver()));
    }

    private Behavior<Command> onAcks(Acks a) {
        return acknowledged(a.seq(), a.receivers());
    }

    private Behavior<Command> acknowledged(long seq, List<String> receivers) {
        Outbox.Entry e = outbox.get(seq);
        if (e != null) {
            e.acked.addAll(receivers);
            completeIfDone(e);
        }
        return this;
    }

    private void completeIfDone(Outbox.Entry e) {
        if (e.complete()) {
            outbox.remove(e.seq);
            if (e.replyTo != null) {
                e.replyTo.tell(new Completed(id, e.seq));
            }
        }
    }

    /**
     * Delivers once per message id, only under the current epoch: a message sealed under an older
     * epoch is dropped unacknowledged (the sender re-seals it on re-send); one this member cannot
     * open yet (newer epoch, no key) also waits for the re-send. Duplicates are acknowledged again.
     */
    private Behavior<Command> onDeliverReliable(DeliverReliable d) {
        if (awaitApplication && listener == null) {
            return this; // not resumed by the application yet: unacknowledged, so the sender sends it again
        }
        ReliableTraffic r = d.reliable();
        GroupTraffic t = r.traffic();
        if (key != null && t.groupId().equals(key.groupId()) && t.epoch() < key.epoch()) {
            staleEpoch++;
            return this;
        }
        if (key == null) {
            rejected++;
            return this;
        }
        Aead.Opening o = t.message().open(key);
        if (!(o instanceof Aead.Opened opened)) {
            rejected++;
            return this;
        }
        replays.markFresh(t.message().id());
        if (endToEnd) {
            boolean fresh = deliveredIds.markFresh(r.sender(), r.seq());
            if (fresh) {
                reliableDelivered++;
            } else {
                duplicates++;
            }
            long micros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
            listener.tell(new Delivered(id, r.messageId(), t.epoch(),
                    fresh ? new String(opened.plaintext(), StandardCharsets.UTF_8) : "", r.sender(), r.seq(), !fresh,
                    micros, subscription, r.ackTo()));
            return this; // the application acknowledges once it recorded the message
        }
        if (deliveredIds.markFresh(r.sender(), r.seq())) {
            reliableDelivered++;
            String text = new String(opened.plaintext(), StandardCharsets.UTF_8);
            if (listener != null) {
                listener.tell(new Delivered(id, r.messageId(), t.epoch(), text));
            } else {
                received.add(text);
            }
        } else {
            duplicates++;
        }
        r.ackTo().tell(new Ack(r.seq(), id));
        return this;
    }
}
