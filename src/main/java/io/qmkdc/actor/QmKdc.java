package io.qmkdc.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkEvent;
import io.qmkdc.wire.CborSerializable;
import io.qmkdc.wire.Prioritized;
import io.qmkdc.crypto.Priority;
import io.qmkdc.gkm.RekeyTally;
import io.qmkdc.quantum.QuantumRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The centralized quantum multicast KDC (paper §2.1–2.6). Validates {@link Initialize}, then runs
 * the KDC end of each BB84 link ({@link LinkAlice} children: to the group terminal in per-group
 * keying, to every member in per-member keying; P_k from each keyed round) and one
 * {@link Authenticator} child per member session. Once a group's member sessions are settled and
 * a link is keyed and not compromised, it sends C(G_k) over it ({@link GroupKeyWiring}). Joins,
 * leaves and re-initializations open new epochs; cross-group traffic goes to the {@link Relay}
 * child (which holds its own copies of the kept keys), HIGH / TOP_SECRET traffic hop by hop through
 * {@link SecretHop}. The sessions live in {@link KdcSessions}, the links in {@link KdcLinks}, the groups' keys in
 * {@link KdcDistribution}. Priority mailbox: re-initialization, then rekeying, then control, then traffic.
 * Its commands are declared here; what it is set up with in {@link KdcSpecs}, its replies in {@link KdcReplies}.
 */
public final class QmKdc extends AbstractBehavior<QmKdc.Command> implements KdcSpecs, KdcReplies {

    /** What the KDC's host may be sent: the KDC's commands, and its host's own control and lifecycle messages. */
    public interface Inbound {
    }

    public sealed interface Command extends Inbound, CborSerializable {
    }

    /** Paper §2.1: the initiator's request. */
    public record Initialize(String session, List<GroupSpec> groups, ActorRef<InitializeReply> replyTo)
            implements Command, Prioritized.Reinitialization {
    }

    /** A new round of link keys (and then group keys) for the listed groups (all when empty). */
    public record Reinitialize(List<String> groups, String cause) implements Command, Prioritized.Reinitialization {
    }

    public record Join(String groupId, MemberSpec member) implements Command, Prioritized.Rekey {
    }

    /**
     * {@code memberId} leaves {@code groupId}. {@code departs}: for good (load churn), so the terminal owes it no
     * reliable message any more; false: it re-authenticates next (a re-homed member, a scenario's leave).
     */
    public record Leave(String groupId, String memberId, boolean departs) implements Command, Prioritized.Rekey {
        public Leave(String groupId, String memberId) {
            this(groupId, memberId, false);
        }
    }

    /**
     * From a member: relay to every member of {@code targetGroup} (paper §2.5). {@code sentAtMicros}: the sender's
     * wall clock (epoch µs) for the relay latency metric.
     */
    public record RelayToGroup(String targetGroup, GroupTraffic traffic, long sentAtMicros) implements Command, Prioritized.Traffic {
        public RelayToGroup(String targetGroup, GroupTraffic traffic) {
            this(targetGroup, traffic, ActorMetrics.nowMicros());
        }
    }

    /** From a member: reliable cross-group traffic for {@code targetGroup} (issue 4; see {@link ReliableTraffic}). */
    public record RelayReliable(String targetGroup, ReliableTraffic reliable) implements Command, Prioritized.Traffic {
    }

    /** From a member (per-member keying): HIGH / TOP_SECRET traffic sealed under its link's QKD key. */
    public record SecretToGroup(SecretHop.Sealed sealed) implements Command, Prioritized.Traffic {
    }

    /** From a group terminal (per-group) or a member (per-member): C(G_k) of {@code epoch} opened or not. */
    public record GroupKeyAck(String groupId, String from, long epoch, boolean installed, String reason)
            implements Command {
    }

    /** From a group terminal: its link end rejected a classical message. */
    public record LinkAlarm(LinkEvent.Tampered event) implements Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    public record GetAuthProgress(ActorRef<AuthProgress> replyTo) implements Command {
    }

    /** Every BB84 link of the KDC, one row each (the control API's {@code GET /status}). */
    public record GetLinks(ActorRef<Links> replyTo) implements Command {
    }

    private record LinkEventReceived(LinkEvent event) implements Command {
    }

    /** The batch interval of an LKH group ended: apply its queued changes as one rekey. */
    private record FlushTree(String groupId) implements Command {
    }

    /** What membership changes cost in each per-member group so far (issue 11; {@link RekeyTally}). */
    public record GetRekeyStats(ActorRef<RekeyStats> replyTo) implements Command {
    }

    /** The rekey counts start again from zero (a load run's churn after the initial keying); answers the old ones. */
    public record RestartRekeyStats(ActorRef<RekeyStats> replyTo) implements Command {
    }

    private record AuthCompleted(Authenticator.Completed result) implements Command {
    }

    private final Settings settings;
    private final KdcDistribution keys;
    private final KdcSessions sessions;
    private final KdcLinks links;
    private final ActorRef<Relay.Command> relay;
    private String session;
    private long secretRelayed;
    private long secretRejected;
    private long secretRefused;

    public static Behavior<Command> create(Settings settings, QuantumRegistry registry) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new QmKdc(ctx, settings, registry)))
                .onFailure(Exception.class, Resilience.KEEP_STATE);
    }

    private QmKdc(ActorContext<Command> ctx, Settings settings, QuantumRegistry registry) {
        super(ctx);
        this.settings = settings;
        this.links = new KdcLinks(ctx, settings, ctx.messageAdapter(LinkEvent.class, LinkEventReceived::new));
        this.sessions = new KdcSessions(ctx, settings, registry, ctx.messageAdapter(Authenticator.Completed.class,
                AuthCompleted::new));
        this.relay = ctx.spawn(Relay.create(KdcDistribution.KEPT_EPOCHS), "relay");
        this.keys = new KdcDistribution(settings.epochBase(), settings.rekey(), ctx.getSelf(), relay, links, ctx.getLog(),
                (id, after) -> ctx.scheduleOnce(after, ctx.getSelf(), new FlushTree(id)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Initialize.class, this::onInitialize)
                .onMessage(Reinitialize.class, this::onReinitialize)
                .onMessage(Join.class, this::onJoin)
                .onMessage(Leave.class, this::onLeave)
                .onMessage(RelayToGroup.class, r -> { relay.tell(new Relay.Forward(r.targetGroup(), r.traffic(), r.sentAtMicros())); return this; })
                .onMessage(RelayReliable.class, r -> { relay.tell(new Relay.ForwardReliable(r.targetGroup(), r.reliable())); return this; })
                .onMessage(LinkEventReceived.class, r -> { keys.linkEvent(r.event()); return this; })
                .onMessage(AuthCompleted.class, a -> { sessions.completed(a.result(), keys.groups(), keys); return this; })
                .onMessage(SecretToGroup.class, this::onSecretToGroup)
                .onMessage(GroupKeyAck.class, a -> { keys.acknowledged(a); return this; })
                .onMessage(LinkAlarm.class, a -> { links.tampered(a.event()); return this; })
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetAuthProgress.class, g -> { g.replyTo().tell(sessions.progress()); return this; })
                .onMessage(GetLinks.class, g -> { g.replyTo().tell(new Links(KdcLinks.status(keys.groups(), settings.profile().qberThreshold()))); return this; })
                .onMessage(FlushTree.class, f -> { keys.flushTree(f.groupId()); return this; })
                .onMessage(GetRekeyStats.class, g -> { g.replyTo().tell(new RekeyStats(keys.rekeyStats())); return this; })
                .onMessage(RestartRekeyStats.class, g -> {
                    g.replyTo().tell(new RekeyStats(keys.rekeyStats()));
                    keys.restartRekeyStats();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onInitialize(Initialize init) {
        List<String> problems = InitializeValidation.problems(init, keys.groupIds());
        if (!problems.isEmpty()) {
            init.replyTo().tell(new InitializeReply(init.session(), false, List.of(), problems));
            return this;
        }
        session = init.session();
        List<String> ids = new ArrayList<>();
        for (GroupSpec g : init.groups()) {
            KdcGroup e = keys.add(g);
            if (!g.perMember()) {
                links.open(e, g.id(), g.channel(), g.linkAuthKey());
            }
            for (MemberSpec m : g.members()) {
                authenticate(e, m);
            }
            ids.add(g.id());
        }
        init.replyTo().tell(new InitializeReply(init.session(), true, ids, List.of()));
        return this;
    }

    private void authenticate(KdcGroup e, MemberSpec m) {
        if (e.spec.perMember()) {
            links.open(e, m.id(), m.channel(), m.linkAuthKey());
        }
        sessions.start(e, m);
    }

    private Behavior<Command> onReinitialize(Reinitialize r) {
        for (KdcGroup e : keys.groups()) {
            if (r.groups().isEmpty() || r.groups().contains(e.spec.id())) {
                e.links.values().forEach(l -> l.end.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION)));
                e.reinitializing.addAll(e.links.keySet());
            }
        }
        return this;
    }

    private Behavior<Command> onJoin(Join j) {
        KdcGroup e = keys.group(j.groupId());
        if (e != null && !e.members.containsKey(j.member().id())) {
            authenticate(e, j.member());
        }
        return this;
    }

    private Behavior<Command> onLeave(Leave l) {
        KdcGroup e = keys.group(l.groupId());
        if (e == null) {
            return this;
        }
        keys.left(e, l.memberId());
        if (l.departs()) {
            e.spec.group().tell(new Group.Departed(l.memberId()));
        }
        if (e.spec.perMember()) {
            links.close(e, l.memberId());
        }
        return this;
    }

    /** The trusted relay of HIGH / TOP_SECRET traffic: open on the sender's link, re-seal on each recipient's. */
    private Behavior<Command> onSecretToGroup(SecretToGroup m) {
        SecretHop.Relayed r = keys.secret(m.sealed());
        secretRejected += r.rejected() ? 1 : 0;
        secretRefused += r.refused();
        secretRelayed += r.deliveries().size();
        return this;
    }

    /** The relay adds its counts and replies. */
    private Behavior<Command> onGetStatus(GetStatus g) {
        relay.tell(new Relay.CompleteStatus(new Status(session, keys.status(), sessions.results(), 0, 0,
                secretRelayed, secretRejected, secretRefused), g.replyTo()));
        return this;
    }
}
