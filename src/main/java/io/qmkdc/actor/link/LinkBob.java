package io.qmkdc.actor.link;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.qkd.BitVector;

/**
 * The terminal's end of a BB84 link (Bob): records its detections, announces bases, discloses the
 * sample, corrects its key with Cascade — each batch of parity questions goes to Alice as an
 * authenticated message and her answer moves the {@link BobRound}'s Cascade session on — checks the
 * verification tags and applies Alice's privacy-amplification seed.
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
    private BobRound current;

    public static Behavior<Command> create(String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preSharedAuthKey) {
        return Behaviors.setup(ctx -> {
            channel.tell(new QuantumChannel.ConnectTerminal(ctx.getSelf()));
            return new LinkBob(ctx, link, settings, channel, owner, keys, preSharedAuthKey);
        });
    }

    private LinkBob(ActorContext<Command> ctx, String link, LinkSettings settings, ActorRef<QuantumChannel.Command> channel,
            ActorRef<LinkEvent> owner, LinkKeys keys, byte[] preShared) {
        super(ctx);
        this.link = link;
        this.settings = settings;
        this.channel = channel;
        this.owner = owner;
        this.keys = keys;
        this.classical = ClassicalEnd.terminalEnd(link, preShared);
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
            current = new BobRound(d.round());
        }
        current.addFrame(d);
        if (d.last()) {
            send(new Steps.BobBases(d.round(), current.bases()));
        }
        return this;
    }

    private Behavior<Command> onFromKdc(FromKdc m) {
        ClassicalEnd.Opening o = classical.open(m.message());
        if (o instanceof ClassicalEnd.Rejected r) {
            owner.tell(new LinkEvent.Tampered(link, "terminal", r.reason(), classical.rejected()));
            return this;
        }
        Steps.Step step = ((ClassicalEnd.Opened) o).step();
        if (current == null || step.round() != current.round()) {
            return this;
        }
        if (step instanceof Steps.SiftAnnounce s) {
            send(current.sift(s));
        } else if (step instanceof Steps.Reconcile r) {
            sendOrAbort(current.startCascade(r));
        } else if (step instanceof Steps.ParityAnswers a) {
            sendOrAbort(current.answer(a));
        } else if (step instanceof Steps.VerifyTags t) {
            send(current.verify(t));
        } else if (step instanceof Steps.Amplify a) {
            amplify(a);
        } else if (step instanceof Steps.Abort a) {
            owner.tell(new LinkEvent.Aborted(link, a.round(), Double.NaN, a.reason()));
            discard();
        }
        return this;
    }

    /** Sends Bob's next step; a step that gives up also ends the round here. */
    private void sendOrAbort(Steps.Step step) {
        send(step);
        if (step instanceof Steps.Abort) {
            discard();
        }
    }

    private void amplify(Steps.Amplify a) {
        BitVector finalKey = current.amplify(a);
        int r = settings.replenishBits(finalKey.length());
        classical.replenish(finalKey, r);
        BitVector rest = finalKey.slice(2 * r, finalKey.length());
        keys.commit(a.round(), rest);
        rest.wipe();
        finalKey.wipe();
        owner.tell(new LinkEvent.Keyed(link, a.round(), Double.NaN, Double.NaN, 0, 0, a.finalBits(), 0));
        discard();
    }

    /** Signs and sends a step to the KDC end. */
    private void send(Steps.Step step) {
        if (step == null) {
            return;
        }
        Authenticated a = classical.seal(step);
        if (a != null) {
            channel.tell(new QuantumChannel.ToKdc(a));
        } else {
            owner.tell(new LinkEvent.Aborted(link, step.round(), Double.NaN,
                    "terminal: MAC key pool exhausted, cannot authenticate " + step.getClass().getSimpleName(), false));
        }
    }

    private void discard() {
        if (current != null) {
            current.wipe();
            current = null;
        }
    }
}
