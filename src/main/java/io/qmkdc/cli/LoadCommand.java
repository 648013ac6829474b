package io.qmkdc.cli;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.load.LoadReport;
import io.qmkdc.load.LoadRun;
import io.qmkdc.load.LoadSettings;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
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

    @Option(names = "--nodes", paramLabel = "N", description = "cluster nodes (default ${DEFAULT-VALUE}; only 1, the embedded one-node cluster, for now)")
    int nodes = 1;

    @Option(names = "--connect", paramLabel = "URL", description = "run on a running cluster (not supported yet)")
    String connect;

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
            description = "longest wait for acknowledgements after the traffic (default 30s)")
    long drainMs = 30_000;

    @Option(names = "--drop-fraction", paramLabel = "P", converter = Converters.Fraction.class,
            description = "fault injection: drop this share of the reliable publishes and fan-out deliveries in transit (default ${DEFAULT-VALUE}); re-sends must recover them")
    double drop = 0;

    @Option(names = "--duplicate-fraction", paramLabel = "P", converter = Converters.Fraction.class,
            description = "fault injection: send this share of them twice (default ${DEFAULT-VALUE}); receivers must drop the copies")
    double duplicate = 0;

    @Option(names = "--resend-after", paramLabel = "D", converter = DurationMs.class,
            description = "first re-send of an unacknowledged message after D (then doubling, up to 8 D; 8 sends in all; default 1s)")
    long resendAfterMs = 1000;

    @Option(names = "--rekey-every", paramLabel = "D", converter = DurationMs.class,
            description = "during the traffic, re-initialize one group (round robin: new BB84 round, new G_k epoch) every D (default: never)")
    long rekeyEveryMs = 0;

    @Override
    public Integer call() {
        if (connect != null) {
            throw new UsageError("--connect: running on a remote cluster is not supported by `load` yet; "
                    + "run it on the embedded one-node cluster (omit --connect)");
        }
        if (nodes != 1) {
            throw new UsageError("--nodes " + nodes + ": only --nodes 1 (the embedded one-node cluster) is supported "
                    + "by `load` for now; multi-JVM runs come with the `node` command");
        }
        LoadSettings settings;
        try {
            settings = LoadSettings.of(nodes, groups, members, rate, durationMs, intraFraction, common.seed)
                    .withDrain(drainMs).withFaults(drop, duplicate).withResendAfter(resendAfterMs).withRekeyEvery(rekeyEveryMs);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        PrintStream out = Output.human(common.json);
        out.println(fmt("load: %d groups, %d members, %.0f messages/s for %.1f s (%.0f %% same-group), seed %d, "
                + "embedded one-node cluster", groups, members, rate, durationMs / 1000.0, 100 * intraFraction,
                common.seed));
        Progress keying = new Progress("keying  ", true);
        Progress traffic = new Progress("traffic ", true);
        LoadReport r = new LoadRun(settings, Profiles.load("gys"), ConfigFactory.parseString("akka.loglevel = WARNING"),
                new LoadRun.ProgressSink() {
                    @Override
                    public void keying(int keyed, int total) {
                        keying.accept((double) keyed / total);
                    }

                    @Override
                    public void traffic(double seconds, double total) {
                        traffic.accept(seconds / total);
                    }
                }).run();
        print(r, out);
        Output.writeJson(r, common.json);
        return 0;
    }

    static void print(LoadReport r, PrintStream out) {
        out.println();
        out.println("summary: keying (per-group keying; " + r.setup().authRounds() + " EPR rounds per member, "
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
        out.println("summary: nodes");
        Output.Table n = new Output.Table("node", "roles", "members", "cpuPercent (traffic)", "heapMb");
        for (LoadReport.Node node : r.nodes()) {
            n.row(node.address(), String.join(",", node.roles()), node.members(), node.cpuPercent(), node.heapMb());
        }
        n.print(out);
        out.println();
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
