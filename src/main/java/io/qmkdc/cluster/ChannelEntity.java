package io.qmkdc.cluster;

import io.qmkdc.wire.CborSerializable;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.optics.LinkProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A group's BB84 quantum channel as a Cluster Sharding entity (type "Channel", entity id = link id,
 * role {@code channel}; DESIGN §2): the KDC host's {@link Provision} spawns the {@link QuantumChannel}
 * inside it (pulses and the link's authenticated classical messages only — the EPR halves of
 * authentication stay on the KDC's node, beside the qubit registry); a newer incarnation replaces
 * it and its taps. Link attacks ({@link Tap}) run as {@link Eavesdropper} children here, so the
 * frames they see never leave this node. Answers {@link MemberEntity.Probe} like a member.
 */
public final class ChannelEntity extends AbstractBehavior<QuantumChannel.Inbound> {
    public static final EntityTypeKey<QuantumChannel.Inbound> TYPE = EntityTypeKey.create(QuantumChannel.Inbound.class,
            "Channel");

    /** The entity's own messages; everything else it takes is a {@link QuantumChannel.Command} for the channel inside. */
    public sealed interface Command extends QuantumChannel.Inbound, CborSerializable permits Provision, Tap, Untap, Report, StopTap,
            MemberEntity.Probe {
    }

    /** The fiber and detector model of the link and the seed of its emulation, for one KDC incarnation. */
    public record Provision(long incarnation, LinkProfile profile, double linkKm, long seed) implements Command {
    }

    /**
     * Attach a link attack ({@code intercept-resend}, {@code pns}, {@code denial}, {@code tamper-*}) named
     * {@code attack}; {@code replyTo} hears {@link QuantumChannel.TapChanged} (attached false: no channel here for
     * that incarnation).
     */
    public record Tap(long incarnation, String attack, String type, double fraction, int count, long seed,
            ActorRef<QuantumChannel.TapChanged> replyTo) implements Command {
    }

    /** Detach and stop attack {@code attack}; the reply says attached false (taps left) either way. */
    public record Untap(String attack, ActorRef<QuantumChannel.TapChanged> replyTo) implements Command {
    }

    /** What attack {@code attack}'s eavesdropper did and learned (no reply for an unknown attack). */
    public record Report(String attack, ActorRef<Eavesdropper.Report> replyTo) implements Command {
    }

    private static final java.time.Duration STOP_AFTER = java.time.Duration.ofSeconds(1);

    private final String id;
    private final Map<String, ActorRef<Eavesdropper.Command>> taps = new LinkedHashMap<>();
    private final Incarnated<QuantumChannel.Command> channel;

    public static Behavior<QuantumChannel.Inbound> create(String id) {
        return Behaviors.setup(ctx -> new ChannelEntity(ctx, id));
    }

    private ChannelEntity(ActorContext<QuantumChannel.Inbound> ctx, String id) {
        super(ctx);
        this.id = id;
        this.channel = new Incarnated<>(ctx, id);
    }

    @Override
    public Receive<QuantumChannel.Inbound> createReceive() {
        return newReceiveBuilder()
                .onMessage(Provision.class, this::onProvision)
                .onMessage(MemberEntity.Probe.class, p -> { channel.answer(p); return this; })
                .onMessage(Tap.class, this::onTap)
                .onMessage(Untap.class, this::onUntap)
                .onMessage(Report.class, r -> {
                    ActorRef<Eavesdropper.Command> eve = taps.get(r.attack());
                    if (eve != null) {
                        eve.tell(new Eavesdropper.GetReport(r.replyTo()));
                    }
                    return this;
                })
                .onMessage(StopTap.class, s -> {
                    getContext().stop(s.eve());
                    return this;
                })
                .onMessage(QuantumChannel.Command.class, c -> { channel.forward(c); return this; })
                .build();
    }

    private Behavior<QuantumChannel.Inbound> onProvision(Provision p) {
        if (!channel.accepts(p.incarnation())) {
            return this;
        }
        if (channel.actor() != null) {
            // A new incarnation starts untapped (the KDC host forgot its attacks when it restarted).
            taps.values().forEach(eve -> {
                eve.tell(new Eavesdropper.DetachFrom(channel.actor(), null));
                getContext().scheduleOnce(STOP_AFTER, getContext().getSelf(), new StopTap(eve));
            });
        }
        taps.clear();
        // No registry: the qubits of authentication never reach this channel (ChannelSplit keeps them beside the KDC).
        channel.replace(p.incarnation(), "c", QuantumChannel.create(id, p.profile(), p.linkKm(), null, p.seed()),
                Props.empty());
        return this;
    }

    private Behavior<QuantumChannel.Inbound> onTap(Tap t) {
        if (channel.actor() == null || t.incarnation() != channel.incarnation() || taps.containsKey(t.attack())) {
            t.replyTo().tell(new QuantumChannel.TapChanged(id, false, taps.size()));
            return this;
        }
        ActorRef<Eavesdropper.Command> eve = getContext().spawn(Eavesdropper.create("api-" + t.attack(), t.type(),
                t.fraction(), t.count(), null, t.seed()), channel.name("eve-" + t.attack()));
        taps.put(t.attack(), eve);
        eve.tell(new Eavesdropper.AttachTo(channel.actor(), t.replyTo()));
        return this;
    }

    private Behavior<QuantumChannel.Inbound> onUntap(Untap u) {
        ActorRef<Eavesdropper.Command> eve = taps.remove(u.attack());
        if (eve == null || channel.actor() == null) {
            u.replyTo().tell(new QuantumChannel.TapChanged(id, false, taps.size()));
            return this;
        }
        // The channel confirms after it dropped the tap; the eavesdropper is stopped once it asked for that.
        eve.tell(new Eavesdropper.DetachFrom(channel.actor(), u.replyTo()));
        getContext().scheduleOnce(STOP_AFTER, getContext().getSelf(), new StopTap(eve));
        return this;
    }

    /** Local only: stop an eavesdropper once its detach went out (a stop would overtake the detach). */
    private record StopTap(ActorRef<Eavesdropper.Command> eve) implements Command, akka.actor.NoSerializationVerificationNeeded {
    }
}
