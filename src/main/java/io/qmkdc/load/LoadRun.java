package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.qmkdc.actor.Group;
import io.qmkdc.actor.Application;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load experiment (issue 4): deploys {@code groups} groups and {@code members} members on an
 * embedded one-node cluster, authenticates and keys them all (per-group keying: one BB84 link per
 * group terminal; per-member: one per member), drives same-group and relayed cross-group traffic with {@link Member.SendReliable}
 * at a token-bucket rate, drains (waits for every acknowledgement, bounded) and reports.
 */
public final class LoadRun {
    /** Where progress goes (the CLI draws bars on stderr). */
    public interface ProgressSink {
        void keying(int keyed, int total);

        void traffic(double seconds, double total);

        ProgressSink NONE = new ProgressSink() {
            @Override
            public void keying(int keyed, int total) {
            }

            @Override
            public void traffic(double seconds, double total) {
            }
        };
    }

    private static final Duration ASK = Duration.ofSeconds(30);

    private final LoadSettings s;
    private final LinkProfile profile;
    private final Config overrides;
    private final ProgressSink progress;
    private ActorSystem<Void> system;
    private Deployment d;
    private final LoadPlan plan;
    private final List<ActorRef<Member.Command>> members = new ArrayList<>();
    private final List<String> groupIds;
    private final int[] groupOf;
    private final List<int[]> groupMembers = new ArrayList<>();
    private final List<String> memberIds;
    private ActorRef<Member.Delivered> app;
    private java.util.function.BiFunction<String, ActorRef<QmKdc.InitializeReply>, QmKdc.Initialize> initialize;
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong duplicated = new java.util.concurrent.atomic.AtomicLong();

    public LoadRun(LoadSettings settings, LinkProfile profile, Config overrides, ProgressSink progress) {
        this.s = settings;
        this.profile = profile;
        this.overrides = overrides;
        this.progress = progress;
        this.plan = new LoadPlan(settings);
        this.groupIds = plan.groupIds;
        this.memberIds = plan.memberIds;
        this.groupOf = java.util.stream.IntStream.range(0, s.members()).map(plan::groupOf).toArray();
        for (int g = 0; g < s.groups(); g++) {
            final int gg = g;
            groupMembers.add(java.util.stream.IntStream.range(0, s.members()).filter(i -> groupOf[i] == gg).toArray());
        }
    }

    public LoadReport run() {
        long wall = System.nanoTime();
        system = EmbeddedCluster.start(Behaviors.<Void>empty(), overrides);
        try {
            return runOn(wall);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down anyway
            }
        }
    }

    private LoadReport runOn(long wall) {
        deploy();
        Ledger.Table table = new Ledger.Table((int) Math.min(Integer.MAX_VALUE - 8,
                Math.ceil(s.rate() * s.durationMs() / 1000.0) + 1000));
        ActorRef<Application.Inbound> ledger = system.systemActorOf(Ledger.create(table, s.members()), "load-ledger", Props.empty());
        app = ledger.narrow();
        members.forEach(m -> m.tell(new Member.Subscribe(app)));
        members.forEach(m -> m.tell(new Member.SetResendPolicy(s.resendAfterMs(), 8 * s.resendAfterMs(), 8)));

        // Keying: initialize, then poll the KDC's authentication results and the members' epochs.
        long t0 = System.nanoTime();
        QmKdc.InitializeReply init = ask(d.kdc, replyTo -> initialize.apply("load", replyTo));
        if (!init.accepted()) {
            throw new IllegalStateException("initialize rejected: " + init.problems());
        }
        // null: the KDC is busy keying; thousands of members: fewer polls between their link rounds.
        KeyingWait.Keying keying = KeyingWait.await(s, t0, () -> askOrNull(d.kdc, QmKdc.GetStatus::new), this::keyedMembers,
                progress, Math.max(100, s.members() / 4), false);
        int keyed = keying.keyed();

        List<String> keyingProblems = new ArrayList<>();
        if (keyed < s.members()) {
            QmKdc.Status st = askOrNull(d.kdc, QmKdc.GetStatus::new);
            if (st == null) {
                keyingProblems.add("the KDC did not answer its status within " + ASK.toSeconds() + " s (busy keying)");
            }
            for (QmKdc.GroupStatus g : st == null ? List.<QmKdc.GroupStatus>of() : st.groups()) {
                if (g.installedEpoch() < 0) {
                    keyingProblems.add(g.id() + ": no group key installed (link " + (g.compromised() ? "compromised" : "not keyed")
                            + ", aborts " + g.aborts() + (g.lastAbort().isEmpty() ? "" : ", last abort: " + g.lastAbort())
                            + (g.refusal().isEmpty() ? "" : ", refusal: " + g.refusal()) + ")");
                }
            }
        }

        // Per-member keying: the rekey counts start after the initial keying (not a membership change).
        boolean perMember = LoadSettings.PER_MEMBER.equals(s.keying());
        if (perMember) {
            // A KDC still busy with thousands of link rounds answers control messages last: ask a few times.
            QmKdc.RekeyStats restarted = null;
            for (int attempt = 0; attempt < 4 && restarted == null; attempt++) {
                restarted = askOrNull(d.kdc, QmKdc.RestartRekeyStats::new);
            }
            if (restarted == null) {
                keyingProblems.add("the KDC did not restart its rekey counts: they include the initial keying");
            }
        }
        Churn churn = s.churn() > 0 ? new Churn(groupOf, s.groups(), s.churn(), s.seed(), churnActions()) : null;
        if (churn != null) {
            table.incarnation = churn.incarnation;
            table.awayEpoch = churn.awayEpoch;
        }

        // Traffic at the token-bucket rate.
        TrafficMix mix = new TrafficMix(plan);
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        long end = start + s.durationMs() * 1_000_000L;
        TokenBucket bucket = new TokenBucket(s.rate(), Math.max(1, s.rate() / 5), start);
        int n = 0;
        long now;
        int rekeys = 0;
        long nextRekey = s.rekeyEveryMs() > 0 ? start + s.rekeyEveryMs() * 1_000_000L : Long.MAX_VALUE;
        long[] seqs = new long[s.members()];
        if (churn != null) {
            churn.start(start);
        }
        while ((now = System.nanoTime()) < end && n < table.sentNanos.length) {
            if (churn != null) {
                churn.tick(now);
            }
            if (now >= nextRekey) {
                d.kdc.tell(new QmKdc.Reinitialize(List.of(groupIds.get(rekeys++ % s.groups())), "load: periodic re-key"));
                nextRekey += s.rekeyEveryMs() * 1_000_000L;
            }
            for (int k = bucket.take(now); k > 0 && n < table.sentNanos.length; k--) {
                int from = churn != null ? churn.sender() : mix.sender();
                int target = mix.target(from);
                boolean toOther = target != groupOf[from];
                table.cross[n] = toOther;
                table.sender[n] = from;
                table.target[n] = target;
                table.sentNanos[n] = System.nanoTime();
                String to = toOther ? groupIds.get(target) : null;
                // Under churn the driver numbers each member's messages: a rejoined member's new actor goes on
                // from its predecessor's last, or receivers would drop its messages as copies of the old ones.
                members.get(from).tell(churn != null ? new Member.SendReliable(to, "L" + n, seqs[from]++, null)
                        : new Member.SendReliable(to, "L" + n));
                n++;
            }
            progress.traffic((now - start) / 1e9, s.durationMs() / 1000.0);
            LockSupport.parkNanos(1_000_000);
        }
        long trafficEnd = System.nanoTime();
        progress.traffic(s.durationMs() / 1000.0, s.durationMs() / 1000.0);

        // Drain: every expected delivery made and every sender acknowledged, or the bound passed.
        long drainDeadline = trafficEnd + s.drainMs() * 1_000_000L;
        List<Member.Reliability> rel = List.of();
        while (true) {
            // Under churn the owed deliveries are known only afterwards: drain until no sender waits.
            boolean all = churn != null || table.delivered.get() >= mix.expected;
            if (all || System.nanoTime() > drainDeadline) {
                rel = reliability();
                if (rel.stream().allMatch(r -> r.outstanding() == 0) || System.nanoTime() > drainDeadline) {
                    break;
                }
            }
            DriverAsks.sleep(churn != null ? 500 : 50);
        }
        long drained = System.nanoTime();
        double cpuPercent = 100.0 * (processCpuNanos() - cpu0) / ((drained - start)
                * (double) Runtime.getRuntime().availableProcessors());
        Ledger.Totals totals = ask(ledger, Ledger.Finish::new);
        long delivered = totals.delivered();
        long expected = mix.expected;
        long lost = Math.max(0, expected - totals.delivered());
        Churn.Counts counts = null;
        if (churn != null) {
            counts = churn.count(table, n, groupMembers);
            expected = counts.expected();
            delivered = counts.delivered();
            lost = counts.lost();
        }
        LoadReport.Rekey rekey = perMember ? RekeyReport.of(s, rekeyStats(counts), counts, table) : null;

        LoadReport.Resends resends = LoadReport.Resends.of(rel,
                rel.stream().mapToLong(Member.Reliability::outstanding).sum(),
                rel.stream().mapToLong(Member.Reliability::duplicates).sum(), dropped.get(), duplicated.get(), rekeys);
        Cluster cluster = Cluster.get(system);
        LoadReport.Node node = new LoadReport.Node(cluster.selfMember().address().toString(),
                List.copyOf(new java.util.TreeSet<>(cluster.selfMember().getRoles())), s.members(), cpuPercent,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
        return LoadReport.of(plan.setup(s.nodes()), keying, mix, (trafficEnd - start) / 1e9,
                new LoadReport.Deliveries(expected, delivered, lost, totals.duplicates(), totals.relayed(), totals.all()),
                resends, (drained - trafficEnd) / 1e9, List.of(node), keyingProblems, (System.nanoTime() - wall) / 1e9,
                null, rekey);
    }

    /** The KDC's rekey counts once its batches carry every leave the churn sent (bounded: a batch and 10 s). */
    private QmKdc.RekeyStats rekeyStats(Churn.Counts c) {
        long deadline = System.nanoTime() + (s.rekey().batchMs() + 10_000) * 1_000_000L;
        while (true) {
            QmKdc.RekeyStats stats = ask(d.kdc, QmKdc.GetRekeyStats::new);
            long leaves = stats.groups().stream().mapToLong(io.qmkdc.gkm.RekeyTally.Summary::leaves).sum();
            if (c == null || leaves >= c.leaves() || System.nanoTime() > deadline) {
                return stats;
            }
            DriverAsks.sleep(100);
        }
    }

    /** A change of the churn on this deployment: asks and sends from the driver's thread. */
    private Churn.Actions churnActions() {
        return new Churn.Actions() {
            @Override
            public Member.Reliability reliability(int m) {
                return ask(members.get(m), Member.GetReliability::new);
            }

            @Override
            public void leave(int m, java.util.function.LongConsumer epoch) {
                String g = groupIds.get(groupOf[m]);
                d.kdc.tell(new QmKdc.Leave(g, memberIds.get(m), true));
                // Answered after the leave (a rekey-priority message before a control one): any later epoch is without m.
                AskPattern.<QmKdc.Command, QmKdc.Status>ask(d.kdc, QmKdc.GetStatus::new, ASK.multipliedBy(4),
                        system.scheduler()).thenAccept(st -> st.groups().stream().filter(x -> x.id().equals(g))
                                .mapToLong(QmKdc.GroupStatus::epoch).findFirst().ifPresent(epoch));
            }

            @Override
            public void rejoin(int m, int incarnation) {
                String g = groupIds.get(groupOf[m]);
                QmKdc.MemberSpec spec = d.rejoin(memberIds.get(m), g, d.groups.get(g), incarnation);
                spec.member().tell(new Member.Subscribe(app));
                spec.member().tell(new Member.SetResendPolicy(s.resendAfterMs(), 8 * s.resendAfterMs(), 8));
                members.set(m, spec.member());
                d.kdc.tell(new QmKdc.Join(g, spec));
            }
        };
    }

    /**
     * Groups g01.. with links from 10 to 50 km, member i ("m" + i) in group i mod groups. With fault
     * injection each member publishes through a {@link LossyLink} and its group reaches it through
     * another.
     */
    private void deploy() {
        QmKdc.Settings settings = new QmKdc.Settings(profile, s.targetDetections(), Duration.ofSeconds(30),
                Duration.ofMillis(300), new Authenticator.Settings(EprAuthentication.Mode.HARDENED, s.authRounds(),
                        0.25, 0.0).withRoundBudget(roundBudget()), s.seed()).withRekey(s.rekey());
        List<Deployment.GroupPlan> plans = new ArrayList<>();
        for (int g = 0; g < s.groups(); g++) {
            plans.add(new Deployment.GroupPlan(groupIds.get(g), plan.km(g), "NORMAL", List.of(), List.of(), s.keying()));
        }
        d = new Deployment(new Deployment.Spawner() {
            @Override
            public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) {
                return system.systemActorOf(behavior, name, props);
            }
        }, settings, plans, Math.max(256, 2 * s.authRounds()), s.seed());
        boolean lossy = s.dropFraction() > 0 || s.duplicateFraction() > 0;
        SplittableRandom seeds = new SplittableRandom(s.seed() ^ 0xFA17);
        List<List<QmKdc.MemberSpec>> specs = new ArrayList<>();
        groupIds.forEach(g -> specs.add(new ArrayList<>()));
        for (int i = 0; i < s.members(); i++) {
            int g = groupOf[i];
            String id = memberIds.get(i);
            ActorRef<Group.Command> group = d.groups.get(groupIds.get(g));
            ActorRef<Group.Command> via = !lossy ? group : system.systemActorOf(LossyLink.create(group,
                    m -> m instanceof Group.PublishReliable, s.dropFraction(), s.duplicateFraction(), seeds.nextLong(),
                    dropped, duplicated), "lossy-up-" + id, Props.empty());
            QmKdc.MemberSpec spec = d.member(id, groupIds.get(g), false, via);
            if (lossy) {
                ActorRef<Member.Command> down = system.systemActorOf(LossyLink.create(spec.member(),
                        m -> m instanceof Member.DeliverReliable, s.dropFraction(), s.duplicateFraction(),
                        seeds.nextLong(), dropped, duplicated), "lossy-down-" + id, Props.empty());
                group.tell(new Group.Register(id, down)); // after the member's own Register: replaces it
            }
            specs.get(g).add(spec);
            members.add(spec.member());
        }
        initialize = (String session, ActorRef<QmKdc.InitializeReply> replyTo) -> {
            List<QmKdc.GroupSpec> groups = new ArrayList<>();
            List<QmKdc.GroupSpec> planned = d.initialize(session, replyTo).groups();
            for (int g = 0; g < planned.size(); g++) {
                QmKdc.GroupSpec p = planned.get(g);
                groups.add(new QmKdc.GroupSpec(p.id(), p.linkKm(), p.sensitivity(), p.keying(), p.group(), p.channel(),
                        p.linkAuthKey(), List.copyOf(specs.get(g))));
            }
            return new QmKdc.Initialize(session, groups, replyTo);
        };
    }

    /**
     * Members holding a group key; one busy with its link round past the ask's timeout counts as not keyed
     * yet (4,096 per-member links keying at once keep members' mailboxes long).
     */
    private int keyedMembers() {
        return (int) askReliability().stream().map(f -> f.exceptionally(e -> null).join())
                .filter(r -> r != null && r.epoch() >= 0).count();
    }

    /**
     * Every session starts at once: 4,096 of them on a shared 2-core machine ran past the default 5 s a round
     * (80 s a session) and nearly all timed out. 5 ms a member per round, at least the default.
     */
    private Duration roundBudget() {
        return Duration.ofMillis(Math.max(Authenticator.DEFAULT_ROUND_BUDGET.toMillis(), 5L * s.members()));
    }

    private List<Member.Reliability> reliability() {
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

    private <Q, R> R ask(ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        return DriverAsks.ask(system, to, message, ASK);
    }

    private <Q, R> R askOrNull(ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        try {
            return ask(to, message);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
