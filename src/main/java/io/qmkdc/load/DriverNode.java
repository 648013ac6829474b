package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.NodePort;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.ArteryTls;
import io.qmkdc.cluster.ClusterNode;
import io.qmkdc.cluster.KdcControl;
import io.qmkdc.cluster.MemberEntity;
import io.qmkdc.pki.PkiDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This JVM as the role-less driver node of a cluster load run — or its one-node cluster ({@code inThisJvm}): it joins
 * the nodes and asks them what the run needs — members' counts through sharding, the KDC singleton's status, each
 * node's port for its process counts.
 */
final class DriverNode implements AutoCloseable {
    static final Duration ASK = Duration.ofSeconds(10);

    final ActorSystem<Void> system;

    /** This JVM's one-node cluster as the driver's ({@link io.qmkdc.cluster.EmbeddedCluster}; its owner stops it). */
    DriverNode(ActorSystem<Void> embedded) {
        system = embedded;
    }

    /** Joins {@code seeds} from {@code hostname}; the nodes' -Dakka.* settings (failure detector, SBR) hold here too. */
    DriverNode(ClusterLoadOptions o, String hostname, List<String> seeds, PkiDir pki) throws java.io.IOException {
        StringBuilder akka = new StringBuilder();
        for (String opt : o.jvmOptions()) {
            if (opt.startsWith("-Dakka.") && opt.contains("=")) {
                akka.append(opt, 2, opt.indexOf('=')).append(" = \"").append(opt.substring(opt.indexOf('=') + 1)).append("\"\n");
            }
        }
        system = ClusterNode.start(new ClusterNode.Options(List.of("driver"), hostname, NodeJvms.freePorts(1)[0], seeds,
                0, 1, null, ConfigFactory.parseString(akka + "akka.coordinated-shutdown.exit-jvm = off\n"
                        + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\nakka.loglevel = WARNING")
                        .withFallback(pki == null ? ArteryTls.insecure()
                                : ArteryTls.config(pki, ClusterLoadOptions.Tls.DRIVER_CERT))),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    int upNodes() {
        int up = 0;
        for (akka.cluster.Member m : akka.cluster.typed.Cluster.get(system).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }

    /** A running cluster deploys the load scenario as a new KDC incarnation (whatever it ran before), quiet: no node traffic. */
    void redeploy(String scenario, LoadSettings s) {
        DriverAsks.awaitUntil(s.keyingTimeoutMs(), () -> ClusterNode.kdcControl(system) != null, "the KDC singleton's proxy");
        KdcControl.RedeployReply r;
        try {
            r = AskPattern.<KdcControl.Command, KdcControl.RedeployReply>ask(ClusterNode.kdcControl(system),
                    replyTo -> new KdcControl.Redeploy(scenario, io.qmkdc.optics.LinkProfile.gys(), s.seed(), true, replyTo),
                    Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("--connect: the cluster's KDC did not answer the load scenario's deployment "
                    + "within 30 s (is a node with role kdc up?): " + e.getMessage(), e);
        }
        if (!r.accepted()) {
            throw new IllegalStateException("--connect: the cluster refused the load scenario: " + r.problem());
        }
    }

    /**
     * Asks in flight at once: 10,000 asks at a time (one per member) time out by the hundred on a loaded node, and each
     * one that does counts as unkeyed — the keying wait then never sees every member keyed in one poll.
     */
    static final int BATCH = 500;

    /**
     * Every member's counts through sharding, {@link #BATCH} asks at a time; a member that does not answer (its node
     * is down) counts as unkeyed.
     */
    List<Member.Reliability> reliability(List<String> memberIds) {
        ClusterSharding sharding = ClusterSharding.get(system);
        List<Member.Reliability> out = new ArrayList<>(memberIds.size());
        for (int from = 0; from < memberIds.size(); from += BATCH) {
            List<CompletableFuture<Member.Reliability>> asks = new ArrayList<>();
            for (String id : memberIds.subList(from, Math.min(memberIds.size(), from + BATCH))) {
                asks.add(AskPattern.<Member.Inbound, Member.Reliability>ask(sharding.entityRefFor(MemberEntity.TYPE, id),
                        Member.GetReliability::new, Duration.ofSeconds(5), system.scheduler()).toCompletableFuture()
                        .exceptionally(e -> new Member.Reliability(id, -1, 0, 0, 0, 0, 0, 0, 0, 0)));
            }
            asks.forEach(a -> out.add(a.join()));
        }
        return out;
    }

    static int keyed(List<Member.Reliability> rel) {
        return (int) rel.stream().filter(r -> r.epoch() >= 0).count();
    }

    /**
     * For the keying wait: the members seen keyed so far, asking only those not seen keyed yet. Before the traffic
     * nothing leaves (churn and faults start with the traffic), and a member that installed a G_k epoch keeps one,
     * so a member seen keyed once stays counted; the run's end counts every member afresh with {@link #reliability}.
     */
    final class KeyedSoFar implements java.util.function.IntSupplier {
        private final List<String> memberIds;
        private final java.util.Set<String> seen = new java.util.HashSet<>();

        KeyedSoFar(List<String> memberIds) {
            this.memberIds = memberIds;
        }

        @Override
        public int getAsInt() {
            List<String> unseen = memberIds.stream().filter(id -> !seen.contains(id)).toList();
            List<Member.Reliability> rel = reliability(unseen);
            for (int i = 0; i < unseen.size(); i++) {
                if (rel.get(i).epoch() >= 0) {
                    seen.add(unseen.get(i));
                }
            }
            return seen.size();
        }
    }

    /** The KDC singleton's authentication progress, null while it has none or does not answer. */
    QmKdc.AuthProgress authProgress() {
        ActorRef<QmKdc.Command> kdc = ClusterNode.kdc(system);
        if (kdc == null) {
            return null;
        }
        try {
            return AskPattern.<QmKdc.Command, QmKdc.AuthProgress>ask(kdc, QmKdc.GetAuthProgress::new, Duration.ofSeconds(5),
                    system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            return null;
        }
    }

    /** Each live node's process counts, by address (not the driver's). */
    Map<String, NodePort.NodeStats> nodeStats() {
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

    /** The report's node rows: CPU over the traffic, from each node's counts before and after it. */
    static List<LoadReport.Node> nodes(Map<String, NodePort.NodeStats> before, Map<String, NodePort.NodeStats> after) {
        List<LoadReport.Node> nodes = new ArrayList<>();
        after.forEach((address, a) -> {
            NodePort.NodeStats b = before.get(address);
            double cpu = b == null || a.uptimeNanos() <= b.uptimeNanos() ? Double.NaN
                    : 100.0 * (a.cpuNanos() - b.cpuNanos()) / ((a.uptimeNanos() - b.uptimeNanos()) * (double) a.processors());
            nodes.add(new LoadReport.Node(address, a.roles(), a.members(), cpu, a.heapMb()));
        });
        nodes.sort(java.util.Comparator.comparing(LoadReport.Node::address));
        return nodes;
    }

    <Q, R> R ask(ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        return DriverAsks.ask(system, to, message, ASK);
    }

    @Override
    public void close() {
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
    }
}
