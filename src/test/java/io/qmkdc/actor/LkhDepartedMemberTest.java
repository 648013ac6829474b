package io.qmkdc.actor;

import static io.qmkdc.actor.Fixtures.awaitKdc;
import static io.qmkdc.actor.Fixtures.awaitMember;
import static io.qmkdc.actor.Fixtures.group;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import io.qmkdc.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Forward and backward secrecy of LKH rekeying across actors in one JVM (issue 11). A member that left keeps
 * its actor and so every key it held (its tree path and G_k); the terminal still hands it the later multicast
 * rekey and reliable group traffic, and it opens neither (a member that stayed opens both: the check can fail).
 * A member that left for good ({@code Leave.departs}) and comes back as a new incarnation gets the messages sent
 * after its return, but none sent while it was away: before {@link Group.Departed} the senders kept re-sending
 * those to it and, once it rejoined, re-sealed them under an epoch it could open.
 */
public class LkhDepartedMemberTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final List<String> MEMBERS = List.of("k-a", "k-b", "k-c", "k-d", "k-e");

    @Test
    public void aDepartedMembersKeysOpenNothingLaterAndARejoinerGetsNothingOfItsAbsence() {
        Deployment d = Fixtures.deploy(testKit, "lkh", Fixtures.settings(EprAuthentication.Mode.HARDENED, 8, 21)
                .withRekey(RekeyPolicy.lkh(4, 100)), List.of(new Deployment.GroupPlan("k1", 10, "NORMAL", MEMBERS,
                        List.of(), QmKdc.PER_MEMBER)));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("lkh", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        d.members.get("k-a").tell(new Member.SetResendPolicy(100, 200, 200)); // re-sends often, for long
        long e0 = allAtOneEpoch(d, MEMBERS, -1);

        // Forward secrecy: k-b leaves, keeping its actor with its path keys and G_k of e0.
        Member.Status bBefore = Fixtures.memberStatus(testKit, d, "k-b");
        Member.TreeStatus bTree = tree(d, "k-b");
        d.kdc.tell(new QmKdc.Leave("k1", "k-b"));
        List<String> stay = List.of("k-a", "k-c", "k-d", "k-e");
        long e1 = allAtOneEpoch(d, stay, e0);
        d.members.get("k-a").tell(new Member.SendReliable(null, "after k-b left"));
        awaitMember(testKit, d, "k-c", m -> m.received().contains("after k-b left"));
        Member.Status b = awaitMember(testKit, d, "k-b", m -> m.rejected() > bBefore.rejected());
        assertFalse("the departed member heard the later message and did not open it", b.received()
                .contains("after k-b left"));
        assertEquals("its keys give it no later G_k", e0, b.epoch());
        Member.TreeStatus bt = Eventually.await(Fixtures.WAIT, Duration.ofMillis(50), () -> tree(d, "k-b"),
                t -> t.notOpened() > bTree.notOpened(), "the departed member hears the leave's multicast rekey");
        assertEquals("it opened no entry of the rekey up to the root", e0, bt.epoch());
        assertTrue(bt.toString(), bt.heldKeys() >= 2);
        assertEquals("contrast: a member that stayed opened the same rekey", e1, tree(d, "k-c").epoch());

        // Backward secrecy for a rejoiner: k-d leaves for good, k-a sends, k-d comes back as a new incarnation.
        d.kdc.tell(new QmKdc.Leave("k1", "k-d", true));
        List<String> rest = List.of("k-a", "k-c", "k-e");
        long e2 = allAtOneEpoch(d, rest, e1);
        d.members.get("k-a").tell(new Member.SendReliable(null, "while k-d was away"));
        awaitMember(testKit, d, "k-e", m -> m.received().contains("while k-d was away"));
        d.kdc.tell(new QmKdc.Join("k1", d.rejoin("k-d", "k1", d.groups.get("k1"), 2)));
        long e3 = allAtOneEpoch(d, List.of("k-a", "k-c", "k-d", "k-e"), e2);
        assertTrue(e3 > e2);
        d.members.get("k-a").tell(new Member.SendReliable(null, "after k-d came back"));
        awaitMember(testKit, d, "k-d", m -> m.received().contains("after k-d came back"));
        // k-a still re-sends its messages to k-b (it never acknowledges): several rounds after k-d came back.
        long resends = reliability(d, "k-a").resends();
        Eventually.await(Fixtures.WAIT, Duration.ofMillis(50), () -> reliability(d, "k-a"),
                r -> r.resends() >= resends + 6, "k-a re-sends a few times more");
        assertFalse("the rejoined member got nothing sent while it was away",
                Fixtures.memberStatus(testKit, d, "k-d").received().contains("while k-d was away"));
    }

    /** Waits until every one of {@code members} holds one epoch above {@code after}, installed at the KDC. */
    private static long allAtOneEpoch(Deployment d, List<String> members, long after) {
        return Eventually.await(Fixtures.WAIT, Duration.ofMillis(100), () -> {
            long e = group(Fixtures.kdcStatus(testKit, d), "k1").installedEpoch();
            for (String m : members) {
                if (Fixtures.memberStatus(testKit, d, m).epoch() != e) {
                    return -1L;
                }
            }
            return e;
        }, e -> e > after, "one epoch above " + after + " at " + members);
    }

    private static Member.TreeStatus tree(Deployment d, String m) {
        TestProbe<Member.TreeStatus> p = testKit.createTestProbe();
        d.members.get(m).tell(new Member.GetTreeStatus(p.getRef()));
        return p.receiveMessage(Fixtures.WAIT);
    }

    private static Member.Reliability reliability(Deployment d, String m) {
        TestProbe<Member.Reliability> p = testKit.createTestProbe();
        d.members.get(m).tell(new Member.GetReliability(p.getRef()));
        return p.receiveMessage(Fixtures.WAIT);
    }
}
