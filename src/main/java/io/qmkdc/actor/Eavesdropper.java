package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.link.Authenticated;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.quantum.EprAttacker;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import io.qmkdc.quantum.Streams;
import java.util.SplittableRandom;

/**
 * Eve (DESIGN §2): attaches to a {@link QuantumChannel} as a tap and runs one strategy, recording
 * what she did and learned ({@link Report}).
 * <ul>
 * <li>{@code intercept-resend} (fraction), {@code pns}, {@code denial}: optical attacks on key rounds,
 *     applied by the channel's emulation while she is attached; she counts the sifted bits she learns.</li>
 * <li>{@code impostor}: man in the middle in authentication: keeps m and answers with her own f
 *     (random b, v: she has no K_c), so the real member never sees the round.</li>
 * <li>{@code measure-pair}: measures m in Z on its way to the member (the §5 weakness) and learns
 *     the K'_{2i-1} of the key update; caught only by hardened X checks.</li>
 * <li>{@code intercept-return}: measures f on its way back in a random basis; 1/4 of rounds fail.</li>
 * <li>{@code tamper-flip}, {@code tamper-replay}, {@code tamper-drop}: flips a bit of, replays or
 *     drops the next {@code count} authenticated classical messages.</li>
 * </ul>
 */
public final class Eavesdropper extends AbstractBehavior<Eavesdropper.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** Attach to {@code channel}; {@code replyTo} (may be null) hears when the channel has done it. */
    public record AttachTo(ActorRef<QuantumChannel.Command> channel, ActorRef<QuantumChannel.TapChanged> replyTo)
            implements Command {
    }

    public record DetachFrom(ActorRef<QuantumChannel.Command> channel, ActorRef<QuantumChannel.TapChanged> replyTo)
            implements Command {
    }

    /** From the channel: what Eve's optical attack gave her in one frame. */
    public record FrameSeen(String link, int round, long pulses, int detections, int sifted, int siftedKnown)
            implements Command {
    }

    public record ClassicalInTransit(long transit, String link, boolean toTerminal, Authenticated message,
            ActorRef<QuantumChannel.Command> channel) implements Command {
    }

    public record QubitInTransit(long transit, String link, boolean toMember, String session, int round, QubitRef qubit,
            String channelOwner, ActorRef<QuantumChannel.Command> channel) implements Command {
    }

    public record GetReport(ActorRef<Report> replyTo) implements Command {
    }

    /** What Eve did and learned. */
    public record Report(String name, String strategy, long framesSeen, long siftedSeen, long siftedKnown,
            int qubitsTouched, int impostorRounds, int updateBitsLearned, int classicalTampered,
            int classicalReplayed, int classicalDropped) implements CborSerializable {
    }

    private final String name;
    private final String strategy;
    private final double fraction;
    private final int count;
    private final QuantumRegistry registry;
    private final SplittableRandom random;
    private final long seed;
    private final String owner;
    private long frames;
    private long sifted;
    private long known;
    private int qubits;
    private int impostorRounds;
    private int learned;
    private int tampered;
    private int replayed;
    private int dropped;

    /**
     * @param strategy one of intercept-resend, pns, denial, impostor, measure-pair, intercept-return, tamper-flip,
     *                 tamper-replay, tamper-drop
     * @param fraction intercept-resend fraction in [0, 1]
     * @param count    classical messages to tamper with
     */
    public static Behavior<Command> create(String name, String strategy, double fraction, int count,
            QuantumRegistry registry, long seed) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new Eavesdropper(ctx, name, strategy, fraction, count, registry, seed)))
                .onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private Eavesdropper(ActorContext<Command> ctx, String name, String strategy, double fraction, int count,
            QuantumRegistry registry, long seed) {
        super(ctx);
        this.name = name;
        this.strategy = strategy;
        this.fraction = fraction;
        this.count = count;
        this.registry = registry;
        this.random = new SplittableRandom(seed);
        this.seed = seed;
        this.owner = "eve:" + name;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(AttachTo.class, this::onAttach)
                .onMessage(DetachFrom.class, m -> { m.channel().tell(new QuantumChannel.Detach(getContext().getSelf(), m.replyTo())); ActorMetrics.tap(strategy, -1); return this; })
                .onMessage(FrameSeen.class, this::onFrame)
                .onMessage(ClassicalInTransit.class, this::onClassical)
                .onMessage(QubitInTransit.class, this::onQubit)
                .onMessage(GetReport.class, this::onGetReport)
                .build();
    }

    private Behavior<Command> onAttach(AttachTo a) {
        String optics = switch (strategy) {
            case "intercept-resend", "pns", "denial" -> strategy;
            default -> "none";
        };
        a.channel().tell(new QuantumChannel.Attach(getContext().getSelf(), optics, fraction, a.replyTo()));
        ActorMetrics.tap(strategy, 1);
        return this;
    }

    private Behavior<Command> onFrame(FrameSeen f) {
        frames++;
        sifted += f.sifted();
        known += f.siftedKnown();
        return this;
    }

    private Behavior<Command> onClassical(ClassicalInTransit c) {
        ActorRef<QuantumChannel.Command> channel = c.channel();
        int done = tampered + replayed + dropped;
        if (done >= count || !strategy.startsWith("tamper-")) {
            channel.tell(new QuantumChannel.ClassicalPassed(c.transit(), c.message(), 0));
            return this;
        }
        switch (strategy) {
            case "tamper-flip" -> {
                tampered++;
                Authenticated flipped = c.message().withFlippedBit(random.nextInt(Math.max(1, c.message().body().length * 8)));
                channel.tell(new QuantumChannel.ClassicalPassed(c.transit(), flipped, 0));
            }
            case "tamper-replay" -> {
                replayed++;
                channel.tell(new QuantumChannel.ClassicalPassed(c.transit(), c.message(), 1));
            }
            default -> {
                dropped++;
                channel.tell(new QuantumChannel.ClassicalDropped(c.transit()));
            }
        }
        return this;
    }

    /** EPR strategies as {@link EprAttacker}'s; each (session, round, direction) draws from its own stream. */
    private Behavior<Command> onQubit(QubitInTransit q) {
        QubitRef mine = registry.transfer(q.qubit(), owner);
        qubits++;
        SplittableRandom rng = Streams.of(seed, q.session() + "#" + q.round() + (q.toMember() ? ">" : "<"));
        if (q.toMember() && strategy.equals("impostor")) {
            impostorRounds++;
            // Man in the middle without K_c: she can only guess b and v.
            QubitRef f = EprAuthentication.memberEncode(registry, mine, rng.nextInt(2), rng.nextInt(2));
            registry.release(mine);
            q.channel().tell(new QuantumChannel.QubitAnswered(q.transit(), registry.transfer(f, q.channelOwner())));
            return this;
        }
        if (q.toMember() && strategy.equals("measure-pair")) {
            new EprAttacker.MeasurePairHalfZ().onPairHalfInTransit(registry, mine, rng);
            learned++;
        }
        if (!q.toMember() && strategy.equals("intercept-return")) {
            new EprAttacker.InterceptResendReturn().onReturnInTransit(registry, mine, rng);
        }
        q.channel().tell(new QuantumChannel.QubitPassed(q.transit(), registry.transfer(mine, q.channelOwner())));
        return this;
    }

    private Behavior<Command> onGetReport(GetReport g) {
        g.replyTo().tell(new Report(name, strategy, frames, sifted, known, qubits, impostorRounds, learned, tampered,
                replayed, dropped));
        return this;
    }
}
