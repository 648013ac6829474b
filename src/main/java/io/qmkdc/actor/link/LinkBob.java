package io.qmkdc.actor.link;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.qkd.Bb84BobRound;
import io.qmkdc.qkd.Bb84Step;
import io.qmkdc.qkd.Bb84Trace;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.wire.CborSerializable;

/**
 * The terminal's end of a BB84 link (Bob): carries the {@link Bb84Step}s of the pure
 * {@link Bb84BobRound} — bases, disclosure, one authenticated message per batch of Cascade parity
 * questions, the verification outcome — to the KDC end, feeds it Alice's replies, and commits the
 * final key of a keyed round (after topping up the MAC pools).
 */
public final class LinkBob extends AbstractBehavior<LinkBob.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** From the channel: Bob's detections of one frame (basis and bit per click, in pulse order). */
    public record Detected(int round, int frame, boolean last, byte[] basis, byte[] bit) implements Command {
        @Override
        public String toString() {
            return "Detected[round=" + round + ", frame=" + frame + ", detections=" + basis.length + "]";
        }
    }

    /** From the channel: a classical message from the KDC. */
    public record FromKdc(Authenticated message) implements Command {
    }

    private final String link;
    private final ActorRef<QuantumChannel.Command> channel;
    private final ActorRef<LinkEvent> owner;
    private final LinkKeys keys;
    private final LinkSettings settings;
    private final ClassicalEnd classical;
    private final Bb84Trace trace;
    private Bb84BobRound current;

    public static Behavior<Command> create(String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preSharedAuthKey) {
        return create(link, settings, channel, owner, keys, preSharedAuthKey, Bb84Trace.NONE);
    }

    /** With a trace of Bob's keys (tests comparing transports). */
    static Behavior<Command> create(String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preSharedAuthKey, Bb84Trace trace) {
        return Behaviors.setup(ctx -> {
            channel.tell(new QuantumChannel.ConnectTerminal(ctx.getSelf()));
            return new LinkBob(ctx, link, settings, channel, owner, keys, preSharedAuthKey, trace);
        });
    }

    private LinkBob(ActorContext<Command> ctx, String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preShared, Bb84Trace trace) {
        super(ctx);
        this.link = link;
        this.settings = settings;
        this.channel = channel;
        this.owner = owner;
        this.keys = keys;
        this.classical = ClassicalEnd.terminalEnd(link, preShared);
        this.trace = trace;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Detected.class, this::onDetected)
                .onMessage(FromKdc.class, this::onFromKdc)
                .build();
    }

    private Behavior<Command> onDetected(Detected d) {
        if (current == null || current.round() != d.round()) {
            discard();
            current = new Bb84BobRound(d.round(), trace);
        }
        advance(current.detected(d.basis(), d.bit(), d.last()));
        return this;
    }

    private Behavior<Command> onFromKdc(FromKdc m) {
        Bb84Step step = classical.openOrAlarm(m.message(), owner);
        if (step != null && current != null && step.round() == current.round()) {
            advance(current.receive(step));
        }
        return this;
    }

    /** Sends Bob's replies; at the round's end commits the key or reports the abort. */
    private void advance(Bb84BobRound.Next next) {
        if (next instanceof Bb84BobRound.Send s) {
            s.steps().forEach(this::send);
        } else if (next instanceof Bb84BobRound.Finish f) {
            f.toAlice().forEach(this::send);
            if (current == null) {
                return; // a send failed and ended the round
            }
            if (f.keyed()) {
                commit(current.finalKey());
            } else {
                owner.tell(new LinkEvent.Aborted(link, current.round(), Double.NaN, f.reason()));
            }
            discard();
        }
    }

    private void commit(BitVector finalKey) {
        classical.settle(finalKey, settings, keys, current.round());
        owner.tell(new LinkEvent.Keyed(link, current.round(), Double.NaN, Double.NaN, 0, 0, finalKey.length(), 0));
    }

    /** Signs and sends a step to the KDC end; an exhausted MAC pool ends the round. */
    private void send(Bb84Step step) {
        if (current == null) {
            return;
        }
        Authenticated a = classical.seal(step);
        if (a != null) {
            channel.tell(new QuantumChannel.ToKdc(a));
        } else {
            owner.tell(new LinkEvent.Aborted(link, step.round(), Double.NaN,
                    "terminal: MAC key pool exhausted, cannot authenticate " + step.getClass().getSimpleName(), false));
            discard();
        }
    }

    private void discard() {
        if (current != null) {
            current.wipe();
            current = null;
        }
    }
}
