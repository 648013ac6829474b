package io.qmkdc.metrics;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Runs in its own JVM (see {@link KanelaAttachTest}): starts metrics with the Kanela agent attached at runtime,
 * then a one-node cluster with {@code members} sharded entities of type "Member" and a few plain "group-*"
 * actors, sends them messages, and prints the scrape on stdout between markers.
 * Usage: {@code java -cp <test classpath> io.qmkdc.metrics.KanelaAttachProbe [entities [attach]]}.
 */
public final class KanelaAttachProbe {
    /** Each entity gets one message per round. */
    static final int ROUNDS = 10;
    /** Plain actors named group-0.. under /user, one message each. */
    static final int GROUPS = 3;
    private KanelaAttachProbe() {
    }

    public static void main(String[] args) throws Exception {
        int entities = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        boolean attach = args.length <= 1 || Boolean.parseBoolean(args[1]);
        InetSocketAddress at = Metrics.start("127.0.0.1", 0, ConfigFactory.parseString(
                "kamon.metric.tick-interval = 500 ms\nkamon.init.attach-instrumentation = " + attach));
        Config akka = ConfigFactory.parseString(String.join("\n",
                "akka.actor.provider = cluster",
                "akka.remote.artery.canonical.hostname = 127.0.0.1",
                "akka.remote.artery.canonical.port = 0",
                "akka.loglevel = WARNING",
                // With Kanela attached, Akka's dispatcher threads outlive terminate() (kamon-io/Kamon#1176,
                // Metrics.stop() first does not help here); daemon threads let this JVM exit after main.
                "akka.daemonic = on",
                "akka.cluster.jmx.multi-mbeans-in-same-jvm = on"))
                .withFallback(ConfigFactory.load());
        EntityTypeKey<String> memberKey = EntityTypeKey.create(String.class, "Member");
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            for (int g = 0; g < GROUPS; g++) {
                ctx.spawn(echo(), "group-" + g).tell("hello");
            }
            return Behaviors.empty();
        }), "qmkdc", akka);
        try {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            ClusterSharding sharding = ClusterSharding.get(system);
            sharding.init(Entity.of(memberKey, ctx -> echo()));
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < entities; i++) {
                    sharding.entityRefFor(memberKey, "m" + i).tell("ping");
                }
                Thread.sleep(50);
            }
            HttpClient http = HttpClient.newHttpClient();
            String text = "";
            // Kamon publishes on its tick: scrape until every processed message is counted (or 20 s pass),
            // so the test compares complete counts, not a snapshot taken mid-tick.
            double expected = (double) entities * ROUNDS;
            for (int i = 0; i < 100 && !(text.contains("group=\"members\"") && counted(text) >= expected); i++) {
                Thread.sleep(200);
                text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            System.out.println("--- scrape ---");
            System.out.println(text);
            System.out.println("--- end ---");
        } finally {
            Metrics.stop();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get();
        }
    }

    private static double counted(String text) {
        try {
            return MetricsTest.value(text, "akka_group_processing_time_seconds_count{group=\"members\",system=\"qmkdc\"}");
        } catch (AssertionError | RuntimeException e) {
            return -1;
        }
    }

    private static Behavior<String> echo() {
        return Behaviors.receive(String.class).onAnyMessage(m -> Behaviors.same()).build();
    }
}
