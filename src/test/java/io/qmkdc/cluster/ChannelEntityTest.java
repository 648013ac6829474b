package io.qmkdc.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.actor.link.LinkAlice;
import io.qmkdc.actor.link.LinkBob;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.QubitRef;
import java.time.Duration;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The BB84 channel as a sharded entity (spawned directly here; every message goes through CBOR): it is empty until a
 * provision, answers probes with its incarnation, emulates rounds to both link ends, runs link attacks as its own
 * taps (attach, report, detach), and a newer incarnation replaces the channel and drops the old taps.
 * {@link ChannelSplit} sends EPR halves to the channel beside the registry and everything else to the entity.
 */
public class ChannelEntityTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static long probe(ActorRef<QuantumChannel.Inbound> entity) {
        TestProbe<MemberEntity.ProbeReply> reply = testKit.createTestProbe();
        entity.tell(new MemberEntity.Probe(0, reply.getRef()));
        return reply.receiveMessage(WAIT).incarnation();
    }

    /** One round of {@code pulses}; the number of frames seen by each end. */
    private static int round(ActorRef<QuantumChannel.Inbound> entity, TestProbe<LinkAlice.Command> alice, TestProbe<LinkBob.Command> bob,
            int round, long pulses) {
        entity.tell(new QuantumChannel.Transmit(round, pulses));
        int frames = 0;
        boolean last = false;
        while (!last) {
            LinkAlice.Emitted e = alice.expectMessageClass(LinkAlice.Emitted.class, WAIT);
            LinkBob.Detected d = bob.expectMessageClass(LinkBob.Detected.class, WAIT);
            assertEquals(round, e.round());
            assertEquals("both ends get the same detections", e.basis().length, d.basis().length);
            last = e.last();
            frames++;
        }
        return frames;
    }

    @Test
    public void provisionedChannelCarriesRoundsAndRunsLinkAttacksAsItsOwnTaps() {
        ActorRef<QuantumChannel.Inbound> entity = testKit.spawn(ChannelEntity.create("g9"), "channel-g9");
        assertEquals("empty before a provision", -1, probe(entity));
        entity.tell(new ChannelEntity.Provision(5, LinkProfile.gys(), 10, 42));
        assertEquals(5, probe(entity));

        TestProbe<LinkAlice.Command> alice = testKit.createTestProbe();
        TestProbe<LinkBob.Command> bob = testKit.createTestProbe();
        entity.tell(new QuantumChannel.ConnectKdcEnd(alice.getRef()));
        entity.tell(new QuantumChannel.ConnectTerminal(bob.getRef()));
        assertTrue(round(entity, alice, bob, 0, 200_000) >= 1);

        TestProbe<QuantumChannel.TapChanged> tap = testKit.createTestProbe();
        entity.tell(new ChannelEntity.Tap(4, "a1", "intercept-resend", 1.0, 1, 7, tap.getRef()));
        assertFalse("an older incarnation's attack is refused", tap.receiveMessage(WAIT).attached());
        entity.tell(new ChannelEntity.Tap(5, "a1", "intercept-resend", 1.0, 1, 7, tap.getRef()));
        QuantumChannel.TapChanged attached = tap.receiveMessage(WAIT);
        assertTrue(attached.attached());
        assertEquals("g9", attached.link());
        assertEquals(1, attached.taps());

        round(entity, alice, bob, 1, 200_000);
        TestProbe<Eavesdropper.Report> report = testKit.createTestProbe();
        // Eve hears of a frame after both ends got it: ask until her report has it.
        Eavesdropper.Report r = io.qmkdc.testing.Eventually.await(WAIT, Duration.ofMillis(50), () -> {
            entity.tell(new ChannelEntity.Report("a1", report.getRef()));
            return report.receiveMessage(WAIT);
        }, x -> x.framesSeen() >= 1, "Eve's report of the tapped round");
        assertEquals("intercept-resend", r.strategy());
        assertTrue("Eve saw the tapped round's frames", r.framesSeen() >= 1);
        // Fraction 1: she measured every pulse, so she knows about half of thousands of sifted bits.
        assertTrue(r.siftedSeen() + " sifted, " + r.siftedKnown() + " known", r.siftedKnown() > 0);

        entity.tell(new ChannelEntity.Untap("a1", tap.getRef()));
        QuantumChannel.TapChanged detached = tap.receiveMessage(WAIT);
        assertFalse(detached.attached());
        assertEquals(0, detached.taps());
        entity.tell(new ChannelEntity.Report("a1", report.getRef()));
        report.expectNoMessage(Duration.ofMillis(300));

        entity.tell(new ChannelEntity.Tap(5, "a2", "denial", 1.0, 1, 8, tap.getRef()));
        assertTrue(tap.receiveMessage(WAIT).attached());
        entity.tell(new ChannelEntity.Provision(6, LinkProfile.gys(), 10, 43));
        assertEquals(6, probe(entity));
        entity.tell(new ChannelEntity.Report("a2", report.getRef()));
        report.expectNoMessage(Duration.ofMillis(300));
        entity.tell(new ChannelEntity.Tap(5, "a3", "denial", 1.0, 1, 9, tap.getRef()));
        assertFalse("the replaced incarnation's attacks are refused", tap.receiveMessage(WAIT).attached());
        entity.tell(new ChannelEntity.Provision(5, LinkProfile.gys(), 10, 44));
        assertEquals("an older provision does not replace a newer one", 6, probe(entity));
    }

    @Test
    public void splitSendsEprHalvesBesideTheRegistryAndTheRestToTheEntity() {
        TestProbe<QuantumChannel.Inbound> entity = testKit.createTestProbe();
        TestProbe<QuantumChannel.Command> epr = testKit.createTestProbe();
        ActorRef<QuantumChannel.Command> split = testKit.spawn(ChannelSplit.of(entity.getRef(), epr.getRef()), "split");
        split.tell(new QuantumChannel.Transmit(3, 1000));
        split.tell(new QuantumChannel.CarryReturn("s", 1, new QubitRef("r1", 0, 2L), null));
        assertEquals(3, entity.expectMessageClass(QuantumChannel.Transmit.class, WAIT).round());
        assertEquals("s", epr.expectMessageClass(QuantumChannel.CarryReturn.class, WAIT).session());
        entity.expectNoMessage(Duration.ofMillis(200));
    }
}
