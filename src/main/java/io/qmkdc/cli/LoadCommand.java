package io.qmkdc.cli;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.load.ClusterLoadOptions;
import io.qmkdc.load.ClusterLoadRun;
import io.qmkdc.load.LoadReport;
import io.qmkdc.load.LoadProgress;
import io.qmkdc.load.LoadSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.qmkdc.pki.TlsContexts;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code deploy/qmkdc load}: the load experiment of issue 4 on the embedded one-node cluster —
 * keys every member, drives reliable same-group and relayed traffic at a rate, reports keying time,
 * latencies and lost / duplicate deliveries.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load experiment: deploy groups and members, authenticate and key them all, drive same-group "
                + "and cross-group traffic at a rate, drain, report keying time, latencies, lost and duplicate messages.")
final class LoadCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--nodes", paramLabel = "N", description = "cluster nodes: 1 = the embedded one-node cluster in this JVM; "
            + "N > 1 starts N node JVMs on 127.0.0.1 and drives them from this one (default ${DEFAULT-VALUE})")
    int nodes = 1;

    @Option(names = "--hosts", paramLabel = "N", description = "like --nodes N, each node on its own host: a Linux network "
            + "namespace on a private bridge (deploy/local/hosts.sh; needs root)")
    Integer hosts;

    @Option(names = "--partition", paramLabel = "KIND@T+D", split = ",", description = "--hosts only: cut the host of "
            + "KIND off from the rest T seconds into the traffic, heal D seconds later; KIND kdc (the singleton's) or member, "
            + "e.g. kdc@10s+15s,member@40s+15s")
    List<String> partitionSpecs = new ArrayList<>();

    @Option(names = "--netem", paramLabel = "SPEC", description = "--hosts only: tc netem SPEC on every host's link, e.g. "
            + "\"delay 20ms loss 1%%\" (a kernel without sch_netem: loss by nftables, delay by an NFQUEUE)")
    String netem;

    @Option(names = "--connect", paramLabel = "HOST:PORT[,...]", description = "drive a running cluster instead: its seed "
            + "nodes (Artery). Its kdc nodes must deploy the load scenario: write it with --write-scenario and start them "
            + "with `node --scenario FILE`")
    String connect;

    @Option(names = "--pki", paramLabel = "DIR", description = "with --connect: the cluster's PKI folder, with a node "
            + "certificate 'driver' for this JVM (deploy/local/cluster.sh makes one; env QMKDC_PKI). --nodes N makes its own "
            + "in the run folder", defaultValue = "${env:QMKDC_PKI}")
    java.nio.file.Path pki;

    @Option(names = "--insecure", description = "nodes and driver on plain TCP (to measure what TLS costs); keys cross "
            + "the loopback in clear")
    boolean insecure;

    @Option(names = "--write-scenario", paramLabel = "FILE", description = "write the load scenario (groups, members, "
            + "QKD sizes) of these options to FILE and exit")
    java.nio.file.Path writeScenario;

    @Option(names = "--kill", paramLabel = "KIND@T", split = ",", description = "N > 1 only: SIGKILL a node T seconds into "
            + "the traffic; KIND is member (the youngest node without role kdc) or kdc (the singleton's), e.g. member@10,kdc@25")
    List<String> kills = new ArrayList<>();

    @Option(names = "--node-roles", paramLabel = "R;R;...", description = "N > 1 only: roles of each node, ';' between "
            + "nodes (default: node 1 kdc,channel,group,member; the others channel,group,member)")
    String nodeRoles;

    @Option(names = "--node-heap", paramLabel = "SIZE", description = "N > 1 only: -Xmx of each node JVM (default ${DEFAULT-VALUE})")
    String nodeHeap = "1g";

    @Option(names = "--node-cpu", paramLabel = "CORES", description = "N > 1 only: limit each node JVM to CORES of a CPU "
            + "(cgroup v1 cpu quota; needs root): a slower machine as a test (default: no limit)")
    Double nodeCpu;

    @Option(names = "--in-flight", paramLabel = "S", description = "backpressure, at most S seconds of traffic "
            + "(at least 50 messages) submitted and not yet acknowledged by every recipient; the rest is held back and "
            + "counted (0 = no window; default: 2 on one JVM, where an overloaded machine otherwise piles up re-sends "
            + "until members give up; 0 across JVMs: a node failover stalls acknowledgements for seconds)")
    Double inFlightSeconds;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where the scenario, node logs and latency plot go (default: a new temporary folder)")
    java.nio.file.Path runDir;

    @Option(names = "--warmup", paramLabel = "D", converter = DurationMs.class, description = "N > 1: traffic at the rate "
            + "for D before the measured --duration (fresh JVMs compile the hot paths then); its messages count for lost "
            + "and duplicate, not for the latencies (default 0)")
    long warmupMs = 0;

    @Option(names = "--resubmit-after", paramLabel = "D", converter = DurationMs.class, description = "N > 1: the application "
            + "re-submits a message not acknowledged by all its recipients after D (default 30s; 8s with --kill)")
    Long resubmitAfterMs;

    @Option(names = "--groups", paramLabel = "G", description = "multicast groups (default ${DEFAULT-VALUE})")
    int groups = 20;

    @Option(names = "--members", paramLabel = "M", description = "members in all, spread evenly over the groups (default ${DEFAULT-VALUE})")
    int members = 1000;

    @Option(names = "--rate", paramLabel = "R", description = "messages per second, all senders together (default ${DEFAULT-VALUE})")
    double rate = 1000;

    @Option(names = "--duration", paramLabel = "D", converter = DurationMs.class,
            description = "traffic time: 60s, 500ms, 2m or seconds (default 60s)")
    long durationMs = 60_000;

    @Option(names = "--intra-fraction", paramLabel = "F", converter = Converters.Fraction.class,
            description = "share of messages to the sender's own group; the rest is relayed to another group (default ${DEFAULT-VALUE})")
    double intraFraction = 0.8;

    @Option(names = "--drain", paramLabel = "D", converter = DurationMs.class,
            description = "longest wait for acknowledgements after the traffic (default 30s; 120s with --kill)")
    Long drainMs;

    @Option(names = "--drop-fraction", paramLabel = "P", converter = Converters.Fraction.class,
            description = "fault injection: drop this share of the reliable publishes and fan-out deliveries in transit (default ${DEFAULT-VALUE}); re-sends must recover them")
    double drop = 0;

    @Option(names = "--duplicate-fraction", paramLabel = "P", converter = Converters.Fraction.class,
            description = "fault injection: send this share of them twice (default ${DEFAULT-VALUE}); receivers must drop the copies")
    double duplicate = 0;

    @Option(names = "--resend-after", paramLabel = "D", converter = DurationMs.class,
            description = "first re-send of an unacknowledged message after D (then doubling, up to 8 D (6 D across JVMs); 8 "
                    + "sends in all; default 1s, across JVMs 5s)")
    Long resendAfterMs;

    @Option(names = "--rekey-every", paramLabel = "D", converter = DurationMs.class,
            description = "during the traffic, re-initialize one group (round robin: new BB84 round, new G_k epoch) every D (default: never)")
    long rekeyEveryMs = 0;

    @Option(names = "--keying", paramLabel = "MODE", description = "per-group (one BB84 link per group terminal, the "
            + "paper) or per-member (one per member) (default ${DEFAULT-VALUE})")
    String keying = LoadSettings.PER_GROUP;

    @Option(names = "--rekey", paramLabel = "SCHEME", description = "per-member keying: how a membership change rekeys the "
            + "group, star (the new G_k wrapped under every member's link key) or lkh (a key tree, one multicast rekey per "
            + "batch) (default star)")
    String rekey;

    @Option(names = "--degree", paramLabel = "D", description = "--rekey lkh: the key tree's degree, in [2, 64] (default 4)")
    Integer degree;

    @Option(names = "--rekey-batch", paramLabel = "D", converter = DurationMs.class, description = "--rekey lkh: changes "
            + "within D are applied as one rekey (0: each at once; default 1s)")
    Long rekeyBatchMs;

    @Option(names = "--churn", paramLabel = "R", description = "per-member keying, one JVM: R membership changes per second "
            + "of traffic, members leaving and coming back (re-authenticating); the report gains 'rekey' (default 0)")
    double churn = 0;

    @Override
    public Integer call() {
        if (hosts != null) {
            if (nodes != 1 || connect != null) {
                throw new UsageError("--hosts: instead of --nodes and --connect, not with them");
            }
            if (hosts < 2 || hosts > 16) {
                throw new UsageError("--hosts: " + hosts + " outside [2, 16]");
            }
            nodes = hosts;
        } else if (!partitionSpecs.isEmpty() || netem != null) {
            throw new UsageError((netem != null ? "--netem" : "--partition") + ": needs --hosts N");
        }
        List<io.qmkdc.load.HostPartitions.Cut> cuts = new ArrayList<>();
        for (String p : partitionSpecs) {
            try {
                cuts.add(io.qmkdc.load.HostPartitions.Cut.parse(p));
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
        LoadSettings settings;
        try {
            settings = LoadSettings.of(nodes, groups, members, rate, durationMs, intraFraction, common.seed)
                    .withDrain(drainMs != null ? drainMs : kills.isEmpty() && partitionSpecs.isEmpty() ? 30_000 : 120_000).withFaults(drop, duplicate).withResendAfter(resendAfterMs != null ? resendAfterMs
                            : nodes > 1 || connect != null ? 5000 : 1000).withRekeyEvery(rekeyEveryMs).withKeying(keying)
                    .withRekey(LoadChecks.rekeyPolicy(rekey, keying, degree, rekeyBatchMs), churn);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (writeScenario != null) {
            try {
                java.nio.file.Files.writeString(writeScenario, ClusterLoadRun.scenarioText(settings));
            } catch (java.io.IOException e) {
                throw new UsageError("--write-scenario: cannot write " + writeScenario + ": " + e.getMessage());
            }
            System.out.println("load scenario written to " + writeScenario);
            return 0;
        }
        boolean acrossJvms = nodes > 1 || connect != null;
        if (!acrossJvms && (!kills.isEmpty() || nodeRoles != null || warmupMs > 0)) {
            throw new UsageError((!kills.isEmpty() ? "--kill" : nodeRoles != null ? "--node-roles" : "--warmup")
                    + ": needs --nodes N > 1 or --connect");
        }
        if (acrossJvms && (drop > 0 || duplicate > 0)) { // a test fault of the driver's own one-node cluster only
            throw new UsageError((drop > 0 ? "--drop-fraction" : "--duplicate-fraction") + ": one JVM only (without --nodes or --connect)");
        }
        // One JVM: the one-node cluster (the KDC host singleton and the sharded entities), churn and fault injection
        // included.
        ClusterLoadOptions options = acrossJvms ? clusterOptions() : ClusterLoadOptions.defaults(1, LoadChecks.runDir(runDir));
        PrintStream out = Output.human(common.json);
        out.println(fmt("load: %d groups, %d members, %.0f messages/s for %.1f s (%.0f %% same-group), seed %d, %s",
                groups, members, rate, durationMs / 1000.0, 100 * intraFraction, common.seed,
                connect != null ? "cluster at " + connect : nodes > 1 ? nodes + (hosts != null ? " node JVMs on their own hosts (network namespaces; logs in " : " node JVMs on 127.0.0.1 (logs in ")
                        + options.runDir() + ")" : "embedded one-node cluster"));
        Progress keying = new Progress("keying  ", true);
        Progress traffic = new Progress("traffic ", true);
        LoadProgress sink = new LoadProgress() {
            @Override
            public void keying(int keyed, int total) {
                keying.accept((double) keyed / total);
            }

            @Override
            public void traffic(double seconds, double total) {
                traffic.accept(seconds / total);
            }
        };
        LoadReport r;
        if (acrossJvms) {
            try {
                ClusterLoadRun run = new ClusterLoadRun(settings, options, sink)
                        .withCpuQuota(LoadChecks.cpuQuota(nodeCpu, nodes, connect))
                        .withInFlightSeconds(LoadChecks.inFlight(inFlightSeconds == null ? 0 : inFlightSeconds));
                r = (hosts == null ? run : run.onHosts(cuts, netem)).run();
            } catch (java.io.IOException e) {
                throw new UsageError("--run-dir: " + e.getMessage());
            }
        } else {
            try {
                r = new ClusterLoadRun(settings, options, sink)
                        .withInFlightSeconds(LoadChecks.inFlight(inFlightSeconds == null ? 2 : inFlightSeconds))
                        .inThisJvm(ConfigFactory.parseString("akka.loglevel = WARNING")).run();
            } catch (java.io.IOException e) {
                throw new UsageError("--run-dir: " + e.getMessage());
            }
        }
        print(r, out);
        if (r.cluster() != null) {
            try {
                io.qmkdc.experiment.Plots.Written w = io.qmkdc.load.LatencyPlot.write(r.cluster().latencyBySecond(),
                        r.cluster().warmupSeconds(), r.cluster().faultSeconds(), options.runDir());
                out.println("latency by second: " + w.png() + " (.svg and .csv beside it)");
            } catch (java.io.IOException e) {
                System.err.println("warning: could not write the latency plot into " + options.runDir() + ": " + e.getMessage());
            }
        }
        Output.writeJson(r, common.json);
        if (r.rekey() != null && (r.rekey().staleEpochDeliveries() > 0 || r.rekey().departedNewerEpochDeliveries() > 0)) {
            System.err.println("error: deliveries under a stale epoch or to a departed member under a newer one (see rekey)");
            return 1;
        }
        if (r.keyedMembers() < r.setup().members() || r.lostMessages() > 0 || r.duplicateMessages() > 0) {
            System.err.println("error: the run did not key every member or lost or duplicated deliveries (see the summary)");
            return 1;
        }
        return 0;
    }

    private ClusterLoadOptions clusterOptions() {
        if (nodes < 1 || nodes > 16) {
            throw new UsageError("--nodes: " + nodes + " outside [1, 16]");
        }
        java.nio.file.Path dir = LoadChecks.runDir(runDir);
        ClusterLoadOptions defaults = ClusterLoadOptions.defaults(nodes, dir);
        ClusterLoadOptions o = defaults
                .withJvm(nodeHeap, kills.isEmpty() && partitionSpecs.isEmpty() ? defaults.jvmOptions() : ClusterLoadOptions.FAST_DOWNING)
                .withResubmitAfter(java.time.Duration.ofMillis(Math.max(100, resubmitAfterMs != null ? resubmitAfterMs
                        : kills.isEmpty() && partitionSpecs.isEmpty() ? 30_000 : 8_000)))
                .withWarmup(java.time.Duration.ofMillis(warmupMs));
        if (!nodeHeap.matches("\\d+[kmgKMG]?")) {
            throw new UsageError("--node-heap: '" + nodeHeap + "' is not a JVM heap size like 512m or 2g");
        }
        if (connect != null) {
            List<String> seeds = java.util.Arrays.stream(connect.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            for (String x : seeds) {
                if (!x.matches("[^:\\s/]+:\\d{1,5}")) {
                    throw new UsageError("--connect: '" + x + "' is not HOST:PORT (a seed node's Artery address)");
                }
            }
            if (!kills.isEmpty()) {
                throw new UsageError("--kill: only for nodes this command starts (--nodes N), not with --connect");
            }
            o = o.withConnect(seeds);
            if (!insecure && pki == null) {
                throw new UsageError("--pki: --connect joins the cluster over TLS with the 'driver' certificate of its PKI "
                        + "(--pki DIR or QMKDC_PKI), or --insecure for a cluster of --insecure nodes");
            }
        }
        if (insecure) {
            o = o.withTls(ClusterLoadOptions.Tls.INSECURE);
        } else if (connect != null) {
            if (TlsContexts.check(PkiCommand.open(pki), ClusterLoadOptions.Tls.DRIVER_CERT) instanceof TlsContexts.Checked.Unusable u) {
                throw new UsageError("--pki: " + u.problem());
            }
            o = o.withTls(ClusterLoadOptions.Tls.of(pki));
        }
        if (nodeRoles != null) {
            List<List<String>> roles = new ArrayList<>();
            for (String node : nodeRoles.split(";")) {
                List<String> rs = java.util.Arrays.stream(node.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
                for (String role : rs) {
                    if (!io.qmkdc.cluster.ClusterNode.ROLES.contains(role)) {
                        throw new UsageError("--node-roles: unknown role '" + role + "' (known: "
                                + String.join(", ", io.qmkdc.cluster.ClusterNode.ROLES) + ")");
                    }
                }
                roles.add(rs);
            }
            if (roles.size() != nodes) {
                throw new UsageError("--node-roles: " + roles.size() + " nodes given, --nodes is " + nodes);
            }
            if (roles.stream().noneMatch(r -> r.contains("kdc")) || roles.stream().noneMatch(r -> r.contains("member"))) {
                throw new UsageError("--node-roles: some node needs role kdc and some node role member");
            }
            o = o.withRoles(roles);
        }
        if (hosts != null && nodeRoles == null) {
            // Every host may take the KDC singleton: a cut KDC host must leave a kdc node on the majority side.
            List<List<String>> all = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                all.add(List.of("kdc", "channel", "group", "member"));
            }
            o = o.withRoles(all);
        }
        List<ClusterLoadOptions.Fault> faults = new ArrayList<>();
        for (String k : kills) {
            String[] p = k.split("@");
            try {
                if (p.length != 2) {
                    throw new IllegalArgumentException("--kill: '" + k + "' is not KIND@SECONDS");
                }
                faults.add(new ClusterLoadOptions.Fault(Converters.number(p[1]), p[0].trim()));
            } catch (IllegalArgumentException | picocli.CommandLine.TypeConversionException e) {
                throw new UsageError(e.getMessage().startsWith("--kill") ? e.getMessage() : "--kill: '" + k + "': " + e.getMessage());
            }
        }
        return o.withFaults(faults);
    }

    static void print(LoadReport r, PrintStream out) {
        out.println();
        out.println("summary: keying (" + r.setup().keying() + " keying; " + r.setup().authRounds() + " EPR rounds per member, "
                + r.setup().targetDetections() + " detections per BB84 round)");
        Output.Table k = new Output.Table("members keyed", "timeToAllKeyedSeconds", "auth passed", "auth seconds",
                "authPerSecond");
        k.row(r.keyedMembers() + " of " + r.setup().members(), r.timeToAllKeyedSeconds(), r.authPassed(),
                r.authSeconds(), r.authPerSecond());
        k.print(out);
        r.keyingProblems().forEach(p -> out.println("NOT KEYED: " + p));
        out.println();
        out.println("summary: traffic (deliveries = message x recipient, at the application)");
        Output.Table t = new Output.Table("sentMessages", "same-group", "cross-group", "msg/s", "expected deliveries",
                "deliveredMessages", "lostMessages", "duplicateMessages");
        t.row(r.sentMessages(), r.sameGroupMessages(), r.crossGroupMessages(), r.achievedRate(), r.expectedDeliveries(),
                r.deliveredMessages(), r.lostMessages(), r.duplicateMessages());
        t.print(out);
        out.println();
        out.println("summary: latency, send to application (ms)");
        Output.Table l = new Output.Table("kind", "count", "p50", "p99", "max");
        l.row("relayLatencyMs (cross-group, KDC relay)", r.relayLatencyMs().count(), r.relayLatencyMs().p50(),
                r.relayLatencyMs().p99(), r.relayLatencyMs().max());
        l.row("every delivery", r.messageLatencyMs().count(), r.messageLatencyMs().p50(), r.messageLatencyMs().p99(),
                r.messageLatencyMs().max());
        l.print(out);
        out.println();
        out.println("summary: reliability");
        Output.Table rs = new Output.Table("re-sends", "re-sealed (newer epoch)", "given up", "unacknowledged",
                "duplicates dropped", "stale-epoch dropped", "injected drops", "injected duplicates", "re-keys",
                "highest epoch", "drain s");
        LoadReport.Resends x = r.resends();
        rs.row(x.resends(), x.resealed(), x.gaveUp(), x.unacknowledged(), x.duplicatesDropped(), x.staleEpochDropped(),
                x.injectedDrops(), x.injectedDuplicates(), x.rekeys(), x.highestEpoch(), r.drainSeconds());
        rs.print(out);
        out.println();
        if (r.rekey() != null) {
            LoadReport.Rekey k2 = r.rekey();
            out.println(fmt("summary: rekey (%s%s, counted in the KDC's rekey path after the initial keying; churn %.1f "
                    + "changes/s)", k2.scheme(), k2.degree() > 0 ? fmt(" d = %d, batch %d ms", k2.degree(), k2.batchMs())
                            : "", k2.churnPerSecond()));
            Output.Table kt = new Output.Table("joins", "leaves", "batches", "encryptionsPerJoin (formula)",
                    "encryptionsPerLeave (formula)", "bytesPerChange", "changeToAllRekeyedMs p50", "p99");
            kt.row(k2.joins(), k2.leaves(), k2.batches(), fmt("%.1f (%d)", k2.encryptionsPerJoin(), k2.joinFormula()),
                    fmt("%.1f (%d)", k2.encryptionsPerLeave(), k2.leaveFormula()), k2.bytesPerChange(),
                    k2.changeToAllRekeyedMs().p50(), k2.changeToAllRekeyedMs().p99());
            kt.print(out);
            if (k2.churnPerSecond() > 0) {
                out.println(fmt("churn: %d leaves, %d rejoins sent (%d keyed again), %d leaves moved to another member; "
                        + "deliveries: %d excused (recipient left first), %d extra (recipient absent at the send), %d "
                        + "re-delivered to a rejoined member, %d under a stale epoch, %d to a departed member under a "
                        + "newer epoch", k2.leavesSent(), k2.rejoinsSent(), k2.rejoinedKeyed(), k2.leavesDeferred(),
                        k2.excusedByLeave(), k2.extraDeliveries(), k2.reDeliveredAfterRejoin(), k2.staleEpochDeliveries(),
                        k2.departedNewerEpochDeliveries()));
            }
            out.println();
        }
        out.println("summary: nodes");
        Output.Table n = new Output.Table("node", "roles", "members", "cpuPercent (traffic)", "heapMb");
        for (LoadReport.Node node : r.nodes()) {
            n.row(node.address(), String.join(",", node.roles()), node.members(), node.cpuPercent(), node.heapMb());
        }
        n.print(out);
        out.println();
        if (r.cluster() != null) {
            LoadReport.Cluster c = r.cluster();
            out.println(fmt("cluster path: %d re-submitted by the application, %d members resumed, %d stale-epoch "
                    + "deliveries, %d of %d members keyed at the end; node logs in %s", c.resubmissions(), c.resumes(),
                    c.staleDeliveries(), c.keyedAtEnd(), r.setup().members(), c.runDir()));
            out.println(c.maxInFlight() == 0 ? fmt("backpressure: none (--in-flight 0); achieved %.1f messages/s of %.0f",
                    r.achievedRate(), r.setup().rate())
                    : fmt("backpressure: at most %d messages in flight; %d sends of the offered rate held back, achieved "
                    + "%.1f messages/s of %.0f", c.maxInFlight(), c.heldBack(), r.achievedRate(), r.setup().rate()));
            c.faults().forEach(f -> out.println("fault: " + f));
            for (io.qmkdc.load.KdcIssuing.Incarnation inc : c.kdcIncarnations()) {
                out.println(fmt("KDC incarnation on %s: started at %.1f s, issued %d group key epochs for %d groups from %.1f s "
                        + "to %.1f s", inc.node(), inc.startedAt(), inc.epochsIssued(), inc.groups().size(), inc.firstIssuedAt(), inc.lastIssuedAt()));
            }
            for (LoadReport.Partition pt : c.partitions()) {
                if (pt.kind().equals("kdc")) {
                    out.println(pt.recoverySeconds() == null ? fmt("recovery from the KDC cut at %.1f s: not every group keyed "
                            + "again before the end", pt.cutAt()) : fmt("recovery from the KDC cut at %.1f s: every group keyed again "
                            + "by a new incarnation at %.1f s (%.1f s after the cut)", pt.cutAt(), pt.groupsKeyedAgainAt(), pt.recoverySeconds()));
                }
            }
            if (!c.kdcIncarnations().isEmpty()) {
                out.println(fmt("overlappingKdcIssuing: %d (groups two incarnations issued keys for at overlapping times)",
                        c.overlappingKdcIssuing()));
            }
            List<String> slow = new ArrayList<>();
            for (io.qmkdc.load.LatencyTimeline.Second sec : c.latencyBySecond()) {
                if (sec.over50ms() * 100 > sec.deliveries()) {
                    slow.add(sec.second() + " (" + Math.round(100.0 * sec.over50ms() / sec.deliveries()) + " %)");
                }
            }
            out.println("seconds of traffic (warm-up included) with over 1 % of deliveries slower than 50 ms: "
                    + (slow.isEmpty() ? "none" : String.join(", ", slow)) + "; latencyBySecond in --json");
            out.println();
        }
        out.println(fmt("issue-4 targets: all keyed %s, lostMessages = 0 %s, duplicateMessages = 0 %s, "
                + "timeToAllKeyedSeconds <= 60 %s, relay p99 <= 50 ms %s",
                yes(r.keyedMembers() == r.setup().members()), yes(r.lostMessages() == 0), yes(r.duplicateMessages() == 0),
                yes(r.timeToAllKeyedSeconds() <= 60), yes(r.relayLatencyMs().p99() <= 50)));
        out.println(fmt("done in %.1f s wall", r.wallSeconds()));
    }

    private static String yes(boolean met) {
        return met ? "met" : "NOT MET";
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    /** 60s, 500ms, 2m, or a bare number of seconds; at least 1 ms. */
    static final class DurationMs implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            double scale = 1000;
            if (v.endsWith("ms")) {
                scale = 1;
                v = v.substring(0, v.length() - 2);
            } else if (v.endsWith("s")) {
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                scale = 60_000;
                v = v.substring(0, v.length() - 1);
            }
            double ms = Converters.number(v) * scale;
            if (!(ms >= 0 && ms <= 3_600_000)) {
                throw new TypeConversionException("'" + value + "' must be a duration in [0, 1h] (e.g. 60s, 500ms, 2m)");
            }
            return Math.round(ms);
        }
    }
}
