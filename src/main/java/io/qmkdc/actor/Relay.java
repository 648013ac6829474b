package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.gkm.CrossGroupRelay;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupPrivateKey;
import io.qmkdc.gkm.GroupSender;
import io.qmkdc.gkm.GroupState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The KDC's cross-group relay (paper §2.5, fig. 6): opens a member's message with its source
 * group's key of that epoch, re-encrypts it under the target group's current key (the KDC's own
 * sender index, one sealer per target epoch so nonces never repeat) and hands it to the target
 * group. Tampered, stale or duplicate messages are rejected and counted.
 */
public final class Relay extends AbstractBehavior<Relay.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** {@code sentAtMicros}: the sender's wall clock (epoch µs), for the relay latency metric; 0 = unknown. */
    public record Forward(String targetGroup, GroupTraffic traffic, long sentAtMicros) implements Command {
        public Forward(String targetGroup, GroupTraffic traffic) {
            this(targetGroup, traffic, 0);
        }
    }

    /** Reliable cross-group traffic: relayed like {@link Forward}, the id and ack address kept. */
    public record ForwardReliable(String targetGroup, ReliableTraffic reliable) implements Command {
    }

    private final Map<String, GroupState> states;
    private final Map<String, ActorRef<Group.Command>> groups;
    private final CrossGroupRelay relay;
    private final Map<String, GroupSender> senders = new HashMap<>();
    private final AtomicLong unroutable;

    /**
     * {@code states} and {@code groups} are the KDC's (same node), read here; {@code unroutable}
     * counts messages for unknown groups or epochs no longer kept (rejected without opening).
     */
    public static Behavior<Command> create(Map<String, GroupState> states, Map<String, ActorRef<Group.Command>> groups,
            CrossGroupRelay relay, AtomicLong unroutable) {
        return Behaviors.setup(ctx -> new Relay(ctx, states, groups, relay, unroutable));
    }

    private Relay(ActorContext<Command> ctx, Map<String, GroupState> states, Map<String, ActorRef<Group.Command>> groups,
            CrossGroupRelay relay, AtomicLong unroutable) {
        super(ctx);
        this.unroutable = unroutable;
        this.states = states;
        this.groups = groups;
        this.relay = relay;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onMessage(Forward.class, this::onForward)
                .onMessage(ForwardReliable.class, this::onForwardReliable).build();
    }

    private Behavior<Command> onForward(Forward f) {
        GroupTraffic out = relayed(f);
        if (out != null) {
            groups.get(f.targetGroup()).tell(new Group.RelayIn(out));
        }
        return this;
    }

    private Behavior<Command> onForwardReliable(ForwardReliable f) {
        ReliableTraffic r = f.reliable();
        GroupTraffic out = relayed(new Forward(f.targetGroup(), r.traffic(), 0));
        if (out != null) {
            groups.get(f.targetGroup()).tell(new Group.RelayInReliable(new ReliableTraffic(r.sender(), r.seq(),
                    r.ackTo(), out, r.only())));
        }
        return this;
    }

    /** The message re-encrypted for the target group, or null (rejected, counted, logged). */
    private GroupTraffic relayed(Forward f) {
        GroupState source = states.get(f.traffic().groupId());
        GroupState target = states.get(f.targetGroup());
        ActorRef<Group.Command> targetRef = groups.get(f.targetGroup());
        Optional<GroupKey> sourceKey = source == null ? Optional.empty() : source.keyFor(f.traffic().epoch());
        if (sourceKey.isEmpty() || target == null || targetRef == null || target.currentEpoch() < 0) {
            unroutable.incrementAndGet();
            getContext().getLog().info("relay {}@{} -> {} rejected: no such group or key epoch", f.traffic().groupId(),
                    f.traffic().epoch(), f.targetGroup());
            return null;
        }
        GroupKey targetKey = target.currentKey();
        GroupSender sender = senders.computeIfAbsent(f.targetGroup() + "@" + targetKey.epoch(),
                k -> new GroupSender(targetKey, GroupPrivateKey.KDC_SENDER));
        CrossGroupRelay.Relaying r = relay.relay(f.traffic().message(), sourceKey.get(), sender);
        if (r instanceof CrossGroupRelay.Relayed ok) {
            ActorMetrics.relayed(f.sentAtMicros());
            return GroupTraffic.of(ok.message(), "kdc");
        }
        getContext().getLog().info("relay {} -> {} rejected: {}", f.traffic().groupId(), f.targetGroup(),
                ((CrossGroupRelay.Rejected) r).reason());
        return null;
    }
}
