package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.Authenticated;
import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.TappedBatch;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@link Eavesdropper} taps attached to a {@link QuantumChannel}, in attach order, and what is in
 * transit through them: a classical message or a qubit visits each tap in turn (which may alter,
 * drop, replay or answer it) before it reaches its end. Part of the channel actor (its state: no
 * synchronization); {@code deliver} hands a classical message that passed every tap to its end.
 */
final class ChannelTaps {

    private record Tap(ActorRef<Eavesdropper.Command> ref, EavesdropperStrategy optics) {
    }

    /** Where a message in transit goes after the remaining taps. */
    private record Transit(List<Tap> remaining, boolean toTerminal, QuantumChannel.CarryPairHalf pairHalf,
            QuantumChannel.CarryReturn ret, ClassicalOrder.Slot slot) {
        Transit next() {
            return new Transit(new ArrayList<>(remaining.subList(1, remaining.size())), toTerminal, pairHalf, ret, slot);
        }
    }

    private final String link;
    private final String owner;
    private final QuantumRegistry registry;
    private final ActorRef<QuantumChannel.Command> channel;
    private final ClassicalOrder order;
    private final List<Tap> taps = new ArrayList<>();
    private final Map<Long, Transit> transits = new HashMap<>();
    private long nextTransit;

    ChannelTaps(String link, QuantumRegistry registry, ActorRef<QuantumChannel.Command> channel,
            BiConsumer<Authenticated, Boolean> deliver) {
        this.link = link;
        this.owner = QuantumChannel.ownerName(link);
        this.registry = registry;
        this.channel = channel;
        this.order = new ClassicalOrder(deliver);
    }

    boolean isEmpty() {
        return taps.isEmpty();
    }

    void attach(QuantumChannel.Attach a) {
        taps.removeIf(t -> t.ref().equals(a.tap()));
        taps.add(new Tap(a.tap(), strategy(a.optics(), a.fraction())));
        confirm(a.replyTo(), true);
    }

    void detach(QuantumChannel.Detach d) {
        taps.removeIf(t -> t.ref().equals(d.tap()));
        confirm(d.replyTo(), false);
    }

    private void confirm(ActorRef<QuantumChannel.TapChanged> replyTo, boolean attached) {
        if (replyTo != null) {
            replyTo.tell(new QuantumChannel.TapChanged(link, attached, taps.size()));
        }
    }

    /** A tap without an optical attack (a tamper or authentication attack) leaves the photons alone. */
    private static EavesdropperStrategy strategy(String optics, double fraction) {
        return EavesdropperStrategy.named(optics, fraction).orElseGet(EavesdropperStrategy.None::new);
    }

    /** The optical attack of the most recently attached tap that has one. */
    EavesdropperStrategy opticalAttack() {
        for (int i = taps.size() - 1; i >= 0; i--) {
            if (!(taps.get(i).optics() instanceof EavesdropperStrategy.None)) {
                return taps.get(i).optics();
            }
        }
        return new EavesdropperStrategy.None();
    }

    /** Eve learns, after the basis announcement, the sifted bits her attack gave her. */
    void frameSeen(int round, TappedBatch tapped) {
        DetectionBatch b = tapped.detections();
        int sifted = 0;
        int known = 0;
        for (int i = 0; i < b.size(); i++) {
            if (b.aliceBasis()[i] == b.bobBasis()[i]) {
                sifted++;
                if (tapped.eveKnowsBit()[i]) {
                    known++;
                }
            }
        }
        for (Tap tap : taps) {
            tap.ref().tell(new Eavesdropper.FrameSeen(link, round, b.pulses(), b.size(), sifted, known));
        }
    }

    /** A classical message enters the channel: through the taps if any, and out in the order it came in. */
    void classical(Authenticated m, boolean toTerminal) {
        if (taps.isEmpty()) {
            order.untapped(m, toTerminal);
        } else {
            toNextTap(new Transit(new ArrayList<>(taps), toTerminal, null, null, order.enter(toTerminal)), m);
        }
    }

    void classicalPassed(QuantumChannel.ClassicalPassed p) {
        Transit t = transits.remove(p.transit());
        if (t == null) {
            return;
        }
        Transit rest = t.next();
        if (rest.remaining().isEmpty()) {
            order.passed(t.slot(), p.message(), p.replays());
        } else {
            toNextTap(rest, p.message());
        }
    }

    void classicalDropped(QuantumChannel.ClassicalDropped d) {
        Transit t = transits.remove(d.transit());
        if (t != null) {
            order.dropped(t.slot());
        }
    }

    private void toNextTap(Transit t, Authenticated m) {
        long id = nextTransit++;
        transits.put(id, t);
        t.remaining().get(0).ref().tell(new Eavesdropper.ClassicalInTransit(id, link, t.toTerminal(), m, channel));
    }

    /** KDC → member: m through the taps; the channel holds it meanwhile. */
    void pairHalf(QuantumChannel.CarryPairHalf c) {
        QubitRef held = registry.transfer(c.qubit(), owner);
        forwardQubit(new Transit(new ArrayList<>(taps), true, c, null, null), held);
    }

    /** Member → KDC: f through the taps. */
    void returned(QuantumChannel.CarryReturn c) {
        QubitRef held = registry.transfer(c.qubit(), owner);
        forwardQubit(new Transit(new ArrayList<>(taps), false, null, c, null), held);
    }

    void qubitPassed(QuantumChannel.QubitPassed p) {
        Transit t = transits.remove(p.transit());
        if (t != null) {
            forwardQubit(t.next(), p.qubit());
        }
    }

    /** An impostor tap kept m and answered with its own f, which goes back to the KDC past no more taps. */
    void qubitAnswered(QuantumChannel.QubitAnswered a) {
        Transit t = transits.remove(a.transit());
        if (t != null && t.pairHalf() != null) {
            QuantumChannel.CarryPairHalf c = t.pairHalf();
            forwardQubit(new Transit(List.of(), false, null,
                    new QuantumChannel.CarryReturn(c.session(), c.round(), a.returned(), c.authenticator()), null), a.returned());
        }
    }

    private void forwardQubit(Transit t, QubitRef held) {
        if (t.remaining().isEmpty()) {
            if (t.pairHalf() != null) {
                QuantumChannel.CarryPairHalf c = t.pairHalf();
                QubitRef m = registry.transfer(held, c.memberOwner());
                c.member().tell(new Member.PairHalf(c.session(), c.round(), m, c.authenticator(), channel));
            } else {
                QuantumChannel.CarryReturn c = t.ret();
                QubitRef f = registry.transfer(held, Authenticator.OWNER);
                c.authenticator().tell(new Authenticator.Returned(c.session(), c.round(), f));
            }
            return;
        }
        long id = nextTransit++;
        transits.put(id, t);
        String session = t.pairHalf() != null ? t.pairHalf().session() : t.ret().session();
        int round = t.pairHalf() != null ? t.pairHalf().round() : t.ret().round();
        t.remaining().get(0).ref().tell(new Eavesdropper.QubitInTransit(id, link, t.pairHalf() != null, session, round,
                held, owner, channel));
    }
}
