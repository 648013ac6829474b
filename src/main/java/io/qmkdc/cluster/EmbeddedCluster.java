package io.qmkdc.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Starts one node of the qmkdc cluster in this JVM: an ActorSystem with {@code provider = cluster}
 * (see {@code application.conf}) that joins itself, so the embedded mode is a one-node cluster and
 * the same actors later spread over several JVMs without change.
 */
public final class EmbeddedCluster {
    public static final String SYSTEM_NAME = "qmkdc";

    private EmbeddedCluster() {
    }

    /** A node running {@code guardian}, joined to itself; {@code overrides} wins over application.conf. */
    public static <T> ActorSystem<T> start(Behavior<T> guardian, Config overrides) {
        Config config = overrides.withFallback(ConfigFactory.load());
        ActorSystem<T> system = ActorSystem.create(guardian, SYSTEM_NAME, config);
        joinSelf(system);
        return system;
    }

    public static <T> ActorSystem<T> start(Behavior<T> guardian) {
        return start(guardian, ConfigFactory.empty());
    }

    /** Forms a one-node cluster. */
    public static void joinSelf(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
}
