package io.qmkdc.cluster;

import io.qmkdc.actor.NodePort;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.PrintStream;
import java.util.List;

/**
 * One node of a multi-node qmkdc cluster (DESIGN §2): an ActorSystem named {@value EmbeddedCluster#SYSTEM_NAME}
 * with the given roles that joins the seed nodes; Cluster Sharding of {@link MemberEntity} (role
 * {@code member}), {@link GroupEntity} (role {@code group}), {@link ChannelEntity} (role
 * {@code channel}: the BB84 channels) and the {@link KdcHost} singleton (role {@code kdc}) are started
 * on every node — a node without the role gets a proxy. Split Brain Resolver keep-majority and CBOR-only serialization come from
 * application.conf; a downed node's JVM exits.
 */
public final class ClusterNode {
    public static final String KDC = "kdc";
    public static final String CHANNEL = "channel";
    public static final String GROUP = "group";
    public static final String MEMBER = "member";
    public static final List<String> ROLES = List.of(KDC, CHANNEL, GROUP, MEMBER);

    /**
     * @param seeds    host:port of the seed nodes
     * @param httpPort exposed as {@code qmkdc.http.port} for the HTTP API (0 = none)
     * @param plan     what the KDC deploys when this node hosts the singleton (null: it idles until
     *                 {@code POST /scenarios} redeploys)
     * @param minNodes the cluster's first members are Up (and the KDC deploys) once this many joined,
     *                 so members spread over the first nodes
     */
    public record Options(List<String> roles, String hostname, int port, List<String> seeds, int httpPort,
            int minNodes, KdcHost.Plan plan, Config overrides) {
    }

    // By identity: a typed ActorSystem equals another of the same name (its guardian's path), and serve's posted
    // scenarios run on a second system named qmkdc in the same JVM.
    private static final java.util.Map<ActorSystem<?>, ActorRef<io.qmkdc.actor.QmKdc.Inbound>> KDC_PROXIES =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private static final java.util.Map<ActorSystem<?>, ActorRef<NodePort.Command>> PORTS =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** This node's delivery port (null before the node started). */
    public static ActorRef<NodePort.Command> port(ActorSystem<?> system) {
        return PORTS.get(system);
    }

    private ClusterNode() {
    }

    /**
     * The KDC singleton's proxy on this node (null before the node started): takes
     * {@link io.qmkdc.actor.QmKdc.Command}s ({@code GetStatus}, {@code Reinitialize}, ...) wherever the
     * singleton runs now.
     */
    public static ActorRef<io.qmkdc.actor.QmKdc.Command> kdc(ActorSystem<?> system) {
        ActorRef<io.qmkdc.actor.QmKdc.Inbound> proxy = KDC_PROXIES.get(system);
        return proxy == null ? null : proxy.narrow();
    }

    /** The KDC host singleton's proxy for its control protocol ({@link KdcControl}); null before the node started. */
    public static ActorRef<KdcControl.Command> kdcControl(ActorSystem<?> system) {
        ActorRef<io.qmkdc.actor.QmKdc.Inbound> proxy = KDC_PROXIES.get(system);
        return proxy == null ? null : proxy.narrow();
    }

    /** The node's configuration: roles, Artery address, seeds, exit on downing; {@code overrides} wins. */
    public static Config config(Options o) {
        List<String> seeds = o.seeds().stream().map(s -> "akka://" + EmbeddedCluster.SYSTEM_NAME + "@" + s).toList();
        Config node = ConfigFactory.empty()
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(o.roles()))
                .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(o.hostname()))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(o.port()))
                .withValue("akka.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef("on"))
                .withValue("akka.coordinated-shutdown.run-by-jvm-shutdown-hook", ConfigValueFactory.fromAnyRef("on"))
                .withValue("akka.cluster.min-nr-of-members", ConfigValueFactory.fromAnyRef(o.minNodes()))
                // Entities keep their node until it dies: a rebalance would move a group terminal
                // (and its link end) or a member and lose their keys for nothing.
                .withValue("akka.cluster.sharding.rebalance-interval", ConfigValueFactory.fromAnyRef("200d"))
                .withValue("qmkdc.http.port", ConfigValueFactory.fromAnyRef(o.httpPort()));
        return o.overrides().withFallback(node).withFallback(ConfigFactory.load());
    }

    /** Starts the node; it joins the seeds and prints one line on {@code out} once it is Up. */
    public static ActorSystem<Void> start(Options o, PrintStream out) {
        AsyncCallbacks.ensureCommonPool();
        ActorSystem<Void> system = ActorSystem.create(guardian(o, out), EmbeddedCluster.SYSTEM_NAME, config(o));
        akka.cluster.Cluster classic = akka.cluster.Cluster.get(Adapter.toClassic(system));
        classic.registerOnMemberUp(() -> {
            out.println("qmkdc node up: " + classic.selfAddress().hostPort() + " roles " + String.join(",", o.roles()));
            out.flush();
        });
        return system;
    }

    /** Every node's actors: its delivery port, the entity types, the KDC host singleton (or its proxy). */
    static Behavior<Void> guardian(Options o, PrintStream out) {
        return Behaviors.setup(ctx -> {
            ActorSystem<Void> system = ctx.getSystem();
            PORTS.put(system, ctx.spawn(NodePort.create(), "port"));
            system.getWhenTerminated().thenRun(() -> PORTS.remove(system));
            ClusterSharding sharding = ClusterSharding.get(system);
            sharding.init(Entity.of(MemberEntity.TYPE, e -> MemberEntity.create(e.getEntityId())).withRole(MEMBER));
            sharding.init(Entity.of(GroupEntity.TYPE, e -> GroupEntity.create(e.getEntityId())).withRole(GROUP));
            sharding.init(Entity.of(ChannelEntity.TYPE, e -> ChannelEntity.create(e.getEntityId())).withRole(CHANNEL));
            Behavior<io.qmkdc.actor.QmKdc.Inbound> kdc = KdcHost.create(o.plan(), out); // without a plan it idles until a redeploy
            ActorRef<io.qmkdc.actor.QmKdc.Inbound> proxy = ClusterSingleton.get(system).init(SingletonActor.of(kdc, "kdc-host")
                    .withSettings(ClusterSingletonSettings.create(system).withRole(KDC)));
            KDC_PROXIES.put(system, proxy);
            system.getWhenTerminated().thenRun(() -> KDC_PROXIES.remove(system));
            return Behaviors.empty();
        });
    }
}
