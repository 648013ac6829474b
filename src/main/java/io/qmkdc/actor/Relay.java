package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.cluster.CborSerializable;
import io.qmkdc.gkm.CrossGroupRelay;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupPrivateKey;
import io.qmkdc.gkm.GroupSender;
import io.qmkdc.gkm.GroupState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KDC's cross-group relay (paper §2.5, fig. 6): opens a member's message with its source
 * group's key of that epoch, re-encrypts it under the target group's current key (the KDC's own
 * sender index, one sealer per target epoch so nonces never repeat) and hands it to the target
 * group. Tampered, stale or duplicate messages are rejected and counted.
 */
public final class Relay extends AbstractBehavior<Relay.Command> {

    public sealed interface Command extends CborSerializable {
    }

    public record Forward(String targetGroup, GroupTraffic traffic) implements Command {
    }

    private final Map<String, GroupState> states;
    private final Map<String, ActorRef<Group.Command>> groups;
    private final CrossGroupRelay relay;
    private final Map<String, GroupSender> senders = new HashMap<>();

    /** {@code states} and {@code groups} are the KDC's (same node), read here. */
    public static Behavior<Command> create(Map<String, GroupState> states, Map<String, ActorRef<Group.Command>> groups,
            CrossGroupRelay relay) {
        return Behaviors.setup(ctx -> new Relay(ctx, states, groups, relay));
    }

    private Relay(ActorContext<Command> ctx, Map<String, GroupState> states, Map<String, ActorRef<Group.Command>> groups,
            CrossGroupRelay relay) {
        super(ctx);
        this.states = states;
        this.groups = groups;
        this.relay = relay;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onMessage(Forward.class, this::onForward).build();
    }

    private Behavior<Command> onForward(Forward f) {
        GroupState source = states.get(f.traffic().groupId());
        GroupState target = states.get(f.targetGroup());
        ActorRef<Group.Command> targetRef = groups.get(f.targetGroup());
        if (source == null || target == null || targetRef == null || target.currentEpoch() < 0) {
            relay.relay(f.traffic().message(), missingKey(f.traffic().groupId()), null);
            return this;
        }
        Optional<GroupKey> sourceKey = source.keyFor(f.traffic().epoch());
        GroupKey targetKey = target.currentKey();
        GroupSender sender = senders.computeIfAbsent(f.targetGroup() + "@" + targetKey.epoch(),
                k -> new GroupSender(targetKey, GroupPrivateKey.KDC_SENDER));
        CrossGroupRelay.Relaying r = relay.relay(f.traffic().message(),
                sourceKey.orElse(missingKey(f.traffic().groupId())), sender);
        if (r instanceof CrossGroupRelay.Relayed ok) {
            targetRef.tell(new Group.RelayIn(GroupTraffic.of(ok.message(), "kdc")));
        } else {
            getContext().getLog().info("relay {} -> {} rejected: {}", f.traffic().groupId(), f.targetGroup(),
                    ((CrossGroupRelay.Rejected) r).reason());
        }
        return this;
    }

    /** A key nothing opens with: the relay then counts the message as rejected. */
    private static GroupKey missingKey(String group) {
        return new GroupKey(group, Long.MAX_VALUE, io.qmkdc.crypto.AeadKey.of(new byte[32]));
    }
}
