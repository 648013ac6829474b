package io.qmkdc.actor;

import static io.qmkdc.actor.Fixtures.awaitKdc;
import static io.qmkdc.actor.Fixtures.awaitMember;
import static io.qmkdc.actor.Fixtures.group;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import java.time.Duration;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A member whose actor is gone when the KDC authenticates it: its session times out, the group is
 * keyed without it (it no longer holds the group back), no qubit is left behind, and a later Join of
 * the re-provisioned member authenticates it again.
 */
public class KdcAuthTimeoutTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    @Test
    public void aDeadMemberTimesOutTheGroupIsKeyedWithoutItAndAJoinAuthenticatesItAgain() {
        QmKdc.Settings settings = new QmKdc.Settings(LinkProfile.gys(), 150_000, Duration.ofSeconds(10),
                Duration.ofMillis(300), new Authenticator.Settings(EprAuthentication.Mode.HARDENED, 8, 0.25, 0.0,
                        Duration.ofMillis(300)), 31);
        Deployment d = Fixtures.deploy(testKit, "dead", settings,
                List.of(new Deployment.GroupPlan("g1", 10, "NORMAL", List.of("a1", "a2"), List.of())));
        TestProbe<Object> watcher = testKit.createTestProbe();
        testKit.stop(d.members.get("a2"));
        watcher.expectTerminated(d.members.get("a2"), Fixtures.WAIT);

        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("dead", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        QmKdc.Status s = awaitKdc(testKit, d, st -> group(st, "g1").installedEpoch() == 0);
        Authenticator.Completed a2 = s.auth().stream().filter(c -> c.member().equals("a2")).findFirst().orElseThrow();
        assertTrue(a2.reason(), a2.timedOut());
        assertEquals("keyed without the dead member", List.of("a1"), group(s, "g1").members());
        assertEquals("no leftover qubits", 0, d.registry.liveQubitCount());

        // Re-provisioned (a new actor, a new K_c) and joined: authenticated again, a new epoch that includes it.
        d.kdc.tell(new QmKdc.Join("g1", d.member("a2", "g1", false)));
        s = awaitKdc(testKit, d, st -> group(st, "g1").installedEpoch() == 1);
        assertEquals(java.util.Set.of("a1", "a2"), java.util.Set.copyOf(group(s, "g1").members()));
        List<Authenticator.Completed> sessions = s.auth().stream().filter(c -> c.member().equals("a2")).toList();
        assertEquals(2, sessions.size());
        assertTrue(sessions.get(1).reason(), sessions.get(1).passed());
        Member.Status back = awaitMember(testKit, d, "a2", m -> m.epoch() == 1);
        assertTrue(back.authenticated());
        assertFalse(Fixtures.memberStatus(testKit, d, "a1").epoch() < 0);
        assertEquals(0, d.registry.liveQubitCount());
    }

    /**
     * The cluster's order when the member's node is downed quickly: re-provisioning (Leave, Join)
     * arrives while the dead member's first session still waits (8 rounds × 300 ms). The new session authenticates it;
     * the old one's later timeout must neither drop the re-joined member nor hold the group back —
     * so a later Leave still removes it and re-keys the group.
     */
    @Test
    public void aSessionReplacedByReProvisioningTimesOutWithoutUndoingTheNewOne() {
        QmKdc.Settings settings = new QmKdc.Settings(LinkProfile.gys(), 150_000, Duration.ofSeconds(10),
                Duration.ofMillis(300), new Authenticator.Settings(EprAuthentication.Mode.HARDENED, 8, 0.25, 0.0,
                        Duration.ofMillis(300)), 32);
        Deployment d = Fixtures.deploy(testKit, "replaced", settings,
                List.of(new Deployment.GroupPlan("r1", 10, "NORMAL", List.of("b1", "b2"), List.of())));
        TestProbe<Object> watcher = testKit.createTestProbe();
        testKit.stop(d.members.get("b2"));
        watcher.expectTerminated(d.members.get("b2"), Fixtures.WAIT);
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("replaced", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());

        d.kdc.tell(new QmKdc.Leave("r1", "b2"));
        d.kdc.tell(new QmKdc.Join("r1", d.member("b2", "r1", false)));
        QmKdc.Status s = awaitKdc(testKit, d, st -> st.auth().size() == 3
                && st.auth().stream().anyMatch(Authenticator.Completed::timedOut) && group(st, "r1").installedEpoch() >= 0);
        assertEquals("old session (timed out) and new one of b2, and b1's", 3, s.auth().size());
        assertTrue(s.auth().stream().filter(c -> c.member().equals("b2")).anyMatch(Authenticator.Completed::passed));
        assertEquals(java.util.Set.of("b1", "b2"), java.util.Set.copyOf(group(s, "r1").members()));
        long epoch = group(s, "r1").epoch();
        awaitMember(testKit, d, "b2", m -> m.epoch() == epoch);

        d.kdc.tell(new QmKdc.Leave("r1", "b2"));
        s = awaitKdc(testKit, d, st -> group(st, "r1").installedEpoch() == epoch + 1);
        assertEquals("the Leave removed it", List.of("b1"), group(s, "r1").members());
        assertEquals(0, d.registry.liveQubitCount());
    }
}
