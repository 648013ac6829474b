package io.qmkdc.actor;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.gkm.CrossGroupRelay;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupPrivateKey;
import io.qmkdc.gkm.GroupSender;
import io.qmkdc.wire.CborSerializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KDC's cross-group relay (paper §2.5, fig. 6): opens a member's message with its source
 * group's key of that epoch, re-encrypts it under the target group's current key (the KDC's own
 * sender index, one sealer per target epoch so nonces never repeat) and hands it to the target
 * group. Tampered, stale or duplicate messages are rejected and counted. It holds its own copies
 * of the groups' kept keys, sent by the KDC ({@link EpochKeys}) whenever an epoch opens: nothing
 * is shared with the KDC but messages.
 */
public final class Relay extends AbstractBehavior<Relay.Command> {

    /** Not every command is CBOR: {@link EpochKeys} carries live keys and must never leave the JVM. */
    public sealed interface Command permits Forward, ForwardReliable, EpochKeys, CompleteStatus {
    }

    /** {@code sentAtMicros}: the sender's wall clock (epoch µs), for the relay latency metric; 0 = unknown. */
    public record Forward(String targetGroup, GroupTraffic traffic, long sentAtMicros) implements Command, CborSerializable {
        public Forward(String targetGroup, GroupTraffic traffic) {
            this(targetGroup, traffic, 0);
        }
    }

    /** Reliable cross-group traffic: relayed like {@link Forward}, the id and ack address kept. */
    public record ForwardReliable(String targetGroup, ReliableTraffic reliable) implements Command, CborSerializable {
    }

    /**
     * From the KDC, its parent: the keys of epochs the relay has not seen yet, oldest first, copied
     * for the relay (which destroys them when retired), and the group's terminal. Local only: it has
     * no serializer, so Akka refuses to send it to another node (and its check of local messages
     * under {@code serialize-messages} is skipped on purpose).
     */
    public record EpochKeys(String groupId, ActorRef<Group.Command> terminal, List<GroupKey> keys)
            implements Command, NoSerializationVerificationNeeded {
        /** Copies of {@code keys}: the KDC destroys its own when it retires an epoch. */
        static EpochKeys copyOf(String groupId, ActorRef<Group.Command> terminal, List<GroupKey> keys) {
            List<GroupKey> copies = new ArrayList<>();
            for (GroupKey k : keys) {
                byte[] raw = k.key().export();
                copies.add(new GroupKey(k.groupId(), k.epoch(), AeadKey.of(raw)));
                Arrays.fill(raw, (byte) 0);
            }
            return new EpochKeys(groupId, terminal, copies);
        }

        @Override
        public String toString() {
            return "EpochKeys[" + groupId + ", " + keys.size() + " keys]";
        }
    }

    /** From the KDC: its status without the relay's counts; the relay adds them and replies. */
    public record CompleteStatus(QmKdc.Status partial, ActorRef<QmKdc.Status> replyTo)
            implements Command, CborSerializable {
    }

    private final int keptEpochs;
    private final Map<String, ArrayDeque<GroupKey>> keys = new HashMap<>();
    private final Map<String, ActorRef<Group.Command>> terminals = new HashMap<>();
    private final Map<String, GroupSender> senders = new HashMap<>();
    private final CrossGroupRelay relay = new CrossGroupRelay();
    private long unroutable;

    /** {@code keptEpochs}: keys kept per group for in-flight messages, as the KDC keeps them. */
    public static Behavior<Command> create(int keptEpochs) {
        return Behaviors.setup(ctx -> new Relay(ctx, keptEpochs));
    }

    private Relay(ActorContext<Command> ctx, int keptEpochs) {
        super(ctx);
        this.keptEpochs = keptEpochs;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onMessage(Forward.class, this::onForward)
                .onMessage(ForwardReliable.class, this::onForwardReliable)
                .onMessage(EpochKeys.class, this::onEpochKeys)
                .onMessage(CompleteStatus.class, this::onCompleteStatus)
                .onSignal(PostStop.class, s -> {
                    keys.values().forEach(q -> q.forEach(GroupKey::destroy));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onEpochKeys(EpochKeys k) {
        terminals.put(k.groupId(), k.terminal());
        ArrayDeque<GroupKey> kept = keys.computeIfAbsent(k.groupId(), g -> new ArrayDeque<>());
        for (GroupKey key : k.keys()) {
            kept.addLast(key);
            while (kept.size() > keptEpochs) {
                GroupKey old = kept.pollFirst();
                senders.remove(old.groupId() + "@" + old.epoch());
                old.destroy();
            }
        }
        return this;
    }

    private Behavior<Command> onCompleteStatus(CompleteStatus c) {
        QmKdc.Status s = c.partial();
        c.replyTo().tell(new QmKdc.Status(s.session(), s.groups(), s.auth(), relay.relayedCount(),
                relay.rejectedCount() + unroutable, s.secretRelayed(), s.secretRejected(), s.secretRefused()));
        return this;
    }

    private Behavior<Command> onForward(Forward f) {
        GroupTraffic out = relayed(f);
        if (out != null) {
            terminals.get(f.targetGroup()).tell(new Group.RelayIn(out));
        }
        return this;
    }

    private Behavior<Command> onForwardReliable(ForwardReliable f) {
        ReliableTraffic r = f.reliable();
        GroupTraffic out = relayed(new Forward(f.targetGroup(), r.traffic(), 0));
        if (out != null) {
            terminals.get(f.targetGroup()).tell(new Group.RelayInReliable(new ReliableTraffic(r.sender(), r.seq(),
                    r.ackTo(), out, r.only())));
        }
        return this;
    }

    /** The message re-encrypted for the target group, or null (rejected, counted, logged). */
    private GroupTraffic relayed(Forward f) {
        GroupKey sourceKey = keyOf(f.traffic().groupId(), f.traffic().epoch());
        ArrayDeque<GroupKey> target = keys.get(f.targetGroup());
        if (sourceKey == null || target == null || target.isEmpty()) {
            unroutable++;
            getContext().getLog().info("relay {}@{} -> {} rejected: no such group or key epoch", f.traffic().groupId(),
                    f.traffic().epoch(), f.targetGroup());
            return null;
        }
        GroupKey targetKey = target.peekLast();
        GroupSender sender = senders.computeIfAbsent(f.targetGroup() + "@" + targetKey.epoch(),
                k -> new GroupSender(targetKey, GroupPrivateKey.KDC_SENDER));
        CrossGroupRelay.Relaying r = relay.relay(f.traffic().message(), sourceKey, sender);
        if (r instanceof CrossGroupRelay.Relayed ok) {
            ActorMetrics.relayed(f.sentAtMicros());
            return GroupTraffic.of(ok.message(), "kdc");
        }
        getContext().getLog().info("relay {} -> {} rejected: {}", f.traffic().groupId(), f.targetGroup(),
                ((CrossGroupRelay.Rejected) r).reason());
        return null;
    }

    private GroupKey keyOf(String groupId, long epoch) {
        for (GroupKey k : keys.getOrDefault(groupId, new ArrayDeque<>())) {
            if (k.epoch() == epoch) {
                return k;
            }
        }
        return null;
    }
}
