package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.qmkdc.actor.Application;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.optics.LinkProfile;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load experiment (issue 4) in one JVM, now only for fault injection ({@code --drop-fraction},
 * {@code --duplicate-fraction}: {@link LossyLink}s around this JVM's actors), not yet on the one-node cluster (issue 15): deploys {@code groups} groups and {@code members} members as actors
 * spawned in this JVM ({@link LoadDeployment}) on a one-node cluster system, authenticates and keys them all (per-group keying: one BB84 link per
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

    private final LoadSettings s;
    private final LinkProfile profile;
    private final Config overrides;
    private final ProgressSink progress;
    private ActorSystem<Void> system;
    private LoadDeployment d;
    private final LoadPlan plan;
    private final int[] groupOf;

    public LoadRun(LoadSettings settings, LinkProfile profile, Config overrides, ProgressSink progress) {
        this.s = settings;
        this.profile = profile;
        this.overrides = overrides;
        this.progress = progress;
        this.plan = new LoadPlan(settings);
        this.groupOf = java.util.stream.IntStream.range(0, s.members()).map(plan::groupOf).toArray();
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
        d = new LoadDeployment(system, s, profile, plan);
        Ledger.Table table = new Ledger.Table((int) Math.min(Integer.MAX_VALUE - 8,
                Math.ceil(s.rate() * s.durationMs() / 1000.0) + 1000));
        ActorRef<Application.Inbound> ledger = system.systemActorOf(Ledger.create(table, s.members()), "load-ledger", Props.empty());
        d.subscribe(ledger.narrow());

        // Keying: initialize, then poll the KDC's authentication results and the members' epochs.
        long t0 = System.nanoTime();
        QmKdc.InitializeReply init = d.initialize("load");
        if (!init.accepted()) {
            throw new IllegalStateException("initialize rejected: " + init.problems());
        }
        // null: the KDC is busy keying; thousands of members: fewer polls between their link rounds.
        KeyingWait.Keying keying = KeyingWait.await(s, t0, () -> d.askOrNull(d.kdc(), QmKdc.GetAuthProgress::new), d::keyedMembers,
                progress, Math.max(100, s.members() / 4), false);
        int keyed = keying.keyed();

        List<String> keyingProblems = new ArrayList<>();
        if (keyed < s.members()) {
            QmKdc.Status st = d.askOrNull(d.kdc(), QmKdc.GetStatus::new);
            if (st == null) {
                keyingProblems.add("the KDC did not answer its status within " + LoadDeployment.ASK.toSeconds() + " s (busy keying)");
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
                restarted = d.askOrNull(d.kdc(), QmKdc.RestartRekeyStats::new);
            }
            if (restarted == null) {
                keyingProblems.add("the KDC did not restart its rekey counts: they include the initial keying");
            }
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
        while ((now = System.nanoTime()) < end && n < table.sentNanos.length) {
            if (now >= nextRekey) {
                d.kdc().tell(new QmKdc.Reinitialize(List.of(plan.groupIds.get(rekeys++ % s.groups())), "load: periodic re-key"));
                nextRekey += s.rekeyEveryMs() * 1_000_000L;
            }
            for (int k = bucket.take(now); k > 0 && n < table.sentNanos.length; k--) {
                int from = mix.sender();
                int target = mix.target(from);
                boolean toOther = target != groupOf[from];
                table.cross[n] = toOther;
                table.sender[n] = from;
                table.target[n] = target;
                table.sentNanos[n] = System.nanoTime();
                String to = toOther ? plan.groupIds.get(target) : null;
                d.send(from, new Member.SendReliable(to, "L" + n));
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
            boolean all = table.delivered.get() >= mix.expected;
            if (all || System.nanoTime() > drainDeadline) {
                rel = d.reliability();
                if (rel.stream().allMatch(r -> r.outstanding() == 0) || System.nanoTime() > drainDeadline) {
                    break;
                }
            }
            DriverAsks.sleep(50);
        }
        long drained = System.nanoTime();
        double cpuPercent = 100.0 * (processCpuNanos() - cpu0) / ((drained - start)
                * (double) Runtime.getRuntime().availableProcessors());
        Ledger.Totals totals = d.ask(ledger, Ledger.Finish::new);
        long delivered = totals.delivered();
        long expected = mix.expected;
        long lost = Math.max(0, expected - totals.delivered());
        LoadReport.Rekey rekey = perMember ? RekeyReport.of(s, d.ask(d.kdc(), QmKdc.GetRekeyStats::new), null, 0,
                table.staleEpoch.get(), 0) : null;

        LoadReport.Resends resends = LoadReport.Resends.of(rel,
                rel.stream().mapToLong(Member.Reliability::outstanding).sum(),
                rel.stream().mapToLong(Member.Reliability::duplicates).sum(), d.dropped.get(), d.duplicated.get(), rekeys);
        Cluster cluster = Cluster.get(system);
        LoadReport.Node node = new LoadReport.Node(cluster.selfMember().address().toString(),
                List.copyOf(new java.util.TreeSet<>(cluster.selfMember().getRoles())), s.members(), cpuPercent,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
        return LoadReport.of(plan.setup(s.nodes()), keying, mix, (trafficEnd - start) / 1e9,
                new LoadReport.Deliveries(expected, delivered, lost, totals.duplicates(), totals.relayed(), totals.all()),
                resends, (drained - trafficEnd) / 1e9, List.of(node), keyingProblems, (System.nanoTime() - wall) / 1e9,
                null, rekey);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
