package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one-JVM load's actors, spawned in this JVM through {@link Deployment}: the KDC, the group terminals and the
 * members of {@link LoadPlan} — with fault injection each member publishes through a {@link LossyLink} and its group
 * reaches it through another — and the KDC's initialize (churn runs on the one-node cluster: {@link ClusterChurn}).
 */
final class LoadDeployment {
    static final Duration ASK = Duration.ofSeconds(30);

    private final ActorSystem<Void> system;
    private final LoadSettings s;
    private final LoadPlan plan;
    private final Deployment d;
    private final List<ActorRef<Member.Command>> members = new ArrayList<>();
    private final List<List<QmKdc.MemberSpec>> specs = new ArrayList<>();
    private final Member.SetResendPolicy resendPolicy;
    private ActorRef<Member.Delivered> app;
    /** Messages the lossy links dropped and sent twice. */
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();

    LoadDeployment(ActorSystem<Void> system, LoadSettings settings, LinkProfile profile, LoadPlan plan) {
        this.system = system;
        this.s = settings;
        this.plan = plan;
        this.resendPolicy = new Member.SetResendPolicy(s.resendAfterMs(), 8 * s.resendAfterMs(), 8);
        QmKdc.Settings kdc = new QmKdc.Settings(profile, s.targetDetections(), Duration.ofSeconds(30),
                Duration.ofMillis(300), new Authenticator.Settings(EprAuthentication.Mode.HARDENED, s.authRounds(),
                        0.25, 0.0).withRoundBudget(roundBudget()), s.seed()).withRekey(s.rekey());
        List<Deployment.GroupPlan> plans = new ArrayList<>();
        for (int g = 0; g < s.groups(); g++) {
            plans.add(new Deployment.GroupPlan(plan.groupIds.get(g), plan.km(g), "NORMAL", List.of(), List.of(), s.keying()));
            specs.add(new ArrayList<>());
        }
        d = new Deployment(new Deployment.Spawner() {
            @Override
            public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) {
                return system.systemActorOf(behavior, name, props);
            }
        }, kdc, plans, Math.max(256, 2 * s.authRounds()), s.seed());
        boolean lossy = s.dropFraction() > 0 || s.duplicateFraction() > 0;
        SplittableRandom seeds = new SplittableRandom(s.seed() ^ 0xFA17);
        for (int i = 0; i < s.members(); i++) {
            int g = plan.groupOf(i);
            String id = plan.memberIds.get(i);
            ActorRef<Group.Command> group = d.groups.get(plan.groupIds.get(g));
            ActorRef<Group.Command> via = !lossy ? group : system.systemActorOf(LossyLink.create(group,
                    m -> m instanceof Group.PublishReliable, s.dropFraction(), s.duplicateFraction(), seeds.nextLong(),
                    dropped, duplicated), "lossy-up-" + id, Props.empty());
            QmKdc.MemberSpec spec = d.member(id, plan.groupIds.get(g), false, via);
            if (lossy) {
                ActorRef<Member.Command> down = system.systemActorOf(LossyLink.create(spec.member(),
                        m -> m instanceof Member.DeliverReliable, s.dropFraction(), s.duplicateFraction(),
                        seeds.nextLong(), dropped, duplicated), "lossy-down-" + id, Props.empty());
                group.tell(new Group.Register(id, down)); // after the member's own Register: replaces it
            }
            specs.get(g).add(spec);
            members.add(spec.member());
        }
    }

    ActorRef<QmKdc.Command> kdc() {
        return d.kdc;
    }

    /** Every member hands its deliveries to {@code application} and re-sends at the load's pace. */
    void subscribe(ActorRef<Member.Delivered> application) {
        this.app = application;
        members.forEach(m -> m.tell(new Member.Subscribe(app)));
        members.forEach(m -> m.tell(resendPolicy));
    }

    /** The KDC's initialize of every group with its members. */
    QmKdc.InitializeReply initialize(String session) {
        return ask(d.kdc, replyTo -> {
            List<QmKdc.GroupSpec> groups = new ArrayList<>();
            List<QmKdc.GroupSpec> planned = d.initialize(session, replyTo).groups();
            for (int g = 0; g < planned.size(); g++) {
                QmKdc.GroupSpec p = planned.get(g);
                groups.add(new QmKdc.GroupSpec(p.id(), p.linkKm(), p.sensitivity(), p.keying(), p.group(), p.channel(),
                        p.linkAuthKey(), List.copyOf(specs.get(g))));
            }
            return new QmKdc.Initialize(session, groups, replyTo);
        });
    }

    void send(int member, Member.SendReliable message) {
        members.get(member).tell(message);
    }

    /**
     * Members holding a group key; one busy with its link round past the ask's timeout counts as not keyed
     * yet (4,096 per-member links keying at once keep members' mailboxes long).
     */
    int keyedMembers() {
        return (int) askReliability().stream().map(f -> f.exceptionally(e -> null).join())
                .filter(r -> r != null && r.epoch() >= 0).count();
    }

    List<Member.Reliability> reliability() {
        return askReliability().stream().map(CompletableFuture::join).toList();
    }

    private List<CompletableFuture<Member.Reliability>> askReliability() {
        List<CompletableFuture<Member.Reliability>> asks = new ArrayList<>();
        for (ActorRef<Member.Command> m : members) {
            asks.add(AskPattern.<Member.Command, Member.Reliability>ask(m, Member.GetReliability::new, ASK,
                    system.scheduler()).toCompletableFuture());
        }
        return asks;
    }

    /**
     * Every session starts at once: 4,096 of them on a shared 2-core machine ran past the default 5 s a round
     * (80 s a session) and nearly all timed out. 5 ms a member per round, at least the default.
     */
    private Duration roundBudget() {
        return Duration.ofMillis(Math.max(Authenticator.DEFAULT_ROUND_BUDGET.toMillis(), 5L * s.members()));
    }

    <Q, R> R ask(ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        return DriverAsks.ask(system, to, message, ASK);
    }

    /** The answer, or null when {@code to} is too busy to give it within the ask's timeout. */
    <Q, R> R askOrNull(ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        try {
            return ask(to, message);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
