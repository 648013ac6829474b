package io.qmkdc.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The attacks the control API attaches through the {@link KdcHost} of one incarnation ({@link KdcControl}): a link
 * attack runs as a tap inside the link's {@link ChannelEntity}, wherever sharding placed it; an attack on EPR
 * authentication needs the qubit registry, so its {@link Eavesdropper} runs here, a child of the host, on the EPR
 * side of the channel. A group's link in per-member keying is every member's own link: the attack taps them all
 * (one tap per channel entity; their reports add up). The host routes the commands and the {@link Tapped} /
 * {@link Untapped} answers here.
 */
final class KdcAttacks {
    /** An attach's answers from the channels (a null reply: no answer in time). */
    record Tapped(KdcControl.Attack attack, Attached attached, List<QuantumChannel.TapChanged> replies,
            ActorRef<KdcControl.AttackReply> replyTo) implements KdcHost.Local {
    }

    record Untapped(Attached attached, ActorRef<KdcControl.AttackReply> replyTo) implements KdcHost.Local {
    }

    /** A member attack's eavesdropper runs here (it needs the registry); a link attack's in its channel entities. */
    private record Attached(KdcControl.Attack attack, List<String> links, ActorRef<Eavesdropper.Command> eve,
            List<ActorRef<QuantumChannel.Command>> epr) {
    }

    static final Duration CONTROL_ASK = Duration.ofSeconds(5);
    /** Attacks on EPR authentication: they need the qubit registry, so they tap the channel's side beside the KDC. */
    private static final Set<String> AUTH_ATTACKS = Set.of("impostor", "measure-pair",
            "intercept-return");

    private final ActorContext<QmKdc.Inbound> ctx;
    private final long incarnation;
    private final QuantumRegistry registry;
    private final SplittableRandom random;
    private final Map<String, ActorRef<QuantumChannel.Inbound>> channels;
    private final Map<String, ActorRef<QuantumChannel.Command>> eprChannels;
    private final Map<String, String> groupOf;
    private final Map<String, String> nodes;
    private final Map<String, Attached> attacks = new LinkedHashMap<>();
    private int attackSeq;

    /** The maps are the host's live ones: links deployed, members' groups, entities' nodes. */
    KdcAttacks(ActorContext<QmKdc.Inbound> ctx, long incarnation, QuantumRegistry registry, long seed,
            Map<String, ActorRef<QuantumChannel.Inbound>> channels, Map<String, ActorRef<QuantumChannel.Command>> eprChannels,
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

    /** The links behind {@code link}: itself, or, for a group in per-member keying, its members' own links. */
    private List<String> linksOf(String link) {
        if (channels.containsKey(link)) {
            return List.of(link);
        }
        return groupOf.entrySet().stream().filter(e -> e.getValue().equals(link) && channels.containsKey(e.getKey()))
                .map(Map.Entry::getKey).toList();
    }

    /** The link a member's EPR halves travel on: its own (per-member keying) or its group's. */
    private List<String> authLinksOf(KdcControl.Attach a) {
        if (a.link() != null) {
            return linksOf(a.link());
        }
        if (eprChannels.containsKey(a.member())) {
            return List.of(a.member());
        }
        String g = groupOf.get(a.member());
        return g != null && eprChannels.containsKey(g) ? List.of(g) : List.of();
    }

    void attach(KdcControl.Attach a) {
        String target = a.link() != null ? a.link() : a.member();
        String id = "a" + (++attackSeq);
        boolean intercept = a.type().equals("intercept-resend");
        akka.actor.typed.Scheduler scheduler = ctx.getSystem().scheduler();
        if (a.link() != null && !AUTH_ATTACKS.contains(a.type())) {
            List<String> links = linksOf(a.link());
            if (links.isEmpty()) {
                a.replyTo().tell(new KdcControl.AttackReply(null, 409, "link: '" + a.link()
                        + "' is not deployed by KDC incarnation " + incarnation));
                return;
            }
            KdcControl.Attack attack = new KdcControl.Attack(id, a.type(), target, intercept ? a.fraction() : Double.NaN,
                    a.count(), System.currentTimeMillis(), nodes.getOrDefault(KdcHost.CHANNEL_KEY + links.get(0), ""));
            Attached attached = new Attached(attack, links, null, List.of());
            List<CompletableFuture<QuantumChannel.TapChanged>> taps = new ArrayList<>();
            for (String link : links) {
                long seed = random.nextLong();
                taps.add(AskPattern.<QuantumChannel.Inbound, QuantumChannel.TapChanged>ask(channels.get(link),
                        replyTo -> new ChannelEntity.Tap(incarnation, id, a.type(), a.fraction(), a.count(), seed,
                                replyTo), CONTROL_ASK, scheduler).toCompletableFuture()
                        .exceptionally(f -> null));
            }
            ctx.pipeToSelf(all(taps), (r, f) -> new Tapped(attack, attached, r, a.replyTo()));
            return;
        }
        List<ActorRef<QuantumChannel.Command>> epr = authLinksOf(a).stream().map(eprChannels::get).toList();
        if (epr.isEmpty()) {
            a.replyTo().tell(new KdcControl.AttackReply(null, 409, (a.link() != null ? "link" : "member") + ": '"
                    + target + "' is not deployed by KDC incarnation " + incarnation));
            return;
        }
        ActorRef<Eavesdropper.Command> eve = ctx.spawn(Eavesdropper.create("api-" + id, a.type(), a.fraction(),
                a.count(), registry, random.nextLong()), "eve-" + id + "-" + incarnation);
        KdcControl.Attack attack = new KdcControl.Attack(id, a.type(), target, Double.NaN, a.count(),
                System.currentTimeMillis(), MemberEntity.node(ctx));
        Attached attached = new Attached(attack, List.of(), eve, epr);
        List<CompletableFuture<QuantumChannel.TapChanged>> taps = new ArrayList<>();
        for (ActorRef<QuantumChannel.Command> c : epr) {
            taps.add(AskPattern.<Eavesdropper.Command, QuantumChannel.TapChanged>ask(eve,
                    replyTo -> new Eavesdropper.AttachTo(c, replyTo), CONTROL_ASK, scheduler).toCompletableFuture()
                    .exceptionally(f -> null));
        }
        ctx.pipeToSelf(all(taps), (r, f) -> new Tapped(attack, attached, r, a.replyTo()));
    }

    private static <T> CompletionStage<List<T>> all(List<CompletableFuture<T>> stages) {
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .thenApply(x -> stages.stream().map(CompletableFuture::join).toList());
    }

    /** The eavesdropper's report; a per-member group attack's taps add up to one. */
    void report(KdcControl.Report r) {
        Attached a = attacks.get(r.id());
        if (a == null) {
            return;
        }
        if (a.eve() != null) {
            a.eve().tell(new Eavesdropper.GetReport(r.replyTo()));
            return;
        }
        List<CompletableFuture<Eavesdropper.Report>> reports = new ArrayList<>();
        for (String link : a.links()) {
            reports.add(AskPattern.<QuantumChannel.Inbound, Eavesdropper.Report>ask(channels.get(link),
                    replyTo -> new ChannelEntity.Report(r.id(), replyTo), CONTROL_ASK, ctx.getSystem().scheduler())
                    .toCompletableFuture().exceptionally(f -> null));
        }
        all(reports).thenAccept(list -> list.stream().filter(java.util.Objects::nonNull).reduce(KdcAttacks::sum)
                .ifPresent(r.replyTo()::tell));
    }

    private static Eavesdropper.Report sum(Eavesdropper.Report x, Eavesdropper.Report y) {
        return new Eavesdropper.Report(x.name(), x.strategy(), x.framesSeen() + y.framesSeen(),
                x.siftedSeen() + y.siftedSeen(), x.siftedKnown() + y.siftedKnown(), x.qubitsTouched() + y.qubitsTouched(),
                x.impostorRounds() + y.impostorRounds(), x.updateBitsLearned() + y.updateBitsLearned(),
                x.classicalTampered() + y.classicalTampered(), x.classicalReplayed() + y.classicalReplayed(),
                x.classicalDropped() + y.classicalDropped());
    }

    void tapped(Tapped t) {
        boolean answered = t.replies() != null && t.replies().stream().allMatch(java.util.Objects::nonNull);
        boolean attached = answered && t.replies().stream().allMatch(QuantumChannel.TapChanged::attached);
        if (!attached) {
            if (t.attached().eve() != null) {
                ctx.stop(t.attached().eve());
            } else {
                t.attached().links().forEach(l -> channels.get(l).tell(new ChannelEntity.Untap(t.attack().id(),
                        ctx.getSystem().ignoreRef())));
            }
            t.replyTo().tell(new KdcControl.AttackReply(null, !answered ? 503 : 409, t.attack().target()
                    + ": its channel " + (!answered ? "did not answer (node unreachable?)"
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
        akka.actor.typed.Scheduler scheduler = ctx.getSystem().scheduler();
        List<CompletableFuture<QuantumChannel.TapChanged>> done = new ArrayList<>();
        for (String link : a.links()) {
            done.add(AskPattern.<QuantumChannel.Inbound, QuantumChannel.TapChanged>ask(channels.get(link),
                    replyTo -> new ChannelEntity.Untap(d.id(), replyTo), CONTROL_ASK, scheduler).toCompletableFuture()
                    .exceptionally(f -> null));
        }
        for (ActorRef<QuantumChannel.Command> c : a.epr()) {
            done.add(AskPattern.<Eavesdropper.Command, QuantumChannel.TapChanged>ask(a.eve(),
                    replyTo -> new Eavesdropper.DetachFrom(c, replyTo), CONTROL_ASK, scheduler).toCompletableFuture()
                    .exceptionally(f -> null));
        }
        ctx.pipeToSelf(all(done), (r, f) -> new Untapped(a, d.replyTo()));
    }

    void untapped(Untapped u) {
        if (u.attached().eve() != null) {
            ctx.stop(u.attached().eve());
        }
        u.replyTo().tell(new KdcControl.AttackReply(u.attached().attack(), 200, ""));
    }
}
