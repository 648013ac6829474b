package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;

/**
 * The attacks the control API attaches through the {@link KdcHost} of one incarnation ({@link KdcControl}): a link
 * attack runs as a tap inside the link's {@link ChannelEntity}, wherever sharding placed it; an attack on EPR
 * authentication needs the qubit registry, so its {@link Eavesdropper} runs here, a child of the host, on the EPR
 * side of the group's channel. The host routes the commands and the {@link Tapped} / {@link Untapped} answers here.
 */
final class KdcAttacks {
    /** An attach's answer from the channel (null: no answer in time). */
    record Tapped(KdcControl.Attack attack, Attached attached, QuantumChannel.TapChanged reply,
            ActorRef<KdcControl.AttackReply> replyTo) {
    }

    record Untapped(Attached attached, ActorRef<KdcControl.AttackReply> replyTo) {
    }

    /** A member attack's eavesdropper runs here (it needs the registry); a link attack's in its channel entity. */
    private record Attached(KdcControl.Attack attack, String link, ActorRef<Eavesdropper.Command> eve,
            ActorRef<QuantumChannel.Command> epr) {
    }

    static final Duration CONTROL_ASK = Duration.ofSeconds(5);
    /** Attacks on EPR authentication: they need the qubit registry, so they tap the channel's side beside the KDC. */
    private static final Set<String> AUTH_ATTACKS = Set.of("impostor", "measure-pair",
            "intercept-return");

    private final ActorContext<Object> ctx;
    private final long incarnation;
    private final QuantumRegistry registry;
    private final SplittableRandom random;
    private final Map<String, ActorRef<Object>> channels;
    private final Map<String, ActorRef<QuantumChannel.Command>> eprChannels;
    private final Map<String, String> groupOf;
    private final Map<String, String> nodes;
    private final Map<String, Attached> attacks = new LinkedHashMap<>();
    private int attackSeq;

    /** The maps are the host's live ones: links deployed, members' groups, entities' nodes. */
    KdcAttacks(ActorContext<Object> ctx, long incarnation, QuantumRegistry registry, long seed,
            Map<String, ActorRef<Object>> channels, Map<String, ActorRef<QuantumChannel.Command>> eprChannels,
            Map<String, String> groupOf, Map<String, String> nodes) {
        this.ctx = ctx;
        this.incarnation = incarnation;
        this.registry = registry;
        this.random = new SplittableRandom(seed);
        this.channels = channels;
        this.eprChannels = eprChannels;
        this.groupOf = groupOf;
        this.nodes = nodes;
    }

    List<KdcControl.Attack> list() {
        return attacks.values().stream().map(Attached::attack).toList();
    }

    void attach(KdcControl.Attach a) {
        String target = a.link() != null ? a.link() : a.member();
        String id = "a" + (++attackSeq);
        boolean intercept = a.type().equals("intercept-resend");
        if (a.link() != null && !AUTH_ATTACKS.contains(a.type())) {
            ActorRef<Object> channel = channels.get(a.link());
            if (channel == null) {
                a.replyTo().tell(new KdcControl.AttackReply(null, 409, "link: '" + a.link()
                        + "' is not deployed by KDC incarnation " + incarnation));
                return;
            }
            KdcControl.Attack attack = new KdcControl.Attack(id, a.type(), target, intercept ? a.fraction() : Double.NaN,
                    a.count(), System.currentTimeMillis(), nodes.getOrDefault(KdcHost.CHANNEL_KEY + a.link(), ""));
            Attached attached = new Attached(attack, a.link(), null, null);
            long seed = random.nextLong();
            ctx.pipeToSelf(AskPattern.<Object, QuantumChannel.TapChanged>ask(channel,
                    replyTo -> new ChannelEntity.Tap(incarnation, id, a.type(), a.fraction(), a.count(), seed, replyTo),
                    CONTROL_ASK, ctx.getSystem().scheduler()),
                    (r, f) -> new Tapped(attack, attached, r, a.replyTo()));
            return;
        }
        String g = a.link() != null ? a.link() : groupOf.get(a.member());
        ActorRef<QuantumChannel.Command> epr = g == null ? null : eprChannels.get(g);
        if (epr == null) {
            a.replyTo().tell(new KdcControl.AttackReply(null, 409, (a.link() != null ? "link" : "member") + ": '"
                    + target + "' is not deployed by KDC incarnation " + incarnation));
            return;
        }
        ActorRef<Eavesdropper.Command> eve = ctx.spawn(Eavesdropper.create("api-" + id, a.type(), a.fraction(),
                a.count(), registry, random.nextLong()), "eve-" + id + "-" + incarnation);
        KdcControl.Attack attack = new KdcControl.Attack(id, a.type(), target, Double.NaN, a.count(),
                System.currentTimeMillis(), MemberEntity.node(ctx));
        Attached attached = new Attached(attack, null, eve, epr);
        ctx.pipeToSelf(AskPattern.<Eavesdropper.Command, QuantumChannel.TapChanged>ask(
                eve, replyTo -> new Eavesdropper.AttachTo(epr, replyTo), CONTROL_ASK, ctx.getSystem().scheduler()),
                (r, f) -> new Tapped(attack, attached, r, a.replyTo()));
    }

    void report(KdcControl.Report r) {
        Attached a = attacks.get(r.id());
        if (a == null) {
            return;
        }
        if (a.eve() != null) {
            a.eve().tell(new Eavesdropper.GetReport(r.replyTo()));
        } else {
            channels.get(a.link()).tell(new ChannelEntity.Report(r.id(), r.replyTo()));
        }
    }

    void tapped(Tapped t) {
        if (t.reply() == null || !t.reply().attached()) {
            if (t.attached().eve() != null) {
                ctx.stop(t.attached().eve());
            }
            t.replyTo().tell(new KdcControl.AttackReply(null, t.reply() == null ? 503 : 409, t.attack().target()
                    + ": its channel " + (t.reply() == null ? "did not answer (node unreachable?)"
                            : "is not provisioned for this incarnation yet (re-homing?)")));
            return;
        }
        attacks.put(t.attack().id(), t.attached());
        t.replyTo().tell(new KdcControl.AttackReply(t.attack(), 201, ""));
    }

    void detach(KdcControl.Detach d) {
        Attached a = attacks.remove(d.id());
        if (a == null) {
            d.replyTo().tell(new KdcControl.AttackReply(null, 404, "id: no attack '" + d.id() + "' is attached"));
            return;
        }
        CompletionStage<QuantumChannel.TapChanged> done = a.link() != null
                ? AskPattern.<Object, QuantumChannel.TapChanged>ask(channels.get(a.link()),
                        replyTo -> new ChannelEntity.Untap(d.id(), replyTo), CONTROL_ASK, ctx.getSystem().scheduler())
                : AskPattern.<Eavesdropper.Command, QuantumChannel.TapChanged>ask(a.eve(),
                        replyTo -> new Eavesdropper.DetachFrom(a.epr(), replyTo), CONTROL_ASK,
                        ctx.getSystem().scheduler());
        ctx.pipeToSelf(done, (r, f) -> new Untapped(a, d.replyTo()));
    }

    void untapped(Untapped u) {
        if (u.attached().eve() != null) {
            ctx.stop(u.attached().eve());
        }
        u.replyTo().tell(new KdcControl.AttackReply(u.attached().attack(), 200, ""));
    }
}
