package io.qmkdc.actor.link;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.crypto.Priority;
import io.qmkdc.qkd.Bb84AliceRound;
import io.qmkdc.qkd.Bb84Report;
import io.qmkdc.qkd.Bb84Step;
import io.qmkdc.qkd.Bb84Trace;
import io.qmkdc.wire.Prioritized;
import java.util.SplittableRandom;

/**
 * The KDC's end of a BB84 link (Alice; DESIGN §4): asks the {@link QuantumChannel} for a round of
 * pulses, then carries the round's {@link Bb84Step}s — computed by the pure {@link Bb84AliceRound},
 * the same machine {@code qkd.LinkPipeline} drives in process — as authenticated classical messages
 * through the channel. The round aborts when the QBER bound reaches P_o or the decoy bound collapses
 * (evidence: the owner marks the link compromised), or when it times out (no evidence by itself); then
 * it is retried on a timer. Re-initializations that arrive during a round are coalesced into it.
 */
public final class LinkAlice extends AbstractBehavior<LinkAlice.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** Start a round now (initialization, re-initialization) unless one is running. */
    public record StartRound(Priority priority) implements Command, Prioritized {
    }

    /** From the channel: Alice's record of the pulses of one frame (detected pulses only; counts for all). */
    public record Emitted(int round, int frame, boolean last, long[] pulsesPerIntensity, byte[] intensity,
            byte[] basis, byte[] bit) implements Command {
        @Override
        public String toString() {
            return "Emitted[round=" + round + ", frame=" + frame + ", detections=" + basis.length + "]";
        }
    }

    /** From the channel: a classical message from the terminal. */
    public record FromTerminal(Authenticated message) implements Command {
    }

    private record RoundTimedOut(int round) implements Command, NoSerializationVerificationNeeded {
    }

    private record Retry() implements Command, NoSerializationVerificationNeeded {
    }

    private final String link;
    private final LinkSettings settings;
    private final ActorRef<QuantumChannel.Command> channel;
    private final ActorRef<LinkEvent> owner;
    private final LinkKeys keys;
    private final ClassicalEnd classical;
    private final SplittableRandom random;
    private final TimerScheduler<Command> timers;
    private int round = -1;
    private final Bb84Trace trace;
    private Bb84AliceRound current;
    private long messagesAtStart;
    /** Authenticated messages of the last keyed round, both directions (0 before the first). */
    private long lastRoundMessages;
    /** The MAC pools could not pay for another round: the link stopped (said once, not on every re-key). */
    private boolean macStarved;

    public static Behavior<Command> create(String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preSharedAuthKey, long seed) {
        return create(link, settings, channel, owner, keys, preSharedAuthKey, seed, Bb84Trace.NONE);
    }

    /** With a trace of Alice's keys (tests comparing transports). */
    static Behavior<Command> create(String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preSharedAuthKey, long seed, Bb84Trace trace) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            channel.tell(new QuantumChannel.ConnectKdcEnd(ctx.getSelf()));
            return new LinkAlice(ctx, timers, link, settings, channel, owner, keys, preSharedAuthKey, seed, trace);
        }));
    }

    private LinkAlice(ActorContext<Command> ctx, TimerScheduler<Command> timers, String link, LinkSettings settings,
            ActorRef<QuantumChannel.Command> channel, ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preShared,
            long seed, Bb84Trace trace) {
        super(ctx);
        this.trace = trace;
        this.timers = timers;
        this.link = link;
        this.settings = settings;
        this.channel = channel;
        this.owner = owner;
        this.keys = keys;
        this.classical = ClassicalEnd.kdcEnd(link, preShared);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartRound.class, m -> onStart())
                .onMessage(Retry.class, m -> onStart())
                .onMessage(Emitted.class, this::onEmitted)
                .onMessage(FromTerminal.class, this::onFromTerminal)
                .onMessage(RoundTimedOut.class, this::onTimeout)
                .build();
    }

    /**
     * A (re-)initialization while a round is in flight is coalesced into that round: its key, amplified after the
     * request, answers it. A round the MAC pools cannot authenticate is not started (it could only time out).
     */
    private Behavior<Command> onStart() {
        if (current != null || macStarved) {
            return this;
        }
        timers.cancel("retry");
        long left = Math.min(classical.macBitsLeft(), classical.peerMacBitsLeft());
        // Either direction may carry up to all of a round's messages: the last round's count is the estimate.
        long need = (long) Math.ceil(lastRoundMessages * classical.bitsPerMessage());
        if (left < need) {
            macStarved = true;
            owner.tell(new LinkEvent.Aborted(link, round + 1, Double.NaN, "MAC key pool exhausted: " + left
                    + " bits left, a round needs about " + need + " (rounds yield less key than their authentication"
                    + " costs; the link needs a new pre-shared key or larger rounds)", false));
            return this;
        }
        round++;
        current = new Bb84AliceRound(round, settings.bb84(), random.split(), trace);
        messagesAtStart = classical.messages();
        timers.startSingleTimer("timeout", new RoundTimedOut(round), settings.roundTimeout());
        channel.tell(new QuantumChannel.Transmit(round, settings.pulsesPerRound()));
        return this;
    }

    private Behavior<Command> onEmitted(Emitted e) {
        if (current != null && e.round() == round) {
            advance(current.emitted(e.pulsesPerIntensity(), e.intensity(), e.basis(), e.bit(), e.last()));
        }
        return this;
    }

    private Behavior<Command> onFromTerminal(FromTerminal m) {
        Bb84Step step = classical.openOrAlarm(m.message(), owner);
        if (step == null || current == null || step.round() != round) {
            return this;
        }
        advance(current.receive(step));
        return this;
    }

    private Behavior<Command> onTimeout(RoundTimedOut t) {
        if (current != null && t.round() == round) {
            // Not evidence by itself: a rejected message has raised its own alarm (Tampered).
            finish(ours(current.abort("timeout after " + settings.roundTimeout().toMillis()
                    + " ms: a classical message was lost or rejected")));
        }
        return this;
    }

    /** An abort of our own making: not evidence of an attack. */
    private LinkEvent.Aborted ours(Bb84AliceRound.Finish f) {
        Bb84Report r = f.report();
        return new LinkEvent.Aborted(link, r.round(), r.qber(), r.failure(), false);
    }

    /** Sends what the round produced and, at its end, reports and schedules. */
    private void advance(Bb84AliceRound.Next next) {
        if (next instanceof Bb84AliceRound.Send s) {
            for (Bb84Step step : s.steps()) {
                send(step);
            }
        } else if (next instanceof Bb84AliceRound.Finish f) {
            for (Bb84Step step : f.toBob()) {
                send(step);
            }
            finish(event(f.report()));
        }
    }

    /** What the owner learns of a round; messages are counted at {@link #finish}. */
    private LinkEvent event(Bb84Report r) {
        if (!r.keyed()) {
            return new LinkEvent.Aborted(link, r.round(), r.qber(), r.failure());
        }
        return new LinkEvent.Keyed(link, r.round(), r.qber(), r.qberUpper(), r.siftedSignal(),
                r.leakedEcBits() + r.leakedVerificationBits(), (int) r.finalBits(), 0);
    }

    private void send(Bb84Step step) {
        if (current == null) {
            return; // the round ended while its messages were being sent
        }
        Authenticated a = classical.seal(step);
        if (a == null) {
            finish(ours(current.abort("MAC key pool exhausted: cannot authenticate "
                    + step.getClass().getSimpleName())));
            return;
        }
        channel.tell(new QuantumChannel.ToTerminal(a));
    }

    private void finish(LinkEvent event) {
        if (current == null) {
            return;
        }
        timers.cancel("timeout");
        if (event instanceof LinkEvent.Keyed k) {
            // +1: the Amplify message is signed after the round's outcome was computed.
            lastRoundMessages = classical.messages() - messagesAtStart;
            event = new LinkEvent.Keyed(k.link(), k.round(), k.qber(), k.qberUpper(), k.sifted(), k.leakedBits(),
                    k.finalBits(), lastRoundMessages);
            classical.settle(current.finalKey(), settings, keys, round);
        } else {
            timers.startSingleTimer("retry", new Retry(), settings.retryDelay());
        }
        current.wipe();
        current = null;
        owner.tell(event);
    }
}
