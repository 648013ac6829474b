package io.qmkdc.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import io.qmkdc.testing.Eventually;
import io.qmkdc.testing.NodeProcesses;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * Forward and backward secrecy of LKH rekeying across nodes (issue 11): the KDC, channels and group terminal on one
 * node, every member on another, so each rekey, path key and group message crosses Artery as CBOR. A member that left
 * keeps its actor, with every key it held, and hears the next multicast rekey: it opens none of it and gets no later
 * group message; a member that stayed opens both (the same check, so it can fail). A member that left for good and
 * joins again (fresh K_c, a new link with a fresh authentication key) is keyed again and gets what is sent after its
 * return, nothing sent while it was away. (Reliable re-sends to a departed member are {@code LkhDepartedMemberTest}'s.)
 */
public class LkhAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SCENARIO = """
            scenario {
              name = lkh-nodes
              keying-mode = per-member
              rekey { scheme = lkh, degree = 4, batch-ms = 100 }
              auth { rounds = 16 }
              groups = [ { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2, a3, a4, a5] } ]
              steps = [ { do = initialize } ]
            }
            """;

    private final List<ActorSystem<Void>> nodes = new ArrayList<>();

    @After
    public void stop() {
        nodes.forEach(EmbeddedCluster::stop);
    }

    @Test
    public void aMemberOnAnotherNodeOpensNothingAfterItLeftNorOfItsAbsence() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "test");
        KdcHost.Plan plan = new KdcHost.Plan(s, s.kdcSettings(LinkProfile.gys(), 11), Math.max(256, 2 * s.auth().rounds()),
                Duration.ofMillis(300), Duration.ZERO);
        int[] ports = NodeProcesses.freePorts(2);
        String seed = "127.0.0.1:" + ports[0];
        ActorSystem<Void> kdcNode = node(List.of(ClusterNode.KDC, ClusterNode.CHANNEL, ClusterNode.GROUP), ports[0], seed, plan);
        ActorSystem<Void> memberNode = node(List.of(ClusterNode.MEMBER), ports[1], seed, null);
        HostTarget target = new HostTarget(kdcNode, 0);
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), List.copyOf(target.members().keySet()));
        long e0 = oneEpochAt(kdcNode, target, List.of("a1", "a2", "a3", "a4", "a5"), -1);
        assertEquals("every member entity lives on the member node", target.members().keySet(), memberEntitiesOn(memberNode));

        // Forward secrecy: a2 leaves; its actor stays on its node with its path keys and G_k of e0.
        Member.TreeStatus a2Before = ask(kdcNode, target.members().get("a2"), Member.GetTreeStatus::new);
        Member.Status a2Status = ask(kdcNode, target.members().get("a2"), Member.GetStatus::new);
        target.kdc().tell(new QmKdc.Leave("g1", "a2"));
        List<String> stay = List.of("a1", "a3", "a4", "a5");
        long e1 = oneEpochAt(kdcNode, target, stay, e0);
        Member.TreeStatus left = Eventually.await(WAIT, Duration.ofMillis(100),
                () -> ask(kdcNode, target.members().get("a2"), Member.GetTreeStatus::new),
                t -> t.notOpened() > a2Before.notOpened(), "a2 hears the leave's multicast rekey");
        assertEquals("a2's keys open no entry of the rekey up to the root", e0, left.epoch());
        assertTrue(left.toString(), left.heldKeys() >= 2);
        assertEquals("contrast: a member that stayed opened the same rekey", e1,
                ask(kdcNode, target.members().get("a3"), Member.GetTreeStatus::new).epoch());
        target.members().get("a1").tell(new Member.SendToGroup("after a2 left", io.qmkdc.crypto.Sensitivity.NORMAL));
        memberHas(kdcNode, target, "a3", "after a2 left");
        // (The terminal fans out to the epoch's members only, so a2 is not sent it here; the rekey above it heard.)
        Member.Status a2After = ask(kdcNode, target.members().get("a2"), Member.GetStatus::new);
        assertFalse("a2 opened a message sent after it left", a2After.received().contains("after a2 left"));
        assertEquals("a2 holds no later G_k", e0, a2After.epoch());
        assertEquals(a2Status.epoch(), a2After.epoch());

        // Backward secrecy: a4 leaves for good, a1 sends, a4 joins again (fresh K_c, a new link and key).
        target.kdc().tell(new QmKdc.Leave("g1", "a4", true));
        long e2 = oneEpochAt(kdcNode, target, List.of("a1", "a3", "a5"), e1);
        target.members().get("a1").tell(new Member.SendToGroup("while a4 was away", io.qmkdc.crypto.Sensitivity.NORMAL));
        memberHas(kdcNode, target, "a5", "while a4 was away");
        target.join("a4", "g1");
        oneEpochAt(kdcNode, target, List.of("a1", "a3", "a4", "a5"), e2);
        target.members().get("a1").tell(new Member.SendToGroup("after a4 came back", io.qmkdc.crypto.Sensitivity.NORMAL));
        memberHas(kdcNode, target, "a4", "after a4 came back");
        assertFalse("the rejoined a4 got nothing sent while it was away",
                ask(kdcNode, target.members().get("a4"), Member.GetStatus::new).received().contains("while a4 was away"));
    }

    private static java.util.Set<String> memberEntitiesOn(ActorSystem<?> node) {
        akka.cluster.sharding.ShardRegion.CurrentShardRegionState state = ask(node,
                akka.cluster.sharding.typed.javadsl.ClusterSharding.get(node).shardState(),
                replyTo -> new akka.cluster.sharding.typed.GetShardRegionState(MemberEntity.TYPE, replyTo));
        java.util.Set<String> ids = new java.util.TreeSet<>();
        state.getShards().forEach(sh -> ids.addAll(sh.getEntityIds()));
        return ids;
    }

    private ActorSystem<Void> node(List<String> roles, int port, String seed, KdcHost.Plan plan) {
        Config tests = ConfigFactory.parseString("""
                akka.coordinated-shutdown.exit-jvm = off
                akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                akka.loglevel = WARNING
                """);
        ActorSystem<Void> n = ClusterNode.start(new ClusterNode.Options(roles, "127.0.0.1", port, List.of(seed), 0, 2,
                plan, tests), new PrintStream(OutputStream.nullOutputStream()));
        nodes.add(n);
        return n;
    }

    /** Waits until every one of {@code members} holds one epoch above {@code after}, installed at the KDC. */
    private static long oneEpochAt(ActorSystem<?> system, HostTarget target, List<String> members, long after) {
        return Eventually.await(WAIT, Duration.ofMillis(200), () -> {
            java.util.Map<String, Long> at = new java.util.TreeMap<>();
            at.put("kdc", ask(system, target.kdc(), QmKdc.GetStatus::new).groups().get(0).installedEpoch());
            for (String m : members) {
                at.put(m, ask(system, target.members().get(m), Member.GetStatus::new).epoch());
            }
            return at;
        }, at -> at.values().stream().distinct().count() == 1 && at.get("kdc") > after,
                "one epoch above " + after + " at " + members).get("kdc");
    }

    private static void memberHas(ActorSystem<?> system, HostTarget target, String m, String text) {
        Eventually.await(WAIT, Duration.ofMillis(100), () -> ask(system, target.members().get(m), Member.GetStatus::new),
                st -> st.received().contains(text), m + " receives '" + text + "'");
    }

    private static <Q, R> R ask(ActorSystem<?> system, ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> msg) {
        try {
            return AskPattern.ask(to, msg, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
