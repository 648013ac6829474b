package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.Application;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.ArteryTls;
import io.qmkdc.cluster.ClusterNode;
import io.qmkdc.pki.PkiDir;
import io.qmkdc.cluster.MemberEntity;
import io.qmkdc.actor.NodePort;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A load run across JVMs: starts {@code nodes} node JVMs ({@code Main node}, the same classpath) on
 * 127.0.0.1 — or joins a running cluster ({@code connect}) — and joins them itself as a role-less
 * driver node that hosts the {@link LoadApplication}. The nodes' KDC deploys the generated load
 * scenario (groups g01.., members m0..); the driver waits until every member is keyed, sends at the
 * token-bucket rate through sharding, optionally SIGKILLs nodes mid-traffic ({@link Fault}), drains
 * until every message is acknowledged by every recipient, and reports per node.
 */
public final class ClusterLoadRun {
    /** Kill a node {@code atSeconds} into the traffic: {@code "member"} (a node without role kdc) or {@code "kdc"} (the singleton's). */
    public record Fault(double atSeconds, String node) {
        public Fault {
            if (!node.equals("member") && !node.equals("kdc")) {
                throw new IllegalArgumentException("--kill: node kind '" + node + "' is neither member nor kdc");
            }
        }
    }

    /**
     * {@code roles.get(i)}: roles of node i+1 ({@code nodes} entries); {@code heap}: -Xmx of each node JVM;
     * {@code jvmOptions}: more options for them; {@code runDir}: scenario, node logs; {@code connect}:
     * seed nodes of a running cluster (then nothing is started and {@code roles} is ignored).
     */
    public record Options(List<List<String>> roles, String heap, List<String> jvmOptions, Path runDir,
            List<String> connect, List<Fault> faults, Duration resubmitAfter, Duration warmup, Tls tls) {
        public static Options defaults(int nodes, Path runDir) {
            List<List<String>> roles = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                roles.add(i == 0 ? List.of("kdc", "channel", "group", "member") : List.of("channel", "group", "member"));
            }
            // Keying 1,000 members saturates 2 cores for seconds: a longer heartbeat pause keeps busy nodes from being downed.
            return new Options(roles, "1g", List.of(HEARTBEAT_PAUSE),
                    runDir, List.of(), List.of(), Duration.ofSeconds(30), Duration.ZERO, Tls.OWN);
        }

        public Options withRoles(List<List<String>> r) {
            return new Options(r, heap, jvmOptions, runDir, connect, faults, resubmitAfter, warmup, tls);
        }

        public Options withJvm(String h, List<String> o) {
            return new Options(roles, h, o, runDir, connect, faults, resubmitAfter, warmup, tls);
        }

        public Options withConnect(List<String> seeds) {
            return new Options(roles, heap, jvmOptions, runDir, seeds, faults, resubmitAfter, warmup, tls);
        }

        public Options withFaults(List<Fault> f) {
            return new Options(roles, heap, jvmOptions, runDir, connect, f, resubmitAfter, warmup, tls);
        }

        public Options withResubmitAfter(Duration d) {
            return new Options(roles, heap, jvmOptions, runDir, connect, faults, d, warmup, tls);
        }

        /** How the nodes and the driver talk (default {@link Tls#OWN}). */
        public Options withTls(Tls t) {
            return new Options(roles, heap, jvmOptions, runDir, connect, faults, resubmitAfter, warmup, t);
        }

        /** Traffic at the rate for {@code d} before the measured {@code duration}: its messages count for lost and duplicate, not for the latencies. */
        public Options withWarmup(Duration d) {
            return new Options(roles, heap, jvmOptions, runDir, connect, faults, resubmitAfter, d, tls);
        }
    }

    /**
     * Artery between the driver and the nodes: {@link #OWN} a new PKI in {@code runDir/pki} (certificates n1..nN and
     * driver, mutual TLS); {@link #of(Path)} an existing one (a running cluster's, with a {@code driver} node
     * certificate); {@link #INSECURE} plain TCP.
     */
    public record Tls(Path pki, boolean insecure) {
        public static final Tls OWN = new Tls(null, false);
        public static final Tls INSECURE = new Tls(null, true);
        public static final String DRIVER_CERT = "driver";

        public static Tls of(Path pki) {
            return new Tls(pki, false);
        }
    }

    private static final Duration ASK = Duration.ofSeconds(10);
    public static final String HEARTBEAT_PAUSE = "-Dakka.cluster.failure-detector.acceptable-heartbeat-pause=10s";
    /** With kills: the default heartbeat pause and a short stable-after, so a killed node is out in seconds. */
    public static final List<String> FAST_DOWNING = List.of("-Dakka.cluster.split-brain-resolver.stable-after=4s");
    private static final double KM_MIN = 10;
    private static final double KM_MAX = 50;

    private final LoadSettings s;
    private final Options o;
    private final LoadRun.ProgressSink progress;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> byAddress = new HashMap<>();
    private final List<String> memberIds = new ArrayList<>();
    private final List<String> groupIds = new ArrayList<>();
    private final List<List<String>> groupMembers = new ArrayList<>();
    private final List<String> faultsApplied = new ArrayList<>();
    private int[] groupSize;
    private ActorSystem<Void> system;
    private akka.actor.Address lastVictim;
    private final List<Double> faultSeconds = new ArrayList<>();
    // load --hosts: every node in its own network namespace (null: all on 127.0.0.1).
    private HostNetwork hostNet;
    private List<HostPartitions.Cut> cuts = List.of();
    private String netem;
    private HostPartitions partitions;
    private long trafficStartMs;

    private CpuQuota cpuQuota;

    public ClusterLoadRun(LoadSettings settings, Options options, LoadRun.ProgressSink progress) {
        this.s = settings;
        this.o = options;
        this.progress = progress;
        planIds();
    }

    /** Each node on its own host ({@link HostNetwork}, {@code hosts} = the number of nodes), with these cuts and netem SPEC (or null). */
    public ClusterLoadRun onHosts(List<HostPartitions.Cut> c, String netemSpec) {
        this.cuts = List.copyOf(c);
        this.netem = netemSpec;
        this.hosts = true;
        return this;
    }

    private boolean hosts;


    /** Backpressure: at most {@code seconds} of traffic in flight (0 = none, the default). */
    public ClusterLoadRun withInFlightSeconds(double seconds) {
        this.inFlightSeconds = seconds;
        return this;
    }

    private double inFlightSeconds;

    /** Limit each started node JVM to {@code quota}'s share of a CPU (null: no limit). */
    public ClusterLoadRun withCpuQuota(CpuQuota quota) {
        this.cpuQuota = quota;
        return this;
    }

    public LoadReport run() throws IOException {
        long wall = System.nanoTime();
        Files.createDirectories(o.runDir());
        if (hosts && o.connect().isEmpty()) {
            hostNet = HostNetwork.up(o.roles().size(), o.runDir(), s.seed());
            try {
                if (netem != null) {
                    faultsApplied.add(hostNet.netem(netem));
                }
                partitions = new HostPartitions(hostNet, cuts);
                return runStarted(wall);
            } finally {
                hostNet.close();
            }
        }
        return runStarted(wall);
    }

    private String host(int index) {
        return hostNet == null ? "127.0.0.1" : hostNet.address(index);
    }

    private LoadReport runStarted(long wall) throws IOException {
        Path scenario = writeScenario();
        List<String> seeds = o.connect();
        int expectNodes = o.connect().isEmpty() ? o.roles().size() : 1;
        PkiDir pki = pki();
        if (o.connect().isEmpty()) {
            int[] ports = freePorts(o.roles().size());
            if (hostNet != null) {
                // Own network stack per host: the same port everywhere; two seeds, so a cut first seed is not the only way in.
                java.util.Arrays.fill(ports, 25520);
            }
            seeds = hostNet == null ? List.of("127.0.0.1:" + ports[0])
                    : List.of(host(1) + ":25520", host(Math.min(2, ports.length)) + ":25520").stream().distinct().toList();
            for (int i = 0; i < ports.length; i++) {
                startNode(i + 1, ports[i], seeds, scenario, pki);
            }
        }
        // The nodes' -Dakka.* settings (failure detector, SBR) hold for the driver node too.
        StringBuilder akka = new StringBuilder();
        for (String opt : o.jvmOptions()) {
            if (opt.startsWith("-Dakka.") && opt.contains("=")) {
                akka.append(opt, 2, opt.indexOf('=')).append(" = \"").append(opt.substring(opt.indexOf('=') + 1)).append("\"\n");
            }
        }
        system = ClusterNode.start(new ClusterNode.Options(List.of("driver"),
                hostNet == null ? "127.0.0.1" : hostNet.driverAddress(), freePorts(1)[0], seeds, 0, 1,
                null, ConfigFactory.parseString(akka + "akka.coordinated-shutdown.exit-jvm = off\n"
                        + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\nakka.loglevel = WARNING")
                        .withFallback(pki == null ? ArteryTls.insecure() : ArteryTls.config(pki, Tls.DRIVER_CERT))),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return runOn(wall, expectNodes);
        } finally {
            // The run is over: connection warnings while the nodes go away are noise now.
            if (org.slf4j.LoggerFactory.getLogger("akka") instanceof ch.qos.logback.classic.Logger akkaLog) {
                akkaLog.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // stopping anyway
            }
            for (Process p : processes) {
                p.destroyForcibly();
            }
            releaseQuota();
        }
    }

    /** After the nodes were killed: wait for them to exit, then drop their cgroups. */
    private void releaseQuota() {
        if (cpuQuota == null) {
            return;
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String g : cpuQuota.release()) {
            System.err.println("could not remove cgroup " + g);
        }
    }

    private LoadReport runOn(long wall, int expectNodes) {
        Cluster cluster = Cluster.get(system);
        awaitUntil(s.keyingTimeoutMs(), () -> upNodes(cluster) >= expectNodes + 1, "the nodes to join");
        if (!o.connect().isEmpty()) {
            redeploy();
        }
        ActorRef<Application.Inbound> app = system.systemActorOf(LoadApplication.create(memberIds, o.resubmitAfter(),
                new Member.SetResendPolicy(s.resendAfterMs(), 6 * s.resendAfterMs(), 8)), "load-app",
                Props.empty());

        // Keying: the KDC deploys the load scenario itself; wait for every member's key and every authentication.
        long t0 = System.nanoTime();
        double keyedSeconds = Double.NaN;
        double authSeconds = Double.NaN;
        int authPassed = 0;
        int keyed = 0;
        long deadline = t0 + s.keyingTimeoutMs() * 1_000_000L;
        while (System.nanoTime() < deadline) {
            QmKdc.Status st = kdcStatus();
            if (Double.isNaN(authSeconds) && st != null && st.auth().size() >= s.members()) {
                authSeconds = (System.nanoTime() - t0) / 1e9;
                authPassed = (int) st.auth().stream().filter(a -> a.passed()).count();
            }
            keyed = keyedMembers();
            progress.keying(keyed, s.members());
            if (keyed == s.members()) {
                keyedSeconds = (System.nanoTime() - t0) / 1e9;
                if (Double.isNaN(authSeconds)) {
                    authSeconds = keyedSeconds;
                    authPassed = s.members();
                }
                break;
            }
            sleep(500);
        }
        List<String> problems = new ArrayList<>();
        if (keyed < s.members()) {
            problems.add(keyed + " of " + s.members() + " members keyed after " + s.keyingTimeoutMs() / 1000
                    + " s; node logs in " + o.runDir());
        }

        // Traffic.
        Map<String, NodePort.NodeStats> before = nodeStats();
        SplittableRandom random = new SplittableRandom(s.seed() ^ 0x10AD);
        long warmupEnd = System.nanoTime() + o.warmup().toNanos();
        long start = System.nanoTime();
        trafficStartMs = System.currentTimeMillis();
        long end = warmupEnd + s.durationMs() * 1_000_000L;
        TokenBucket bucket = new TokenBucket(s.rate(), Math.max(1, s.rate() / 5), start);
        List<Fault> faults = new ArrayList<>(o.faults());
        faults.sort(java.util.Comparator.comparingDouble(Fault::atSeconds));
        int n = 0;
        long same = 0;
        long cross = 0;
        long now;
        // Backpressure: the bucket offers the rate, the window lets through only what the cluster completes;
        // the completed count comes from the application by a non-blocking ask, refreshed as answers arrive.
        InFlightWindow window = InFlightWindow.forRate(s.rate(), inFlightSeconds);
        java.util.concurrent.atomic.AtomicLong completedKnown = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CompletableFuture<?> counting = java.util.concurrent.CompletableFuture.completedFuture(null);
        long held = 0;
        while (keyed == s.members() && (now = System.nanoTime()) < end) {
            if (counting.isDone()) {
                counting = AskPattern.<Application.Inbound, LoadApplication.Counts>ask(app,
                        LoadApplication.GetCounts::new, ASK, system.scheduler()).toCompletableFuture()
                        .thenAccept(c -> completedKnown.set(c.completed()));
            }
            // The next kill waits until the previous victim is out of the cluster: two nodes down at
            // once out of four leave no majority, and the Split Brain Resolver downs the survivors.
            while (!faults.isEmpty() && (now - start) / 1e9 >= faults.get(0).atSeconds() && lastVictimRemoved(cluster)) {
                kill(faults.remove(0), cluster, (now - start) / 1e9);
            }
            if (partitions != null) {
                partitions.tick((now - start) / 1e9, cluster);
            }
            int offered = bucket.take(now);
            int allowed = window.allow(offered, n, completedKnown.get());
            held += offered - allowed;
            for (int k = allowed; k > 0; k--) {
                int from = random.nextInt(s.members());
                int g = from % s.groups();
                boolean toOther = s.groups() > 1 && random.nextDouble() >= s.intraFraction();
                int target = toOther ? (g + 1 + random.nextInt(s.groups() - 1)) % s.groups() : g;
                app.tell(new LoadApplication.Send(n++, from, toOther ? groupIds.get(target) : null,
                        toOther ? groupSize[target] : groupSize[g] - 1, now >= warmupEnd));
                if (toOther) {
                    cross++;
                } else {
                    same++;
                }
            }
            progress.traffic((now - start) / 1e9, (end - start) / 1e9);
            LockSupport.parkNanos(1_000_000);
        }
        long trafficEnd = System.nanoTime();
        faults.forEach(f -> faultsApplied.add("not applied (traffic ended first): kill " + f.node() + " at " + f.atSeconds() + " s"));
        if (partitions != null) {
            partitions.finish((trafficEnd - start) / 1e9, cluster).forEach(faultsApplied::add);
            partitions.applied().forEach(a -> faultSeconds.add(a.cutAt()));
        }
        progress.traffic(s.durationMs() / 1000.0, s.durationMs() / 1000.0);

        // Drain: every message acknowledged by all its recipients (their nodes recorded it), or the bound.
        long drainDeadline = trafficEnd + s.drainMs() * 1_000_000L;
        LoadApplication.Counts c;
        while (true) {
            c = ask(app, LoadApplication.GetCounts::new);
            if ((c.completed() == c.sent() && c.delivered() >= c.expected()) || System.nanoTime() > drainDeadline) {
                break;
            }
            sleep(200);
        }
        long drained = System.nanoTime();
        Map<String, NodePort.NodeStats> after = nodeStats();
        LoadApplication.Totals t = ask(app, LoadApplication.Finish::new);
        List<Member.Reliability> rel = reliability();
        int keyedAtEnd = (int) rel.stream().filter(r -> r.epoch() >= 0).count();
        if (keyedAtEnd < s.members()) {
            problems.add("at the end " + keyedAtEnd + " of " + s.members() + " members hold a group key");
        }
        List<LoadReport.Node> nodes = new ArrayList<>();
        after.forEach((address, a) -> {
            NodePort.NodeStats b = before.get(address);
            double cpu = b == null || a.uptimeNanos() <= b.uptimeNanos() ? Double.NaN
                    : 100.0 * (a.cpuNanos() - b.cpuNanos()) / ((a.uptimeNanos() - b.uptimeNanos()) * (double) a.processors());
            nodes.add(new LoadReport.Node(address, a.roles(), a.members(), cpu, a.heapMb()));
        });
        nodes.sort(java.util.Comparator.comparing(LoadReport.Node::address));
        LoadReport.Resends resends = new LoadReport.Resends(
                rel.stream().mapToLong(Member.Reliability::resends).sum(),
                rel.stream().mapToLong(Member.Reliability::resealed).sum(),
                rel.stream().mapToLong(Member.Reliability::gaveUp).sum(),
                c.sent() - c.completed(), t.memberDuplicates(), rel.stream().mapToLong(Member.Reliability::staleEpoch).sum(),
                0, 0, 0, rel.stream().mapToLong(Member.Reliability::epoch).max().orElse(-1));
        double trafficSeconds = (trafficEnd - start) / 1e9;
        LoadReport.Setup setup = new LoadReport.Setup(o.connect().isEmpty() ? o.roles().size() : after.size(),
                s.groups(), s.members(), s.rate(), s.durationMs() / 1000.0, s.intraFraction(), s.seed(), s.keying(),
                s.authRounds(), s.targetDetections(), KM_MIN, s.groups() == 1 ? KM_MIN : KM_MAX);
        KdcIssuing.Summary issuing = issuing();
        if (issuing.overlappingGroups() > 0) {
            problems.add(issuing.overlappingGroups() + " groups got keys from two KDC incarnations at overlapping times (split brain)");
        }
        LoadReport.Cluster extra = new LoadReport.Cluster(o.runDir().toString() + (o.connect().isEmpty() ? ""
                : " (scenario only: the nodes' logs are where they were started)"), List.copyOf(faultsApplied),
                List.copyOf(faultSeconds), o.warmup().toMillis() / 1000.0, t.resubmissions(), t.resumes(),
                t.staleDeliveries(), keyedAtEnd, t.timeline(), window.limit(), held,
                partitions == null ? List.of() : partitions.report().stream().map(pt -> pt.withRecovery(issuing.incarnations())).toList(),
                issuing.incarnations(), issuing.overlappingGroups());
        return new LoadReport(setup, keyed, keyedSeconds, authPassed, authSeconds,
                Double.isNaN(authSeconds) ? Double.NaN : authPassed / authSeconds, n, same, cross, trafficSeconds,
                n / trafficSeconds, t.expected(), t.delivered(), Math.max(0, t.expected() - t.delivered()),
                t.duplicates(), LoadReport.Latency.of(t.relayed()), LoadReport.Latency.of(t.all()), resends,
                (drained - trafficEnd) / 1e9, nodes, problems, (System.nanoTime() - wall) / 1e9, extra, null);
    }

    /** A running cluster deploys the load scenario as a new KDC incarnation (whatever it ran before), quiet: no node traffic. */
    private void redeploy() {
        awaitUntil(s.keyingTimeoutMs(), () -> ClusterNode.kdcControl(system) != null, "the KDC singleton's proxy");
        io.qmkdc.cluster.KdcControl.RedeployReply r;
        try {
            r = AskPattern.<io.qmkdc.cluster.KdcControl.Command, io.qmkdc.cluster.KdcControl.RedeployReply>ask(
                    ClusterNode.kdcControl(system), replyTo -> new io.qmkdc.cluster.KdcControl.Redeploy(scenarioHocon(),
                            io.qmkdc.optics.LinkProfile.gys(), s.seed(), true, replyTo), Duration.ofSeconds(30),
                    system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("--connect: the cluster's KDC did not answer the load scenario's deployment "
                    + "within 30 s (is a node with role kdc up?): " + e.getMessage(), e);
        }
        if (!r.accepted()) {
            throw new IllegalStateException("--connect: the cluster refused the load scenario: " + r.problem());
        }
    }

    /** SIGKILL: "member" = the youngest Up node without role kdc, "kdc" = the oldest Up kdc node (the singleton's). */
    private boolean lastVictimRemoved(Cluster cluster) {
        if (lastVictim == null) {
            return true;
        }
        for (akka.cluster.Member m : cluster.state().getMembers()) {
            if (m.address().equals(lastVictim)) {
                return false;
            }
        }
        return true;
    }

    private void kill(Fault f, Cluster cluster, double atSeconds) {
        akka.cluster.Member victim = null;
        for (akka.cluster.Member m : cluster.state().getMembers()) {
            if (m.status() != MemberStatus.up() || !byAddress.containsKey(m.address().hostPort())) {
                continue;
            }
            boolean kdc = m.hasRole("kdc");
            if (f.node().equals("kdc") && kdc && (victim == null || m.isOlderThan(victim))) {
                victim = m;
            } else if (f.node().equals("member") && !kdc && m.hasRole("member") && (victim == null || victim.isOlderThan(m))) {
                victim = m;
            }
        }
        if (victim == null) {
            faultsApplied.add("no " + f.node() + " node to kill at " + f.atSeconds() + " s");
            return;
        }
        Process p = byAddress.remove(victim.address().hostPort());
        lastVictim = victim.address();
        faultSeconds.add(atSeconds);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        faultsApplied.add(String.format(Locale.ROOT, "SIGKILL %s node %s at %.1f s", f.node(), victim.address().hostPort(),
                atSeconds));
    }

    private int upNodes(Cluster cluster) {
        int up = 0;
        for (akka.cluster.Member m : cluster.state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }

    private int keyedMembers() {
        return (int) reliability().stream().filter(r -> r.epoch() >= 0).count();
    }

    /** Every member's counts through sharding; a member that does not answer (its node is down) counts as unkeyed. */
    private List<Member.Reliability> reliability() {
        ClusterSharding sharding = ClusterSharding.get(system);
        List<CompletableFuture<Member.Reliability>> asks = new ArrayList<>();
        for (String id : memberIds) {
            asks.add(AskPattern.<Member.Inbound, Member.Reliability>ask(sharding.entityRefFor(MemberEntity.TYPE, id),
                    Member.GetReliability::new, Duration.ofSeconds(5), system.scheduler()).toCompletableFuture()
                    .exceptionally(e -> new Member.Reliability(id, -1, 0, 0, 0, 0, 0, 0, 0, 0)));
        }
        return asks.stream().map(CompletableFuture::join).toList();
    }

    private QmKdc.Status kdcStatus() {
        ActorRef<QmKdc.Command> kdc = ClusterNode.kdc(system);
        if (kdc == null) {
            return null;
        }
        try {
            return AskPattern.<QmKdc.Command, QmKdc.Status>ask(kdc, QmKdc.GetStatus::new, Duration.ofSeconds(5),
                    system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            return null;
        }
    }

    private Map<String, NodePort.NodeStats> nodeStats() {
        Map<String, NodePort.NodeStats> out = new java.util.TreeMap<>();
        try {
            Receptionist.Listing l = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
                    r -> Receptionist.find(NodePort.KEY, r), ASK, system.scheduler()).toCompletableFuture().get();
            for (ActorRef<NodePort.Command> port : l.getServiceInstances(NodePort.KEY)) {
                try {
                    NodePort.NodeStats st = AskPattern.<NodePort.Command, NodePort.NodeStats>ask(port,
                            NodePort.GetNodeStats::new, ASK, system.scheduler()).toCompletableFuture().get();
                    if (!st.roles().contains("driver")) {
                        out.put(st.address(), st);
                    }
                } catch (Exception e) {
                    // a node that died
                }
            }
        } catch (Exception e) {
            // no listing: no node rows
        }
        return out;
    }

    /** The load scenario's HOCON (for nodes started by hand: {@code node --scenario FILE}; then {@code load --connect}). */
    public static String scenarioText(LoadSettings settings) {
        ClusterLoadRun r = new ClusterLoadRun(settings, Options.defaults(1, Path.of(".")), null);
        return r.scenarioHocon();
    }

    private Path writeScenario() throws IOException {
        Path file = o.runDir().resolve("load-scenario.conf");
        Files.writeString(file, scenarioHocon(), StandardCharsets.UTF_8);
        return file;
    }

    /** Groups g01.. and members m0.. (member i in group i mod groups): computed once, the ids everything else uses. */
    private void planIds() {
        int width = Integer.toString(s.members() - 1).length();
        int gw = Math.max(2, Integer.toString(s.groups()).length());
        groupSize = new int[s.groups()];
        for (int g = 0; g < s.groups(); g++) {
            groupIds.add(String.format(Locale.ROOT, "g%0" + gw + "d", g + 1));
            groupMembers.add(new ArrayList<>());
        }
        for (int i = 0; i < s.members(); i++) {
            String id = String.format(Locale.ROOT, "m%0" + width + "d", i);
            memberIds.add(id);
            groupMembers.get(i % s.groups()).add(id);
            groupSize[i % s.groups()]++;
        }
    }

    private String scenarioHocon() {
        List<List<String>> members = groupMembers;
        StringBuilder b = new StringBuilder();
        b.append("scenario {\n  name = load\n  profile = gys\n  keying-mode = ").append(s.keying()).append("\n");
        b.append(String.format(Locale.ROOT, "  rekey { scheme = %s, degree = %d, batch-ms = %d }%n", s.rekey().scheme(),
                s.rekey().degree(), s.rekey().batchMs()));
        b.append("  auth { mode = hardened, rounds = ").append(s.authRounds())
                .append(", check-fraction = 0.25, tolerance = 0.0 }\n");
        b.append("  link { target-detections = ").append(s.targetDetections())
                .append(", round-timeout-ms = 30000, retry-delay-ms = 300 }\n  groups = [\n");
        for (int g = 0; g < s.groups(); g++) {
            double km = s.groups() == 1 ? KM_MIN : KM_MIN + (KM_MAX - KM_MIN) * g / (s.groups() - 1);
            b.append(String.format(Locale.ROOT, "    { id = %s, link-km = %.3f, sensitivity = NORMAL, members = [%s] }%n",
                    groupIds.get(g), km, String.join(", ", members.get(g))));
        }
        b.append("  ]\n  impostors = []\n  steps = [ { do = initialize } ]\n}\n");
        return b.toString();
    }

    /** The PKI the driver and the nodes use (null: plain TCP); {@link Tls#OWN} makes one for this run. */
    private PkiDir pki() throws IOException {
        if (o.tls().insecure()) {
            return null;
        }
        if (o.tls().pki() != null) {
            PkiDir.Opened opened = PkiDir.open(o.tls().pki());
            if (opened instanceof PkiDir.Opened.Refused r) {
                throw new IllegalArgumentException("--pki: " + r.problem());
            }
            return ((PkiDir.Opened.Ok) opened).pki();
        }
        Path dir = o.runDir().resolve("pki");
        java.security.SecureRandom random = new java.security.SecureRandom();
        List<PkiDir.Written> written = new ArrayList<>(List.of(PkiDir.init(dir, "qmkdc load CA", Duration.ofDays(7), random)));
        PkiDir made = ((PkiDir.Opened.Ok) PkiDir.open(dir)).pki();
        List<String> names = new ArrayList<>(List.of(Tls.DRIVER_CERT));
        for (int i = 1; i <= o.roles().size(); i++) {
            names.add("n" + i);
        }
        for (int k = 0; k < names.size(); k++) {
            // On hosts, each certificate names its host's address (the driver: the bridge's).
            List<String> san = hostNet == null ? List.of("127.0.0.1", "localhost")
                    : List.of(k == 0 ? hostNet.driverAddress() : host(k));
            written.add(made.issue(io.qmkdc.pki.CertRole.NODE, names.get(k), san, Duration.ofDays(7), random));
        }
        for (PkiDir.Written w : written) {
            if (w instanceof PkiDir.Written.Refused r) {
                throw new IOException("cannot make the run's PKI in " + dir + ": " + r.problem());
            }
        }
        return made;
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

    private void startNode(int index, int port, List<String> seeds, Path scenario, PkiDir pki) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + o.heap()));
        cmd.addAll(o.jvmOptions());
        // QMKDC_NODE_JAVA_OPTS: more options for the node JVMs only (a flight recording, a GC), space-separated.
        String extra = System.getenv("QMKDC_NODE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.qmkdc.cli.Main", "node",
                "--roles", String.join(",", o.roles().get(index - 1)), "--port", Integer.toString(port), "--hostname", host(index),
                "--seed-nodes", String.join(",", seeds), "--scenario", scenario.toString(),
                "--min-nodes", Integer.toString(o.roles().size()), "--seed", Long.toString(s.seed())));
        cmd.addAll(pki == null ? List.of("--insecure") : List.of("--pki", pki.dir().toString(), "--node-cert", "n" + index));
        Path log = o.runDir().resolve("n" + index + ".log");
        ProcessBuilder pb = new ProcessBuilder(hostNet == null ? cmd : hostNet.inHost(index, cmd)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putIfAbsent("QMKDC_LOG_LEVEL", "WARN");
        pb.environment().put("QMKDC_ISSUING_LOG_LEVEL", "INFO"); // QMKDC-ISSUED records for KdcIssuing
        pb.environment().remove("QMKDC_PKI"); // the node's TLS is exactly what the options above say
        pb.environment().remove("QMKDC_INSECURE");
        Process p = pb.start();
        processes.add(p);
        if (cpuQuota != null) {
            cpuQuota.place("n" + index, p.pid());
        }
        byAddress.put("qmkdc@" + host(index) + ":" + port, p);
    }

    private <Q, R> R ask(ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        try {
            return AskPattern.ask(to, message, ASK, system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("no answer from " + to.path().name() + ": " + e.getMessage(), e);
        }
    }

    private static void awaitUntil(long ms, java.util.function.BooleanSupplier ok, String what) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + ms / 1000 + " s waiting for " + what);
            }
            sleep(200);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket sock = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(sock);
                out[i] = sock.getLocalPort();
            }
        } finally {
            for (ServerSocket sock : held) {
                sock.close();
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        LoadRun.sleep(ms);
    }
}
