package io.qmkdc.actor.link;

import static io.qmkdc.actor.link.LinkActorsTest.WAIT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.crypto.Priority;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/** Each link attack leaves the trace theory predicts and the link reacts (abort, rejection, retry). */
public class LinkAttacksTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static LinkActorsTest.Link attacked(String name, String strategy, double fraction, int count, long seed) {
        return attacked(name, 10, strategy, fraction, count, seed);
    }

    private static LinkActorsTest.Link attacked(String name, double km, String strategy, double fraction, int count,
            long seed) {
        LinkActorsTest.Link l = LinkActorsTest.link(testKit, name, km, seed, Duration.ofSeconds(2), Duration.ofMillis(200));
        ActorRef<Eavesdropper.Command> eve = testKit.spawn(Eavesdropper.create(name + "-eve", strategy, fraction, count,
                new QuantumRegistry(new SplittableRandom(seed)), seed));
        TestProbe<QuantumChannel.TapChanged> attached = testKit.createTestProbe();
        eve.tell(new Eavesdropper.AttachTo(l.channel(), attached.getRef()));
        attached.expectMessageClass(QuantumChannel.TapChanged.class, WAIT);
        l.alice().tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        return l;
    }

    @Test
    public void photonNumberSplittingIsCaughtByTheDecoyBoundNotByQber() {
        // At 50 km Eve blocks every single photon and still matches the honest gain (PnsCalibration);
        // the vacuum + weak decoy bound then finds no single-photon yield.
        LinkActorsTest.Link l = attacked("pns", 50, "pns", 0, 0, 11);
        LinkEvent.Aborted a = l.kdc().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        assertTrue(a.reason(), a.reason().contains("Y1_L <= 0"));
        assertTrue("PNS leaves the QBER at the honest level: " + a.qber(), a.qber() < 0.06);
    }

    @Test
    public void denialLeavesNothingToSift() {
        LinkActorsTest.Link l = attacked("denial", "denial", 0, 0, 12);
        LinkEvent.Aborted a = l.kdc().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        assertTrue(a.reason(), a.reason().contains("too few sifted bits"));
    }

    @Test
    public void aFlippedClassicalMessageIsRejectedAndTheRoundRetried() {
        LinkActorsTest.Link l = attacked("flip", "tamper-flip", 0, 1, 13);
        // The first classical message is Bob's bases: Alice's MAC check fails.
        LinkEvent.Tampered t = l.kdc().expectMessageClass(LinkEvent.Tampered.class, WAIT);
        assertTrue(t.reason(), t.reason().contains("MAC invalid"));
        LinkEvent.Aborted a = l.kdc().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        assertTrue(a.reason(), a.reason().contains("timeout"));
        LinkEvent.Keyed k = l.kdc().expectMessageClass(LinkEvent.Keyed.class, WAIT);
        assertEquals("the retry keys the link", 1, k.round());
    }

    @Test
    public void aReplayedClassicalMessageIsRejectedWithoutStoppingTheRound() {
        LinkActorsTest.Link l = attacked("replay", "tamper-replay", 0, 1, 14);
        LinkEvent.Tampered t = l.kdc().expectMessageClass(LinkEvent.Tampered.class, WAIT);
        assertTrue(t.reason(), t.reason().contains("replayed"));
        assertEquals(0, l.kdc().expectMessageClass(LinkEvent.Keyed.class, WAIT).round());
    }

    @Test
    public void aDroppedClassicalMessageTimesTheRoundOut() {
        LinkActorsTest.Link l = attacked("drop", "tamper-drop", 0, 1, 15);
        LinkEvent.Aborted a = l.kdc().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        assertTrue(a.reason(), a.reason().contains("timeout"));
        assertEquals(1, l.kdc().expectMessageClass(LinkEvent.Keyed.class, WAIT).round());
    }

    @Test
    public void detachingTheEavesdropperLetsTheRetryKeyTheLink() {
        LinkActorsTest.Link l = LinkActorsTest.link(testKit, "detach", 10, 16, Duration.ofSeconds(5), Duration.ofMillis(300));
        ActorRef<Eavesdropper.Command> eve = testKit.spawn(Eavesdropper.create("detach-eve", "intercept-resend", 0.6, 0,
                new QuantumRegistry(new SplittableRandom(16)), 16));
        TestProbe<QuantumChannel.TapChanged> attached = testKit.createTestProbe();
        eve.tell(new Eavesdropper.AttachTo(l.channel(), attached.getRef()));
        attached.expectMessageClass(QuantumChannel.TapChanged.class, WAIT);
        l.alice().tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        // fraction 0.6: QBER ≈ 0.6/4 + 3.3 % ≈ 18 % > P_o.
        LinkEvent.Aborted a = l.kdc().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        assertTrue("QBER " + a.qber(), a.qber() > 0.13);
        eve.tell(new Eavesdropper.DetachFrom(l.channel(), null));
        TestProbe<LinkEvent> kdc = l.kdc();
        LinkEvent next;
        do {
            next = kdc.receiveMessage(WAIT);
        } while (!(next instanceof LinkEvent.Keyed));
        assertTrue(((LinkEvent.Keyed) next).qber() < 0.06);
    }

    @Test
    public void aForgedQubitHandleDoesNotStopTheChannel() {
        LinkActorsTest.Link l = LinkActorsTest.link(testKit, "forged", 10, 17, Duration.ofSeconds(5), Duration.ofMillis(300));
        // No such qubit: the registry refuses the handle; the channel logs it and keeps its state.
        l.channel().tell(new QuantumChannel.CarryPairHalf("s", 0, new io.qmkdc.quantum.QubitRef("qr-none", 0, 42L),
                "member:nobody", null, null));
        l.alice().tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        assertEquals(0, l.kdc().expectMessageClass(LinkEvent.Keyed.class, WAIT).round());
    }
}
