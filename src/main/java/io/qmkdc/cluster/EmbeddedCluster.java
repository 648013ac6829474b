package io.qmkdc.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioReport;
import io.qmkdc.scenario.ScenarioRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one-JVM mode ({@code demo}, {@code run}, {@code serve}): a one-node cluster ({@code provider = cluster}, see
 * {@code application.conf}) that joins itself and runs what every node of a multi-node cluster runs — the
 * {@link KdcHost} singleton and the sharded group, member and channel entities, all roles on this node.
 */
public final class EmbeddedCluster {
    public static final String SYSTEM_NAME = "qmkdc";
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private EmbeddedCluster() {
    }

    /**
     * A one-node cluster whose KDC host deploys {@code plan} ({@link KdcHost.Plan#oneNode}); {@code overrides} wins
     * over application.conf. The host's status lines are not printed.
     */
    public static ActorSystem<Void> start(KdcHost.Plan plan, Config overrides) {
        AsyncCallbacks.ensureCommonPool();
        ClusterNode.Options o = new ClusterNode.Options(ClusterNode.ROLES, null, 0, List.of(), 0, 1, plan, overrides);
        ActorSystem<Void> system = ActorSystem.create(ClusterNode.guardian(o, NOWHERE), SYSTEM_NAME,
                overrides.withFallback(ConfigFactory.load()));
        joinSelf(system);
        return system;
    }

    /** A node running {@code guardian} only (no KDC host), joined to itself; {@code overrides} wins over application.conf. */
    public static <T> ActorSystem<T> start(Behavior<T> guardian, Config overrides) {
        ActorSystem<T> system = ActorSystem.create(guardian, SYSTEM_NAME, overrides.withFallback(ConfigFactory.load()));
        joinSelf(system);
        return system;
    }

    /**
     * Plays {@code scenario} on a fresh one-node cluster (its KDC host deploys the scenario quietly: no periodic
     * traffic or re-key) and stops the cluster.
     */
    public static ScenarioReport run(Scenario scenario, LinkProfile profile, long seed, PrintStream out,
            Config overrides) {
        KdcHost.Plan plan = KdcHost.Plan.oneNode(scenario, scenario.kdcSettings(profile, seed), Duration.ZERO,
                Duration.ZERO);
        ActorSystem<Void> system = start(plan, overrides);
        try {
            return new ScenarioRunner(scenario, profile, seed, out).run(system, new HostTarget(system, 0));
        } finally {
            stop(system);
        }
    }

    /** Terminates {@code system}, waiting up to 10 s. */
    public static void stop(ActorSystem<?> system) {
        // Nothing to hand shards off to: a graceful leave would wait out the shard regions' shutdown timeout.
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(akka.cluster.typed.Down.apply(cluster.selfMember().address()));
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
    }

    /** Forms a one-node cluster. */
    public static void joinSelf(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
}
