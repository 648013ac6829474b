package io.qmkdc.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.GroupTraffic;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QmKdc;
import io.qmkdc.actor.ReliableTraffic;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupSender;
import io.qmkdc.gkm.GroupState;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.QuantumRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Group key epochs of KDC incarnations (KdcHost singleton restarts): every epoch of a newer
 * incarnation exceeds every epoch of an older one, so a member's stale-epoch checks also refuse an
 * older incarnation's keys and traffic. One JVM keeps base 0.
 */
public class IncarnationEpochsTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long OLD_START = 1_764_000_000_000L; // wall-clock ms of the older incarnation
    private static final long NEW_START = OLD_START + 1; // the closest a later start can be
    private final GroupKeyDistribution distribution = new GroupKeyDistribution(new SecureRandom());

    /** A group of the older incarnation that went through {@code epochs} epochs. */
    private GroupState older(int epochs) {
        GroupState s = new GroupState("g", distribution, 2, KdcHost.epochBase(OLD_START));
        s.initialize(List.of("a", "b"));
        for (int i = 1; i < epochs; i++) {
            s.rekey("rekey " + i);
        }
        return s;
    }

    @Test
    public void aNewerIncarnationsFirstEpochExceedsEveryEpochOfAnOlderOne() {
        assertEquals(0, new QmKdc.Settings(LinkProfile.gys(), 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                new Authenticator.Settings(EprAuthentication.Mode.PAPER, 8, 0, 0), 1).epochBase());
        GroupState old = older(999); // 999 epochs within the one millisecond before the newer start
        GroupState newer = new GroupState("g", distribution, 2, KdcHost.epochBase(NEW_START));
        long first = newer.initialize(List.of("a")).epoch();
        assertTrue(old.currentEpoch() + " < " + first, old.currentEpoch() < first);
        assertTrue(KdcHost.epochBase(NEW_START + 60_000) > KdcHost.epochBase(NEW_START) + 1_000_000);
        assertThrows(ArithmeticException.class, () -> KdcHost.epochBase(Long.MAX_VALUE / 10));
        assertThrows(IllegalArgumentException.class, () -> new QmKdc.Settings(LinkProfile.gys(), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), new Authenticator.Settings(EprAuthentication.Mode.PAPER, 8, 0, 0), 1, -1));
    }

    @Test
    public void aMemberHoldingTheNewerIncarnationsKeyRefusesTheOlderIncarnationsKeysAndTraffic() {
        GroupState old = older(5);
        GroupState newer = new GroupState("g", distribution, 2, KdcHost.epochBase(NEW_START));
        newer.initialize(List.of("m"));
        GroupKey newKey = newer.currentKey();
        ActorRef<Member.Command> m = testKit.spawn(Member.create("m", "g", BitVector.random(64, new SplittableRandom(1)),
                new QuantumRegistry(new SplittableRandom(2)), null, null, 3), "member-m");
        m.tell(new Member.AuthenticationResult("s", true));
        m.tell(new Member.GroupKeyIssued("g", newKey.epoch(), 1, newKey.key().export()));
        assertEquals(newKey.epoch(), reliability(m).epoch());

        // An older incarnation's G_k (its epoch is numerically 4 past its base) is not installed.
        GroupKey oldKey = old.currentKey();
        m.tell(new Member.GroupKeyIssued("g", oldKey.epoch(), 2, oldKey.key().export()));
        assertEquals(newKey.epoch(), reliability(m).epoch());

        // Traffic sealed under the older incarnation's key is dropped as stale, unacknowledged.
        TestProbe<Member.Command> sender = testKit.createTestProbe();
        m.tell(new Member.DeliverReliable(new ReliableTraffic("x", 1, sender.getRef(), seal(oldKey, 3, "old"))));
        Member.Reliability r = reliability(m);
        assertEquals(1, r.staleEpoch());
        assertEquals(0, r.delivered());
        sender.expectNoMessage(Duration.ofMillis(200));

        // The same traffic under the newer key is delivered and acknowledged.
        m.tell(new Member.DeliverReliable(new ReliableTraffic("x", 2, sender.getRef(), seal(newKey, 3, "new"))));
        assertEquals(2, ((Member.Ack) sender.receiveMessage(WAIT)).seq());
        assertEquals(1, reliability(m).delivered());
    }

    @Test
    public void aMemberStillHoldingAnOlderIncarnationsKeyInstallsTheNewersFirstKey() {
        // Without bases the newer incarnation's epoch 0 would be refused by a member at epoch 4.
        GroupState old = older(5);
        GroupState newer = new GroupState("g", distribution, 2, KdcHost.epochBase(NEW_START));
        newer.initialize(List.of("n"));
        ActorRef<Member.Command> m = testKit.spawn(Member.create("n", "g", BitVector.random(64, new SplittableRandom(4)),
                new QuantumRegistry(new SplittableRandom(5)), null, null, 6), "member-n");
        m.tell(new Member.AuthenticationResult("s", true));
        m.tell(new Member.GroupKeyIssued("g", old.currentEpoch(), 1, old.currentKey().key().export()));
        assertEquals(old.currentEpoch(), reliability(m).epoch());
        m.tell(new Member.GroupKeyIssued("g", newer.currentEpoch(), 1, newer.currentKey().key().export()));
        assertEquals(newer.currentEpoch(), reliability(m).epoch());
    }

    private static GroupTraffic seal(GroupKey key, int senderIndex, String text) {
        GroupSender.Sending s = new GroupSender(key, senderIndex).seal(text.getBytes(StandardCharsets.UTF_8));
        return GroupTraffic.of(((GroupSender.Sent) s).message(), "x");
    }

    private static Member.Reliability reliability(ActorRef<Member.Command> m) {
        TestProbe<Member.Reliability> p = testKit.createTestProbe();
        m.tell(new Member.GetReliability(p.getRef()));
        return p.receiveMessage(WAIT);
    }
}
