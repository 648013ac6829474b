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
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.scenario.Deployment;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The whole scheme over messages: initialize, authenticate, link keys, group keys, same-group
 * traffic, relay, tampering, join and leave epochs, and refusal of an impostor.
 */
public class KdcFlowTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    @Test
    public void initializeIsRejectedWithOneLinePerProblem() {
        Deployment d = Fixtures.deploy(testKit, "bad", Fixtures.settings(EprAuthentication.Mode.HARDENED, 8, 1),
                List.of(new Deployment.GroupPlan("g1", 10, "NORMAL", List.of("a"), List.of())));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        QmKdc.Initialize good = d.initialize("s", reply.getRef());
        QmKdc.GroupSpec g = good.groups().get(0);
        QmKdc.GroupSpec duplicate = new QmKdc.GroupSpec("g1", 10, "NORMAL", g.group(), g.channel(), g.linkAuthKey(),
                List.of(g.members().get(0), g.members().get(0)));
        QmKdc.GroupSpec empty = new QmKdc.GroupSpec("g2", 10, "NORMAL", g.group(), null, g.linkAuthKey(), List.of());
        d.kdc.tell(new QmKdc.Initialize("s", List.of(g, duplicate, empty), reply.getRef()));
        QmKdc.InitializeReply r = reply.receiveMessage(Fixtures.WAIT);
        assertFalse(r.accepted());
        assertTrue(r.problems().toString(), r.problems().contains("groups[1].id: duplicate 'g1'"));
        assertTrue(r.problems().toString(), r.problems().contains("groups[1].members[1].id: duplicate 'a'"));
        assertTrue(r.problems().toString(), r.problems().contains("groups[2].members: empty group"));
        assertTrue(r.problems().toString(), r.problems().contains("groups[2].channel: unknown link (no quantum channel)"));
        d.kdc.tell(new QmKdc.Initialize("s", List.of(), reply.getRef()));
        assertEquals(List.of("groups: empty (at least one group is needed)"), reply.receiveMessage(Fixtures.WAIT).problems());
    }

    @Test
    public void groupsGetKeysTrafficFlowsAndEpochsFollowMembership() {
        Deployment d = Fixtures.deploy(testKit, "flow", Fixtures.settings(EprAuthentication.Mode.HARDENED, 16, 2),
                List.of(new Deployment.GroupPlan("g1", 10, "NORMAL", List.of("a1", "a2", "a3"), List.of("x1")),
                        new Deployment.GroupPlan("g2", 35, "TOP_SECRET", List.of("b1", "b2"), List.of())));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("flow", reply.getRef()));
        QmKdc.InitializeReply r = reply.receiveMessage(Fixtures.WAIT);
        assertTrue(r.problems().toString(), r.accepted());
        assertEquals(List.of("g1", "g2"), r.groups());

        QmKdc.Status s = awaitKdc(testKit, d, st -> st.groups().stream().allMatch(g -> g.installedEpoch() == 0));
        assertEquals(java.util.Set.of("a1", "a2", "a3"), java.util.Set.copyOf(group(s, "g1").members()));
        assertTrue(group(s, "g1").privateKeyBits() > 0);
        Authenticator.Completed impostor = s.auth().stream().filter(a -> a.member().equals("x1")).findFirst().orElseThrow();
        assertFalse("impostor refused", impostor.passed());
        assertTrue(impostor.failedRounds() > 0);
        assertTrue(s.auth().stream().filter(a -> !a.member().equals("x1")).allMatch(Authenticator.Completed::passed));

        Member.Status a1 = awaitMember(testKit, d, "a1", m -> m.epoch() == 0);
        assertTrue(a1.authenticated());
        Member.Status x1 = Fixtures.memberStatus(testKit, d, "x1");
        assertFalse(x1.authenticated());
        assertEquals("the refused member gets no group key", -1, x1.epoch());

        // Same-group traffic (paper 2.4).
        d.members.get("a1").tell(new Member.SendToGroup("hello g1"));
        awaitMember(testKit, d, "a2", m -> m.received().contains("hello g1"));
        awaitMember(testKit, d, "a3", m -> m.received().contains("hello g1"));
        // Cross-group relay (paper 2.5): a1 -> every member of g2.
        awaitMember(testKit, d, "b1", m -> m.epoch() == 0);
        d.members.get("a2").tell(new Member.SendToOtherGroup("g2", "from g1 to g2"));
        awaitMember(testKit, d, "b1", m -> m.received().contains("from g1 to g2"));
        awaitMember(testKit, d, "b2", m -> m.received().contains("from g1 to g2"));
        awaitKdc(testKit, d, st -> st.relayed() == 1);

        // Join: a new epoch for g1, the newcomer gets the new key only.
        QmKdc.MemberSpec a4 = d.member("a4", "g1", false);
        d.kdc.tell(new QmKdc.Join("g1", a4));
        awaitKdc(testKit, d, st -> group(st, "g1").installedEpoch() == 1);
        assertEquals(1, awaitMember(testKit, d, "a4", m -> m.epoch() == 1).epoch());
        awaitMember(testKit, d, "a1", m -> m.epoch() == 1);
        // Leave: a3 departs, epoch 2; later traffic does not reach it.
        d.kdc.tell(new QmKdc.Leave("g1", "a3"));
        awaitKdc(testKit, d, st -> group(st, "g1").installedEpoch() == 2);
        awaitMember(testKit, d, "a1", m -> m.epoch() == 2);
        awaitMember(testKit, d, "a4", m -> m.epoch() == 2);
        d.members.get("a1").tell(new Member.SendToGroup("after a3 left"));
        awaitMember(testKit, d, "a4", m -> m.received().contains("after a3 left"));
        Member.Status a3 = Fixtures.memberStatus(testKit, d, "a3");
        assertEquals(1, a3.epoch());
        assertFalse(a3.received().contains("after a3 left"));
        assertFalse("the newcomer cannot read traffic of before it joined",
                Fixtures.memberStatus(testKit, d, "a4").received().contains("hello g1"));
    }

    @Test
    public void tamperedTrafficIsRejectedAndCounted() {
        Deployment d = Fixtures.deploy(testKit, "tamper", Fixtures.settings(EprAuthentication.Mode.PAPER, 8, 3),
                List.of(new Deployment.GroupPlan("t1", 10, "NORMAL", List.of("p1", "p2"), List.of()),
                        new Deployment.GroupPlan("t2", 10, "NORMAL", List.of("q1"), List.of())));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("tamper", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        awaitKdc(testKit, d, st -> st.groups().stream().allMatch(g -> g.installedEpoch() == 0));
        awaitMember(testKit, d, "p2", m -> m.epoch() == 0);
        awaitMember(testKit, d, "q1", m -> m.epoch() == 0);
        // A member whose outgoing traffic the test captures (it publishes through a probe).
        TestProbe<Group.Command> wire = testKit.createTestProbe();
        d.kdc.tell(new QmKdc.Join("t1", d.member("p3", "t1", false, wire.getRef())));
        awaitMember(testKit, d, "p3", m -> m.epoch() == 1);
        awaitMember(testKit, d, "p2", m -> m.epoch() == 1);
        d.members.get("p3").tell(new Member.SendToGroup("genuine"));
        GroupTraffic captured = ((Group.Publish) wire.receiveMessage(Fixtures.WAIT)).traffic();
        d.members.get("p2").tell(new Member.Deliver(captured.tampered()));
        awaitMember(testKit, d, "p2", m -> m.rejected() == 1);
        assertTrue(Fixtures.memberStatus(testKit, d, "p2").received().isEmpty());
        // The genuine message is accepted once; its replay is refused.
        d.members.get("p2").tell(new Member.Deliver(captured));
        d.members.get("p2").tell(new Member.Deliver(captured));
        Member.Status p2 = awaitMember(testKit, d, "p2", m -> m.rejected() == 2);
        assertEquals(List.of("genuine"), p2.received());
        d.kdc.tell(new QmKdc.RelayToGroup("t2", captured.tampered()));
        awaitKdc(testKit, d, st -> st.relayRejected() == 1);
        // The untouched message still goes through the relay.
        d.kdc.tell(new QmKdc.RelayToGroup("t2", captured));
        awaitMember(testKit, d, "q1", m -> m.received().size() == 1);
        assertEquals(0, Fixtures.kdcStatus(testKit, d).relayed() - 1);
    }

    @Test
    public void noGroupKeyLeavesTheKdcOverACompromisedLink() {
        Deployment d = Fixtures.deploy(testKit, "comp", Fixtures.settings(EprAuthentication.Mode.HARDENED, 8, 4),
                List.of(new Deployment.GroupPlan("k1", 10, "NORMAL", List.of("k-a", "k-b"), List.of())));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("comp", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        awaitKdc(testKit, d, st -> group(st, "k1").installedEpoch() == 0);
        akka.actor.typed.ActorRef<Eavesdropper.Command> eve = testKit.spawn(Eavesdropper.create("comp-eve",
                "intercept-resend", 1.0, 0, d.registry, 4), "comp-eve");
        TestProbe<QuantumChannel.TapChanged> ack = testKit.createTestProbe();
        eve.tell(new Eavesdropper.AttachTo(d.channels.get("k1"), ack.getRef()));
        ack.receiveMessage(Fixtures.WAIT);
        d.kdc.tell(new QmKdc.Reinitialize(List.of("k1"), "test"));
        QmKdc.Status s = awaitKdc(testKit, d, st -> group(st, "k1").compromised());
        assertTrue(group(s, "k1").abortQber() > 0.2);
        // A member joins while the link is compromised: authenticated, a new epoch at the KDC, but no C(G_k) is sent.
        d.kdc.tell(new QmKdc.Join("k1", d.member("k-c", "k1", false)));
        s = awaitKdc(testKit, d, st -> st.auth().size() == 3 && group(st, "k1").epoch() == 1);
        assertEquals("nothing delivered over the compromised link", 0, group(s, "k1").installedEpoch());
        assertEquals(-1, Fixtures.memberStatus(testKit, d, "k-c").epoch());
        // Eve leaves; the scheduled retry keys the link and the group re-keys.
        eve.tell(new Eavesdropper.DetachFrom(d.channels.get("k1"), ack.getRef()));
        ack.receiveMessage(Fixtures.WAIT);
        s = awaitKdc(testKit, d, st -> !group(st, "k1").compromised() && group(st, "k1").installedEpoch() >= 1);
        long epoch = group(s, "k1").installedEpoch();
        awaitMember(testKit, d, "k-c", m -> m.epoch() == epoch);
    }

    @Test
    public void perMemberKeyingRunsOneLinkPerMemberAndWrapsGkPerMember() {
        Deployment d = Fixtures.deploy(testKit, "pm", Fixtures.settings(EprAuthentication.Mode.HARDENED, 8, 5),
                List.of(new Deployment.GroupPlan("pm1", 20, "NORMAL", List.of("m1", "m2", "m3"), List.of("mx"),
                        QmKdc.PER_MEMBER)));
        assertEquals("one channel per member", 4, d.channelsOf("pm1").size());
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("pm", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        QmKdc.Status s = awaitKdc(testKit, d, st -> group(st, "pm1").installedEpoch() == 0);
        assertEquals(java.util.Set.of("m1", "m2", "m3"), java.util.Set.copyOf(group(s, "pm1").members()));
        assertEquals("the impostor gets no key over its own link either", -1,
                Fixtures.memberStatus(testKit, d, "mx").epoch());
        awaitMember(testKit, d, "m2", m -> m.epoch() == 0);
        awaitMember(testKit, d, "m3", m -> m.epoch() == 0);
        d.members.get("m1").tell(new Member.SendToGroup("per-member hello"));
        awaitMember(testKit, d, "m2", m -> m.received().contains("per-member hello"));
        awaitMember(testKit, d, "m3", m -> m.received().contains("per-member hello"));
        d.kdc.tell(new QmKdc.Join("pm1", d.member("m4", "pm1", false)));
        awaitKdc(testKit, d, st -> group(st, "pm1").installedEpoch() == 1);
        awaitMember(testKit, d, "m4", m -> m.epoch() == 1);
    }

    @Test
    public void highAndTopSecretTrafficGoHopByHopUnderQkdKeyAndAShortPoolRefusesWithTheReason() {
        Deployment d = Fixtures.deploy(testKit, "secret", Fixtures.settings(EprAuthentication.Mode.PAPER, 8, 6),
                List.of(new Deployment.GroupPlan("s1", 10, "NORMAL", List.of("s-a", "s-b", "s-c"), List.of(),
                        QmKdc.PER_MEMBER),
                        new Deployment.GroupPlan("s2", 10, "NORMAL", List.of("t-a", "t-b"), List.of())));
        TestProbe<QmKdc.InitializeReply> reply = testKit.createTestProbe();
        d.kdc.tell(d.initialize("secret", reply.getRef()));
        assertTrue(reply.receiveMessage(Fixtures.WAIT).accepted());
        awaitKdc(testKit, d, st -> st.groups().stream().allMatch(g -> g.installedEpoch() == 0));
        for (String m : List.of("s-a", "s-b", "s-c")) {
            awaitMember(testKit, d, m, st -> st.epoch() == 0);
        }
        d.members.get("s-a").tell(new Member.SendToGroup("one-time padded", io.qmkdc.crypto.Sensitivity.TOP_SECRET));
        d.members.get("s-b").tell(new Member.SendToGroup("fresh key", io.qmkdc.crypto.Sensitivity.HIGH));
        awaitMember(testKit, d, "s-b", m -> m.received().contains("one-time padded"));
        awaitMember(testKit, d, "s-c", m -> m.received().containsAll(List.of("one-time padded", "fresh key")));
        awaitMember(testKit, d, "s-a", m -> m.received().contains("fresh key"));
        awaitKdc(testKit, d, st -> st.secretRelayed() == 4);
        // Longer than the sender's QKD key: refused at the sender, with the reason, nothing sent.
        d.members.get("s-a").tell(new Member.SendToGroup("x".repeat(200_000), io.qmkdc.crypto.Sensitivity.TOP_SECRET));
        Member.Status a = awaitMember(testKit, d, "s-a", m -> m.lastRefusal().contains("key pool short"));
        assertTrue(a.lastRefusal(), a.lastRefusal().startsWith("TOP_SECRET refused"));
        // Per-group keying keeps QKD key at the terminal: a member cannot send TOP_SECRET itself.
        awaitMember(testKit, d, "t-a", m -> m.epoch() == 0);
        d.members.get("t-a").tell(new Member.SendToGroup("nope", io.qmkdc.crypto.Sensitivity.TOP_SECRET));
        awaitMember(testKit, d, "t-a", m -> m.lastRefusal().contains("per-member keying"));
    }
}
