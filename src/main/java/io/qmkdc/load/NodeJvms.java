package io.qmkdc.load;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.qmkdc.pki.PkiDir;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node JVMs a cluster load run starts ({@code Main node}, this classpath) on 127.0.0.1 or each on its own host
 * ({@link HostNetwork}), the PKI they and the driver share, and the SIGKILLs of {@link ClusterLoadOptions.Fault}.
 */
final class NodeJvms implements AutoCloseable {
    private final LoadSettings s;
    private final ClusterLoadOptions o;
    private final HostNetwork hostNet; // null: all on 127.0.0.1
    private final CpuQuota cpuQuota; // null: no limit
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    // A driver stopped by Ctrl-C or SIGTERM must not leave its node JVMs running (holding ports and CPU).
    private final Thread killOnExit = new Thread(() -> processes.forEach(Process::destroyForcibly), "qmkdc-node-jvms-exit");
    private boolean hooked;
    private final Map<String, Process> byAddress = new HashMap<>();
    private akka.actor.Address lastVictim;
    /** What the faults did (or why not), and when, in seconds of traffic. */
    final List<String> faultsApplied = new ArrayList<>();
    final List<Double> faultSeconds = new ArrayList<>();

    NodeJvms(LoadSettings settings, ClusterLoadOptions options, HostNetwork hostNet, CpuQuota cpuQuota) {
        this.s = settings;
        this.o = options;
        this.hostNet = hostNet;
        this.cpuQuota = cpuQuota;
    }

    String host(int index) {
        return hostNet == null ? "127.0.0.1" : hostNet.address(index);
    }

    String driverHost() {
        return hostNet == null ? "127.0.0.1" : hostNet.driverAddress();
    }

    /** Starts node 1..N deploying {@code scenario}; returns their seed nodes. */
    List<String> start(Path scenario, PkiDir pki) throws IOException {
        int[] ports = freePorts(o.roles().size());
        if (hostNet != null) {
            // Own network stack per host: the same port everywhere; two seeds, so a cut first seed is not the only way in.
            java.util.Arrays.fill(ports, 25520);
        }
        List<String> seeds = hostNet == null ? List.of("127.0.0.1:" + ports[0])
                : List.of(host(1) + ":25520", host(Math.min(2, ports.length)) + ":25520").stream().distinct().toList();
        for (int i = 0; i < ports.length; i++) {
            startNode(i + 1, ports[i], seeds, scenario, pki);
        }
        return seeds;
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
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(killOnExit);
            hooked = true;
        }
        Process p = pb.start();
        processes.add(p);
        if (cpuQuota != null) {
            cpuQuota.place("n" + index, p.pid());
        }
        byAddress.put("qmkdc@" + host(index) + ":" + port, p);
    }

    /** The PKI the driver and the nodes use (null: plain TCP); {@link ClusterLoadOptions.Tls#OWN} makes one for this run. */
    PkiDir pki() throws IOException {
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
        List<String> names = new ArrayList<>(List.of(ClusterLoadOptions.Tls.DRIVER_CERT));
        for (int i = 1; i <= o.roles().size(); i++) {
            names.add("n" + i);
        }
        for (int k = 0; k < names.size(); k++) {
            // On hosts, each certificate names its host's address (the driver: the bridge's).
            List<String> san = hostNet == null ? List.of("127.0.0.1", "localhost") : List.of(k == 0 ? driverHost() : host(k));
            written.add(made.issue(io.qmkdc.pki.CertRole.NODE, names.get(k), san, Duration.ofDays(7), random));
        }
        for (PkiDir.Written w : written) {
            if (w instanceof PkiDir.Written.Refused r) {
                throw new IOException("cannot make the run's PKI in " + dir + ": " + r.problem());
            }
        }
        return made;
    }

    /** The next kill waits until the previous victim is out of the cluster (two down at once out of four leave no majority). */
    boolean lastVictimRemoved(Cluster cluster) {
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

    /** SIGKILL: "member" = the youngest Up node without role kdc, "kdc" = the oldest Up kdc node (the singleton's). */
    void kill(ClusterLoadOptions.Fault f, Cluster cluster, double atSeconds) {
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

    /** Kills every node; with a CPU quota waits for them to exit, then drops their cgroups. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
            hooked = false;
        }
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

    static int[] freePorts(int n) throws IOException {
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
}
