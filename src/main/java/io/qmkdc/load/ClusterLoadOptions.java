package io.qmkdc.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a cluster load run starts or joins its nodes. {@code roles.get(i)}: roles of node i+1 ({@code nodes} entries); {@code heap}: -Xmx of each node JVM;
 * {@code jvmOptions}: more options for them; {@code runDir}: scenario, node logs; {@code connect}:
 * seed nodes of a running cluster (then nothing is started and {@code roles} is ignored).
 */
public record ClusterLoadOptions(List<List<String>> roles, String heap, List<String> jvmOptions, Path runDir,
        List<String> connect, List<Fault> faults, Duration resubmitAfter, Duration warmup, Tls tls) {
    public static final String HEARTBEAT_PAUSE = "-Dakka.cluster.failure-detector.acceptable-heartbeat-pause=10s";
    /** With kills: the default heartbeat pause and a short stable-after, so a killed node is out in seconds. */
    public static final List<String> FAST_DOWNING = List.of("-Dakka.cluster.split-brain-resolver.stable-after=4s");

    public static ClusterLoadOptions defaults(int nodes, Path runDir) {
        List<List<String>> roles = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            roles.add(i == 0 ? List.of("kdc", "channel", "group", "member") : List.of("channel", "group", "member"));
        }
        // Keying 1,000 members saturates 2 cores for seconds: a longer heartbeat pause keeps busy nodes from being downed.
        return new ClusterLoadOptions(roles, "1g", List.of(HEARTBEAT_PAUSE),
                runDir, List.of(), List.of(), Duration.ofSeconds(30), Duration.ZERO, Tls.OWN);
    }

    public ClusterLoadOptions withRoles(List<List<String>> r) {
        return new ClusterLoadOptions(r, heap, jvmOptions, runDir, connect, faults, resubmitAfter, warmup, tls);
    }

    public ClusterLoadOptions withJvm(String h, List<String> o) {
        return new ClusterLoadOptions(roles, h, o, runDir, connect, faults, resubmitAfter, warmup, tls);
    }

    public ClusterLoadOptions withConnect(List<String> seeds) {
        return new ClusterLoadOptions(roles, heap, jvmOptions, runDir, seeds, faults, resubmitAfter, warmup, tls);
    }

    public ClusterLoadOptions withFaults(List<Fault> f) {
        return new ClusterLoadOptions(roles, heap, jvmOptions, runDir, connect, f, resubmitAfter, warmup, tls);
    }

    public ClusterLoadOptions withResubmitAfter(Duration d) {
        return new ClusterLoadOptions(roles, heap, jvmOptions, runDir, connect, faults, d, warmup, tls);
    }

    /** How the nodes and the driver talk (default {@link Tls#OWN}). */
    public ClusterLoadOptions withTls(Tls t) {
        return new ClusterLoadOptions(roles, heap, jvmOptions, runDir, connect, faults, resubmitAfter, warmup, t);
    }

    /** Traffic at the rate for {@code d} before the measured {@code duration}: its messages count for lost and duplicate, not for the latencies. */
    public ClusterLoadOptions withWarmup(Duration d) {
        return new ClusterLoadOptions(roles, heap, jvmOptions, runDir, connect, faults, resubmitAfter, d, tls);
    }

    /** Kill a node {@code atSeconds} into the traffic: {@code "member"} (a node without role kdc) or {@code "kdc"} (the singleton's). */
    public record Fault(double atSeconds, String node) {
        public Fault {
            if (!node.equals("member") && !node.equals("kdc")) {
                throw new IllegalArgumentException("--kill: node kind '" + node + "' is neither member nor kdc");
            }
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
}
