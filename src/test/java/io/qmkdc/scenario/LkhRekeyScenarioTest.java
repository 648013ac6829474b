package io.qmkdc.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.ConfigFactory;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.cluster.HostTarget;
import io.qmkdc.cluster.KdcHost;
import io.qmkdc.gkm.RekeyTally;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.Test;

/**
 * Per-member keying with LKH rekeying (issue 11) on the one-node cluster of KdcHost and sharded entities: every
 * member opens the first epoch from one multicast rekey; after a leave the departed member, holding its real path
 * keys and hearing the next multicast rekey, opens nothing of it and stays at the old epoch — the same check on a
 * member that stayed finds it opened (so the check can fail) — and the leave cost at most d·L − 1 encryptions.
 */
public class LkhRekeyScenarioTest {
    private static final String SCENARIO = """
            scenario {
              name = lkh-test
              keying-mode = per-member
              rekey { scheme = lkh, degree = 4, batch-ms = 100 }
              auth { rounds = 16 }
              groups = [ { id = g1, link-km = 10, sensitivity = NORMAL, members = [a1, a2, a3, a4, a5, a6] } ]
              steps = [ { do = initialize } ]
            }
            """;

    @Test
    public void aDepartedMembersRealKeysOpenNoLaterRekey() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "test");
        assertEquals("lkh", s.rekey().scheme());
        KdcHost.Plan plan = KdcHost.Plan.oneNode(s, s.kdcSettings(LinkProfile.gys(), 5), Duration.ZERO, Duration.ZERO);
        ActorSystem<Void> system = EmbeddedCluster.start(plan, ConfigFactory.empty());
        try {
            HostTarget target = new HostTarget(system, 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ScenarioRunner(s, LinkProfile.gys(), 5, new PrintStream(out, true, StandardCharsets.UTF_8))
                    .run(system, target);
            // A member whose link keys after the first batch joins in a later one (a new epoch): wait for
            // the installed epoch that every member opened from the tree.
            long first = Eventually.await(Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
                long e = installed(system, target);
                for (String m : target.members().keySet()) {
                    if (tree(system, target, m).epoch() != e) {
                        return -1L;
                    }
                }
                return e;
            }, e -> e >= 0, "an epoch installed at every member and opened by each from the tree");
            Member.TreeStatus before = tree(system, target, "a2");
            target.kdc().tell(new QmKdc.Leave("g1", "a2"));
            long next = Eventually.await(Duration.ofSeconds(30), Duration.ofMillis(100), () -> installed(system, target),
                    e -> e > first, "the leave's epoch installed at every remaining member");

            Member.TreeStatus left = Eventually.await(Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> tree(system, target, "a2"), t -> t.notOpened() > before.notOpened(),
                    "the departed member hears the leave's multicast rekey");
            assertEquals("the departed member's keys give it no later epoch", first, left.epoch());
            assertTrue(left.toString(), left.heldKeys() >= 2);
            Member.TreeStatus stayed = tree(system, target, "a1");
            assertEquals("contrast: the same check on a member that stayed finds the new epoch", next, stayed.epoch());

            QmKdc.RekeyStats stats = ask(system, target.kdc(), QmKdc.GetRekeyStats::new);
            RekeyTally.Summary g = stats.groups().get(0);
            assertEquals("lkh", g.scheme());
            assertEquals(1, g.leaves());
            // n = 6, d = 4: L = 2, so a leave costs at most d·L − 1 = 7 encryptions (fewer in a tree not full).
            assertTrue(g.toString(), g.encryptionsPerLeave() > 0 && g.encryptionsPerLeave() <= 7);
            assertTrue(g.toString(), g.rekeyed() >= 1 && g.p50Ms() >= 0);
        } finally {
            EmbeddedCluster.stop(system);
        }
    }

    private static long installed(ActorSystem<?> system, HostTarget target) {
        return ask(system, target.kdc(), QmKdc.GetStatus::new).groups().get(0).installedEpoch();
    }

    private static Member.TreeStatus tree(ActorSystem<?> system, HostTarget target, String m) {
        return ask(system, target.members().get(m), Member.GetTreeStatus::new);
    }

    private static <Q, R> R ask(ActorSystem<?> system, ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> msg) {
        try {
            return AskPattern.ask(to, msg, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
