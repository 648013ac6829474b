package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.Authenticated;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkBob;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.optics.TappedBatch;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One quantum link, KDC ↔ group terminal (DESIGN §2): applies the fiber and detector model to each
 * round of pulses ({@link LinkEmulator}; frames of up to {@link #FRAME_DETECTIONS} detections, Alice's
 * columns to the KDC end, Bob's to the terminal), carries the authentication qubits (moving their
 * ownership) and the link's authenticated classical messages, and passes qubits and classical
 * messages through the attached {@link Eavesdropper} taps, in attach order ({@link ChannelTaps}).
 * While taps are attached the emulation uses the optical attack of the most recently attached one
 * that has one.
 */
public final class QuantumChannel extends AbstractBehavior<QuantumChannel.Command> {
    /** Detections per frame: bounds message size (about 3 bytes per detection for Alice). */
    public static final int FRAME_DETECTIONS = 1 << 16;

    /** What a channel's host may be sent: its commands, and the lifecycle messages of its host (a shard entity). */
    public interface Inbound {
    }

    public sealed interface Command extends Inbound, CborSerializable {
    }

    public record ConnectKdcEnd(ActorRef<LinkAlice.Command> kdcEnd) implements Command {
    }

    public record ConnectTerminal(ActorRef<LinkBob.Command> terminal) implements Command {
    }

    /** From the KDC end: emit a round of {@code pulses} pulses. */
    public record Transmit(int round, long pulses) implements Command {
    }

    public record ToTerminal(Authenticated message) implements Command {
    }

    public record ToKdc(Authenticated message) implements Command {
    }

    /** KDC → member: half m of a Bell pair (DESIGN §5 step 1). */
    public record CarryPairHalf(String session, int round, QubitRef qubit, String memberOwner,
            ActorRef<Member.Command> member, ActorRef<Authenticator.Command> authenticator) implements Command {
    }

    /**
     * KDC → member: the m of every round of a session at once (round i is {@code qubits[i]}). Without
     * taps they travel as one {@link Member.PairHalves}; with taps each goes through them on its own,
     * as a {@link CarryPairHalf} of its round.
     */
    public record CarryPairHalves(String session, List<QubitRef> qubits, String memberOwner,
            ActorRef<Member.Command> member, ActorRef<Authenticator.Command> authenticator) implements Command {
    }

    /** Member → KDC: the encoded qubit f (DESIGN §5 step 2). */
    public record CarryReturn(String session, int round, QubitRef qubit, ActorRef<Authenticator.Command> authenticator)
            implements Command {
    }

    /**
     * Attach a tap. {@code optics} is the attack on the photons of key rounds: "none",
     * "intercept-resend" (with {@code fraction}), "pns" or "denial".
     */
    public record Attach(ActorRef<Eavesdropper.Command> tap, String optics, double fraction, ActorRef<TapChanged> replyTo)
            implements Command {
    }

    public record Detach(ActorRef<Eavesdropper.Command> tap, ActorRef<TapChanged> replyTo) implements Command {
    }

    /** Confirms an attach or detach (null replyTo: no confirmation); later rounds see the change. */
    public record TapChanged(String link, boolean attached, int taps) implements CborSerializable {
    }

    /** From a tap: the classical message goes on (possibly altered), followed by {@code replays} copies. */
    public record ClassicalPassed(long transit, Authenticated message, int replays) implements Command {
    }

    public record ClassicalDropped(long transit) implements Command {
    }

    /** From a tap: the qubit goes on (its ref now held by the channel again). */
    public record QubitPassed(long transit, QubitRef qubit) implements Command {
    }

    /** From an impostor tap: it kept m and answered with its own f, which goes back to the KDC. */
    public record QubitAnswered(long transit, QubitRef returned) implements Command {
    }

    private final String link;
    private final LinkProfile profile;
    private final double distanceKm;
    private final QuantumRegistry registry;
    private final SplittableRandom physics;
    private final String owner;
    private final ChannelTaps taps;
    private ActorRef<LinkAlice.Command> kdcEnd;
    private ActorRef<LinkBob.Command> terminal;
    /** A round requested before both ends connected (they start concurrently): run once they have. */
    private Transmit waiting;

    public static Behavior<Command> create(String link, LinkProfile profile, double distanceKm, QuantumRegistry registry,
            long seed) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new QuantumChannel(ctx, link, profile, distanceKm, registry, seed)))
                .onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private QuantumChannel(ActorContext<Command> ctx, String link, LinkProfile profile, double distanceKm,
            QuantumRegistry registry, long seed) {
        super(ctx);
        this.link = link;
        this.profile = profile;
        this.distanceKm = distanceKm;
        this.registry = registry;
        this.physics = new SplittableRandom(seed);
        this.owner = ownerName(link);
        this.taps = new ChannelTaps(link, registry, ctx.getSelf(), this::deliver);
    }

    /** The channel's owner name for qubits it holds. */
    public static String ownerName(String link) {
        return "channel:" + link;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ConnectKdcEnd.class, m -> { kdcEnd = m.kdcEnd(); return transmitWaiting(); })
                .onMessage(ConnectTerminal.class, m -> { terminal = m.terminal(); return transmitWaiting(); })
                .onMessage(Transmit.class, this::onTransmit)
                .onMessage(ToTerminal.class, m -> classical(m.message(), true))
                .onMessage(ToKdc.class, m -> classical(m.message(), false))
                .onMessage(CarryPairHalf.class, c -> { taps.pairHalf(c); return this; })
                .onMessage(CarryPairHalves.class, this::onPairHalves)
                .onMessage(CarryReturn.class, c -> { taps.returned(c); return this; })
                .onMessage(Attach.class, a -> { taps.attach(a); return this; })
                .onMessage(Detach.class, d -> { taps.detach(d); return this; })
                .onMessage(ClassicalPassed.class, p -> { taps.classicalPassed(p); return this; })
                .onMessage(ClassicalDropped.class, d -> { taps.classicalDropped(d); return this; })
                .onMessage(QubitPassed.class, p -> { taps.qubitPassed(p); return this; })
                .onMessage(QubitAnswered.class, a -> { taps.qubitAnswered(a); return this; })
                .build();
    }

    private Behavior<Command> transmitWaiting() {
        Transmit t = waiting;
        if (t == null || kdcEnd == null || terminal == null) {
            return this;
        }
        waiting = null;
        return onTransmit(t);
    }

    /** Emulates one round of pulses and streams the frames to both ends. */
    private Behavior<Command> onTransmit(Transmit t) {
        if (kdcEnd == null || terminal == null) {
            getContext().getLog().debug("link {}: round {} waits for both ends to connect", link, t.round());
            waiting = t;
            return this;
        }
        LinkEmulator emulator = new LinkEmulator(profile, distanceKm, taps.opticalAttack(), physics, FRAME_DETECTIONS);
        int frame = 0;
        do {
            TappedBatch tapped = emulator.nextTappedBatch(t.pulses() - emulator.nextPulse());
            DetectionBatch b = tapped.detections();
            boolean last = emulator.nextPulse() >= t.pulses();
            int n = b.size();
            kdcEnd.tell(new LinkAlice.Emitted(t.round(), frame, last, b.pulsesPerIntensity().clone(),
                    Arrays.copyOf(b.intensity(), n), Arrays.copyOf(b.aliceBasis(), n), Arrays.copyOf(b.aliceBit(), n)));
            terminal.tell(new LinkBob.Detected(t.round(), frame, last, Arrays.copyOf(b.bobBasis(), n),
                    Arrays.copyOf(b.bobBit(), n)));
            if (!taps.isEmpty()) {
                taps.frameSeen(t.round(), tapped);
            }
            frame++;
        } while (emulator.nextPulse() < t.pulses());
        return this;
    }

    private Behavior<Command> classical(Authenticated m, boolean toTerminal) {
        taps.classical(m, toTerminal);
        return this;
    }

    private void deliver(Authenticated m, boolean toTerminal) {
        if (toTerminal && terminal != null) {
            terminal.tell(new LinkBob.FromKdc(m));
        } else if (!toTerminal && kdcEnd != null) {
            kdcEnd.tell(new LinkAlice.FromTerminal(m));
        }
    }

    private Behavior<Command> onPairHalves(CarryPairHalves c) {
        if (!taps.isEmpty()) {
            for (int i = 0; i < c.qubits().size(); i++) {
                taps.pairHalf(new CarryPairHalf(c.session(), i, c.qubits().get(i), c.memberOwner(), c.member(),
                        c.authenticator()));
            }
            return this;
        }
        List<QubitRef> delivered = new ArrayList<>(c.qubits().size());
        for (QubitRef q : c.qubits()) {
            delivered.add(registry.transfer(registry.transfer(q, owner), c.memberOwner()));
        }
        c.member().tell(new Member.PairHalves(c.session(), delivered, c.authenticator(), getContext().getSelf()));
        return this;
    }
}
