package io.qmkdc.cli;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.api.ApiServer;
import io.qmkdc.api.NodeControlPlane;
import io.qmkdc.cluster.ClusterNode;
import io.qmkdc.cluster.KdcHost;
import io.qmkdc.cluster.NodeManagement;
import io.qmkdc.metrics.Metrics;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploy/qmkdc node}: one node of a multi-node cluster ({@link ClusterNode}); runs until it
 * is killed, terminated or downed. Options fall back to QMKDC_ROLES, QMKDC_PORT, QMKDC_SEED_NODES,
 * QMKDC_HOSTNAME, QMKDC_HTTP_PORT, QMKDC_HTTP_HOST, QMKDC_METRICS_PORT, QMKDC_SCENARIO, QMKDC_TRAFFIC_MS,
 * QMKDC_REKEY_S and the QMKDC_MANAGEMENT_* / QMKDC_DISCOVERY of {@link ManagementOptions} (deploy/k8s and
 * deploy/local/cluster.sh pass them through). With {@code --http-port} the node serves the control API
 * ({@link NodeControlPlane}); with {@code --management-port} Akka Management's health checks, and with
 * {@code --discovery} it joins by Cluster Bootstrap instead of the seed list ({@link NodeManagement}).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start one node of a qmkdc cluster (Akka Cluster over Artery) and run until killed.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--roles", paramLabel = "R[,R]", defaultValue = "${env:QMKDC_ROLES:-kdc,channel,group,member}",
            description = "roles of this node, from kdc, channel, group, member (default ${DEFAULT-VALUE})")
    String roles;

    @Option(names = "--port", paramLabel = "P", defaultValue = "${env:QMKDC_PORT:-25520}",
            description = "Artery port, 1..65535 (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,...]", defaultValue = "${env:QMKDC_SEED_NODES:-127.0.0.1:25520}",
            description = "seed nodes to join (default ${DEFAULT-VALUE})")
    String seeds;

    @Option(names = "--hostname", paramLabel = "HOST", defaultValue = "${env:QMKDC_HOSTNAME:-127.0.0.1}",
            description = "address Artery binds to and advertises (default ${DEFAULT-VALUE})")
    String hostname;

    @Option(names = "--http-port", paramLabel = "H", defaultValue = "${env:QMKDC_HTTP_PORT:-0}",
            description = "port of the HTTP control API on 127.0.0.1 (0 = none; default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "${env:QMKDC_HTTP_HOST:-127.0.0.1}",
            description = "address of the control API (default ${DEFAULT-VALUE}; with --pki it must be in the node certificate)")
    String httpHost;

    @Option(names = "--metrics-port", paramLabel = "M", defaultValue = "${env:QMKDC_METRICS_PORT:-0}",
            description = "Prometheus endpoint port (0 = no metrics; default ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "${env:QMKDC_METRICS_HOST:-127.0.0.1}",
            description = "Prometheus endpoint address (default ${DEFAULT-VALUE})")
    String metricsHost;

    @Option(names = "--scenario", paramLabel = "FILE", defaultValue = "${env:QMKDC_SCENARIO}",
            description = "scenario whose groups and members the KDC deploys when this node hosts it (its steps are not run)")
    String scenario;

    @Option(names = "--traffic-ms", paramLabel = "MS", defaultValue = "${env:QMKDC_TRAFFIC_MS:-0}",
            description = "the KDC host makes one member send a same-group message every MS ms (0 = none)")
    long trafficMs;

    @Option(names = "--rekey-s", paramLabel = "S", defaultValue = "${env:QMKDC_REKEY_S:-0}",
            description = "the KDC re-initializes every link every S seconds, so attacks show (0 = never; default ${DEFAULT-VALUE})")
    long rekeySeconds;

    @Option(names = "--min-nodes", paramLabel = "N", defaultValue = "1",
            description = "the first nodes become Up (and the KDC deploys) once N nodes joined (default ${DEFAULT-VALUE})")
    int minNodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the emulation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--pki", paramLabel = "DIR", defaultValue = "${env:QMKDC_PKI}",
            description = "PKI folder (deploy/qmkdc pki): Artery runs mutual TLS 1.3 with the node certificate, the control API HTTPS "
                    + "for operator certificates (env QMKDC_PKI)")
    java.nio.file.Path pki;

    @Option(names = "--node-cert", paramLabel = "NAME", defaultValue = "${env:QMKDC_NODE_CERT:-node}",
            description = "this node's certificate NAME.crt/NAME.key in the --pki folder (default ${DEFAULT-VALUE}; env QMKDC_NODE_CERT)")
    String nodeCert;

    @Option(names = "--insecure", defaultValue = "${env:QMKDC_INSECURE:-false}",
            description = "without --pki: plain TCP and an unauthenticated HTTP API; keys cross the network in clear (env QMKDC_INSECURE)")
    boolean insecure;

    @Mixin
    ManagementOptions management;

    @Override
    public Integer call() throws Exception {
        List<String> roleList = Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String r : roleList) {
            if (!ClusterNode.ROLES.contains(r)) {
                throw new UsageError("--roles: unknown role '" + r + "' (known: " + String.join(", ", ClusterNode.ROLES) + ")");
            }
        }
        if (roleList.isEmpty()) {
            throw new UsageError("--roles: at least one role (known: " + String.join(", ", ClusterNode.ROLES) + ")");
        }
        checkPort("--port", port, false);
        checkPort("--http-port", httpPort, true);
        checkPort("--metrics-port", metricsPort, true);
        if (rekeySeconds < 0 || trafficMs < 0) {
            throw new UsageError(rekeySeconds < 0 ? "--rekey-s: " + rekeySeconds + " is negative (0 = never)"
                    : "--traffic-ms: " + trafficMs + " is negative (0 = none)");
        }
        if (minNodes < 1) {
            throw new UsageError("--min-nodes: " + minNodes + " is not at least 1");
        }
        List<String> seedList = Arrays.stream(seeds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String s : seedList) {
            if (!s.matches("[^:\\s]+:\\d{1,5}")) {
                throw new UsageError("--seed-nodes: '" + s + "' is not HOST:PORT");
            }
        }
        NodeManagement.Settings mgmt = management.settings(hostname);
        if (mgmt != null && mgmt.bootstraps()) {
            seedList = List.of(); // Cluster Bootstrap decides whom to join
        }
        NodeTls tls = NodeTls.of(pki, nodeCert, insecure, hostname, httpPort > 0 ? httpHost : null);
        KdcHost.Plan plan = scenario == null || scenario.isBlank() ? null : plan(scenario);
        if (metricsPort > 0) {
            Metrics.start(metricsHost, metricsPort); // before the ActorSystem, so Kanela instruments Akka
        }
        ActorSystem<Void> system = ClusterNode.start(new ClusterNode.Options(roleList, hostname, port, seedList, httpPort,
                minNodes, plan, ConfigFactory.empty()
                        .withValue(KdcHost.TRAFFIC_EVERY, ConfigValueFactory.fromAnyRef(trafficMs + "ms"))
                        .withValue(KdcHost.REKEY_EVERY, ConfigValueFactory.fromAnyRef(rekeySeconds + "s"))
                        // NodeCommand decides the exit code once the system terminated (see joined below).
                        .withValue("akka.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef("off"))
                        .withFallback(mgmt == null ? ConfigFactory.empty() : NodeManagement.config(mgmt))
                        .withFallback(tls.artery())), System.out);
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        akka.cluster.Cluster.get(akka.actor.typed.javadsl.Adapter.toClassic(system)).registerOnMemberUp(() -> up.set(true));
        if (mgmt != null) {
            try {
                NodeManagement.start(system, mgmt);
            } catch (NodeManagement.StartFailure e) {
                system.terminate();
                throw new UsageError(e.option + ": " + e.getMessage());
            }
            System.out.println("qmkdc node health: http://" + mgmt.host() + ":" + mgmt.port() + "/ready"
                    + (mgmt.bootstraps() ? " (joining by Cluster Bootstrap, discovery " + mgmt.discovery().method + ")" : ""));
            System.out.flush();
        }
        if (httpPort > 0) {
            try {
                ApiServer.start(system, new ApiServer(new NodeControlPlane(system, Profiles::load, seed), tls.insecure()),
                        httpHost, httpPort, tls.api());
            } catch (RuntimeException e) {
                system.terminate();
                throw new UsageError("--http-port: " + e.getMessage());
            }
            System.out.println("qmkdc node API: " + (tls.api() == null ? "http" : "https") + "://" + httpHost + ":" + httpPort + "/status");
            System.out.flush();
        }
        system.getWhenTerminated().toCompletableFuture().get();
        if (!up.get() && akka.actor.CoordinatedShutdown.get(akka.actor.typed.javadsl.Adapter.toClassic(system)).getShutdownReason()
                .filter(akka.actor.CoordinatedShutdown.clusterJoinUnsuccessfulReason()::equals).isPresent()) {
            System.err.println("error: could not join the cluster at " + (seedList.isEmpty() ? "the discovered contact points"
                    : String.join(",", seedList)) + " (refused TLS handshakes? "
                    + "the node certificate must be of the seeds' CA and valid; see the log above)");
            return 1;
        }
        return 0;
    }

    private KdcHost.Plan plan(String file) {
        Scenario s;
        try {
            s = ScenarioLoader.load(file);
        } catch (ScenarioLoader.Invalid e) {
            throw new UsageError(String.join(System.lineSeparator() + "error: ", e.problems()));
        }
        Scenario.Auth a = s.auth();
        QmKdc.Settings settings = s.kdcSettings(Profiles.load(s.profile()), seed);
        return new KdcHost.Plan(s, settings, Math.max(256, 2 * a.rounds()), Duration.ofSeconds(2),
                Duration.ofMillis(trafficMs), Duration.ofSeconds(rekeySeconds));
    }

    private static void checkPort(String name, int p, boolean zeroAllowed) {
        if (p < (zeroAllowed ? 0 : 1) || p > 65535) {
            throw new UsageError(name + ": " + p + " is not a port (" + (zeroAllowed ? "0" : "1") + "..65535)");
        }
    }
}
