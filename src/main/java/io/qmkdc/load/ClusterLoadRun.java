package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.Application;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.NodePort;
import io.qmkdc.actor.TransitFaults;
import io.qmkdc.cluster.ClusterNode;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.cluster.KdcHost;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load run across JVMs: starts the node JVMs ({@link NodeJvms}) — or joins a running cluster ({@code connect}) —
 * and joins them itself as a role-less {@link DriverNode} that hosts the {@link LoadApplication}; or the same on this
 * JVM's one-node cluster ({@link #inThisJvm}; there also with fault injection: {@link TransitFaults}). The nodes' KDC
 * deploys the generated load scenario (groups g01.., members m0..); the driver waits until every member is keyed,
 * sends at the token-bucket rate through sharding, optionally SIGKILLs nodes or cuts hosts off mid-traffic, drains
 * until every message is acknowledged by every recipient, and reports per node.
 */
public final class ClusterLoadRun {
    private final LoadSettings s;
    private final ClusterLoadOptions o;
    private final LoadProgress progress;
    private final LoadPlan plan;
    // load --hosts: every node in its own network namespace.
    private boolean hosts;
    private List<HostPartitions.Cut> cuts = List.of();
    private String netem;
    private HostPartitions partitions;
    private double inFlightSeconds;
    private CpuQuota cpuQuota;
    private Config inThisJvm; // null: on node JVMs
    private NodeJvms jvms;
    private DriverNode driver;
    private long trafficStartMs;
    private KdcRekeys rekeys;
    private Churn churn; // null: no membership changes
    private ClusterChurn churnActions;

    public ClusterLoadRun(LoadSettings settings, ClusterLoadOptions options, LoadProgress progress) {
        this.s = settings;
        this.o = options;
        this.progress = progress;
        this.plan = new LoadPlan(settings);
    }

    /** Each node on its own host ({@link HostNetwork}, {@code hosts} = the number of nodes), with these cuts and netem SPEC (or null). */
    public ClusterLoadRun onHosts(List<HostPartitions.Cut> c, String netemSpec) {
        this.cuts = List.copyOf(c);
        this.netem = netemSpec;
        this.hosts = true;
        return this;
    }

    /** Backpressure: at most {@code seconds} of traffic in flight (0 = none, the default). */
    public ClusterLoadRun withInFlightSeconds(double seconds) {
        this.inFlightSeconds = seconds;
        return this;
    }

    /** Limit each started node JVM to {@code quota}'s share of a CPU (null: no limit). */
    public ClusterLoadRun withCpuQuota(CpuQuota quota) {
        this.cpuQuota = quota;
        return this;
    }

    /**
     * The same phases on this JVM's one-node cluster ({@link EmbeddedCluster}: the KDC host singleton and the sharded
     * entities, what {@code node} runs) instead of node JVMs; {@code overrides} wins over application.conf.
     */
    public ClusterLoadRun inThisJvm(Config overrides) {
        this.inThisJvm = overrides;
        return this;
    }

    /** The load scenario's HOCON (for nodes started by hand: {@code node --scenario FILE}; then {@code load --connect}). */
    public static String scenarioText(LoadSettings settings) {
        return new LoadPlan(settings).scenarioHocon();
    }

    public LoadReport run() throws IOException {
        long wall = System.nanoTime();
        Files.createDirectories(o.runDir());
        if (inThisJvm != null) {
            return runEmbedded(wall);
        }
        if (hosts && o.connect().isEmpty()) {
            try (HostNetwork hostNet = HostNetwork.up(o.roles().size(), o.runDir(), s.seed())) {
                jvms = new NodeJvms(s, o, hostNet, cpuQuota);
                if (netem != null) {
                    jvms.faultsApplied.add(hostNet.netem(netem));
                }
                partitions = new HostPartitions(hostNet, cuts);
                return runStarted(wall);
            }
        }
        jvms = new NodeJvms(s, o, null, cpuQuota);
        return runStarted(wall);
    }

    private LoadReport runStarted(long wall) throws IOException {
        Path scenario = o.runDir().resolve("load-scenario.conf");
        Files.writeString(scenario, plan.scenarioHocon(), StandardCharsets.UTF_8);
        PkiDir pki = jvms.pki();
        try (NodeJvms started = jvms) {
            List<String> seeds = o.connect().isEmpty() ? jvms.start(scenario, pki) : o.connect();
            try (DriverNode d = new DriverNode(o, jvms.driverHost(), seeds, pki)) {
                driver = d;
                return runOn(wall, o.connect().isEmpty() ? o.roles().size() : 1);
            }
        }
    }

    /** The KDC host deploys the load scenario as {@code run} plays one: at once, quiet (no probe traffic or re-key). */
    private LoadReport runEmbedded(long wall) {
        Scenario scenario = ScenarioLoader.parse(plan.scenarioHocon(), "load");
        // Fault injection (--drop-fraction, --duplicate-fraction): only this driver's one-node cluster gets the key.
        Config config = s.dropFraction() > 0 || s.duplicateFraction() > 0 ? ConfigFactory.parseString(
                TransitFaults.config(s.dropFraction(), s.duplicateFraction(), s.seed() ^ 0xFA17)).withFallback(inThisJvm)
                : inThisJvm;
        ActorSystem<Void> system = EmbeddedCluster.start(KdcHost.Plan.oneNode(scenario,
                scenario.kdcSettings(LinkProfile.gys(), s.seed()), Duration.ZERO, Duration.ZERO), config);
        jvms = new NodeJvms(s, o, null, null); // none started: no kills
        driver = new DriverNode(system);
        try {
            // The node's guardian starts the entity types, then the KDC host's proxy: asks before it find no shards.
            DriverAsks.awaitUntil(s.keyingTimeoutMs(), () -> ClusterNode.kdc(system) != null, "the node's entities");
            return runOn(wall, 0);
        } finally {
            EmbeddedCluster.stop(system);
        }
    }

    private LoadReport runOn(long wall, int expectNodes) {
        DriverAsks.awaitUntil(s.keyingTimeoutMs(), () -> driver.upNodes() >= expectNodes + 1, "the nodes to join");
        if (!o.connect().isEmpty()) {
            driver.redeploy(plan.scenarioHocon(), s);
        }
        // Churn (one JVM, as --churn says; not tried across node JVMs): leaves and rejoins through the KDC singleton
        // and host while the traffic runs.
        churnActions = s.churn() > 0 && inThisJvm != null ? new ClusterChurn(driver.system, plan) : null;
        churn = churnActions == null ? null : new Churn(java.util.stream.IntStream.range(0, s.members())
                .map(plan::groupOf).toArray(), s.groups(), s.churn(), s.seed(), churnActions);
        ActorRef<Application.Inbound> app = driver.system.systemActorOf(LoadApplication.create(plan.memberIds,
                o.resubmitAfter(), new Member.SetResendPolicy(s.resendAfterMs(), 6 * s.resendAfterMs(), 8),
                churn == null ? null : churn.awayEpoch), "load-app", Props.empty());
        if (churnActions != null) {
            churnActions.sendingThrough(app);
        }

        // Keying: the KDC deploys the load scenario itself; wait for every member's key and every authentication.
        KeyingWait.Keying keying = KeyingWait.await(s, System.nanoTime(), driver::authProgress,
                driver.new KeyedSoFar(plan.memberIds), progress, 500, true);
        List<String> problems = new ArrayList<>();
        if (keying.keyed() < s.members()) {
            problems.add(keying.keyed() + " of " + s.members() + " members keyed after " + s.keyingTimeoutMs() / 1000
                    + " s; node logs in " + o.runDir());
        }

        rekeys = new KdcRekeys(driver.system, s, plan.groupIds);
        if (!rekeys.restartCounts()) {
            problems.add("the KDC did not restart its rekey counts: they include the initial keying");
        }
        Map<String, NodePort.NodeStats> before = driver.nodeStats();
        TrafficMix mix = new TrafficMix(plan);
        Traffic traffic = traffic(app, mix, keying.keyed() == s.members()); // not all keyed: nothing sent

        // Drain: every message acknowledged by all its recipients (their nodes recorded it), or the bound.
        long drainDeadline = traffic.end() + s.drainMs() * 1_000_000L;
        LoadApplication.Counts c;
        while (true) {
            c = driver.ask(app, LoadApplication.GetCounts::new);
            // Under churn the owed deliveries are known only afterwards: drain until every message is completed.
            if ((c.completed() == c.sent() && (churn != null || c.delivered() >= c.expected()))
                    || System.nanoTime() > drainDeadline) {
                break;
            }
            DriverAsks.sleep(200);
        }
        long drained = System.nanoTime();
        Map<String, NodePort.NodeStats> after = driver.nodeStats();
        LoadApplication.Totals t = driver.ask(app, LoadApplication.Finish::new);
        List<Member.Reliability> rel = driver.reliability(plan.memberIds);
        int keyedAtEnd = DriverNode.keyed(rel);
        if (keyedAtEnd < s.members()) {
            problems.add("at the end " + keyedAtEnd + " of " + s.members() + " members hold a group key");
        }
        long expected = t.expected();
        long delivered = t.delivered();
        Churn.Counts counts = null;
        if (churn != null) {
            churn.settle(System.nanoTime() + (s.rekey().batchMs() + 10_000) * 1_000_000L);
            counts = churnActions.count(churn, t.sent());
            expected = counts.expected();
            delivered = counts.delivered();
        }
        LoadReport.Resends resends = LoadReport.Resends.of(rel, c.sent() - c.completed(), t.memberDuplicates(),
                after.values().stream().mapToLong(NodePort.NodeStats::injectedDrops).sum(),
                after.values().stream().mapToLong(NodePort.NodeStats::injectedDuplicates).sum(), rekeys.requested());
        KdcIssuing.Summary issuing = issuing();
        if (issuing.overlappingGroups() > 0) {
            problems.add(issuing.overlappingGroups() + " groups got keys from two KDC incarnations at overlapping times (split brain)");
        }
        LoadReport.Cluster extra = new LoadReport.Cluster(o.runDir().toString() + (o.connect().isEmpty() ? ""
                : " (scenario only: the nodes' logs are where they were started)"), List.copyOf(jvms.faultsApplied),
                List.copyOf(jvms.faultSeconds), o.warmup().toMillis() / 1000.0, t.resubmissions(), t.resumes(),
                t.staleDeliveries(), keyedAtEnd, t.timeline(), traffic.window(), traffic.held(),
                partitions == null ? List.of() : partitions.report().stream().map(pt -> pt.withRecovery(issuing.incarnations())).toList(),
                issuing.incarnations(), issuing.overlappingGroups());
        return LoadReport.of(plan.setup(o.connect().isEmpty() ? o.roles().size() : after.size()), keying, mix,
                (traffic.end() - traffic.start()) / 1e9, new LoadReport.Deliveries(expected, delivered,
                        Math.max(0, expected - delivered), t.duplicates(), t.relayed(), t.all()),
                resends, (drained - traffic.end()) / 1e9, DriverNode.nodes(before, after), problems,
                (System.nanoTime() - wall) / 1e9, extra, rekeys.report(counts == null ? 0 : counts.leaves(), counts, 0, t.staleDeliveries(),
                        t.departedNewerEpoch()));
    }

    /** The traffic phase's clock, the in-flight window's limit and the sends it held back. */
    private record Traffic(long start, long end, long held, int window) {
    }

    /** Sends at the rate through the application (if {@code send}), applying the kills and the host cuts on the way. */
    private Traffic traffic(ActorRef<Application.Inbound> app, TrafficMix mix, boolean send) {
        Cluster cluster = Cluster.get(driver.system);
        long warmupEnd = System.nanoTime() + o.warmup().toNanos();
        long start = System.nanoTime();
        trafficStartMs = System.currentTimeMillis();
        long end = warmupEnd + s.durationMs() * 1_000_000L;
        TokenBucket bucket = new TokenBucket(s.rate(), Math.max(1, s.rate() / 5), start);
        List<ClusterLoadOptions.Fault> faults = new ArrayList<>(o.faults());
        faults.sort(java.util.Comparator.comparingDouble(ClusterLoadOptions.Fault::atSeconds));
        int n = 0;
        long now;
        // Backpressure: the bucket offers the rate, the window lets through only what the cluster completes;
        // the completed count comes from the application by a non-blocking ask, refreshed as answers arrive.
        InFlightWindow window = InFlightWindow.forRate(s.rate(), inFlightSeconds);
        AtomicLong completedKnown = new AtomicLong();
        CompletableFuture<?> counting = CompletableFuture.completedFuture(null);
        long held = 0;
        rekeys.start(start);
        if (churn != null) {
            churn.start(start);
        }
        while (send && (now = System.nanoTime()) < end) {
            // Only a window needs the completed count: without one, no ask a millisecond to the busy application.
            if (window.limit() > 0 && counting.isDone()) {
                counting = AskPattern.<Application.Inbound, LoadApplication.Counts>ask(app,
                        LoadApplication.GetCounts::new, DriverNode.ASK, driver.system.scheduler()).toCompletableFuture()
                        .thenAccept(c -> completedKnown.set(c.completed()));
            }
            // The next kill waits until the previous victim is out of the cluster: two nodes down at
            // once out of four leave no majority, and the Split Brain Resolver downs the survivors.
            while (!faults.isEmpty() && (now - start) / 1e9 >= faults.get(0).atSeconds() && jvms.lastVictimRemoved(cluster)) {
                jvms.kill(faults.remove(0), cluster, (now - start) / 1e9);
            }
            if (partitions != null) {
                partitions.tick((now - start) / 1e9, cluster);
            }
            rekeys.tick(now);
            if (churn != null) {
                churn.tick(now);
            }
            int offered = bucket.take(now);
            int allowed = window.allow(offered, n, completedKnown.get());
            held += offered - allowed;
            for (int k = allowed; k > 0; k--) {
                int from = churn != null ? churn.sender() : mix.sender(); // under churn only present members send
                int target = mix.target(from);
                boolean toOther = target != plan.groupOf(from);
                if (churnActions != null) {
                    churnActions.sent(n, from, target);
                }
                app.tell(new LoadApplication.Send(n++, from, toOther ? plan.groupIds.get(target) : null,
                        mix.owed(from, target), now >= warmupEnd));
            }
            progress.traffic((now - start) / 1e9, (end - start) / 1e9);
            LockSupport.parkNanos(1_000_000);
        }
        long trafficEnd = System.nanoTime();
        faults.forEach(f -> jvms.faultsApplied.add("not applied (traffic ended first): kill " + f.node() + " at " + f.atSeconds() + " s"));
        if (partitions != null) {
            partitions.finish((trafficEnd - start) / 1e9, cluster).forEach(jvms.faultsApplied::add);
            partitions.applied().forEach(a -> jvms.faultSeconds.add(a.cutAt()));
        }
        progress.traffic(s.durationMs() / 1000.0, s.durationMs() / 1000.0);
        return new Traffic(start, trafficEnd, held, window.limit());
    }

    /** The nodes' issuing records (only for nodes this run started: --connect nodes log where they were started). */
    private KdcIssuing.Summary issuing() {
        if (!o.connect().isEmpty()) {
            return new KdcIssuing.Summary(List.of(), 0);
        }
        try {
            return KdcIssuing.read(o.runDir(), trafficStartMs);
        } catch (IOException e) {
            return new KdcIssuing.Summary(List.of(), 0);
        }
    }
}
