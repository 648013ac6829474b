package io.qmkdc.actor.link;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Eavesdropper;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.Priority;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/** A BB84 link between the actor ends: keyed when clean (same key at both ends), aborted under attack. */
public class LinkActorsTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    static final Duration WAIT = Duration.ofSeconds(30);

    /** The two ends of one link with probes as their owners. */
    record Link(ActorRef<QuantumChannel.Command> channel, ActorRef<LinkAlice.Command> alice,
            TestProbe<LinkEvent> kdc, TestProbe<LinkEvent> terminal, LinkKeys kdcKeys, LinkKeys terminalKeys) {
    }

    static Link link(String name, double km, long seed) {
        return link(testKit, name, km, seed, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    static Link link(TestKitJunitResource testKit, String name, double km, long seed, Duration roundTimeout,
            Duration retry) {
        return link(testKit, name, km, seed, roundTimeout, retry, 4096);
    }

    static Link link(TestKitJunitResource testKit, String name, double km, long seed, Duration roundTimeout,
            Duration retry, int authKeyBytes) {
        LinkSettings settings = LinkSettings.modest(LinkProfile.gys(), km, 150_000).withTimeouts(roundTimeout, retry);
        byte[] auth = new byte[authKeyBytes];
        new SplittableRandom(seed).nextBytes(auth);
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(
                QuantumChannel.create(name, LinkProfile.gys(), km, new QuantumRegistry(new SplittableRandom(seed)), seed));
        TestProbe<LinkEvent> kdc = testKit.createTestProbe();
        TestProbe<LinkEvent> terminal = testKit.createTestProbe();
        LinkKeys kdcKeys = new LinkKeys(name);
        LinkKeys terminalKeys = new LinkKeys(name);
        testKit.spawn(LinkBob.create(name, settings, channel, terminal.getRef(), terminalKeys, auth));
        ActorRef<LinkAlice.Command> alice = testKit.spawn(
                LinkAlice.create(name, settings, channel, kdc.getRef(), kdcKeys, auth, seed + 1));
        return new Link(channel, alice, kdc, terminal, kdcKeys, terminalKeys);
    }

    @Test
    public void cleanLinkIsKeyedWithTheSameKeyAtBothEnds() {
        Link l = link("clean", 10, 1);
        l.alice().tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        LinkEvent.Keyed atKdc = l.kdc().expectMessageClass(LinkEvent.Keyed.class, WAIT);
        LinkEvent.Keyed atTerminal = l.terminal().expectMessageClass(LinkEvent.Keyed.class, WAIT);
        assertEquals(atKdc.round(), atTerminal.round());
        assertEquals(atKdc.finalBits(), atTerminal.finalBits());
        assertTrue("QBER near e_d = 3.3 %: " + atKdc.qber(), atKdc.qber() > 0.015 && atKdc.qber() < 0.06);
        assertTrue("some key: " + atKdc.finalBits(), atKdc.finalBits() > 4096);
        // Sifting, estimation, a Cascade block of ~2^17 bits (tens of batched round trips), verification, amplification.
        assertTrue("authenticated messages " + atKdc.messages(), atKdc.messages() > 10 && atKdc.messages() < 2000);
        KeyPool a = l.kdcKeys().pool(atKdc.round());
        KeyPool b = l.terminalKeys().pool(atKdc.round());
        assertEquals(a.availableBits(), b.availableBits());
        KeyPool.Drawn da = (KeyPool.Drawn) a.drawBits((int) a.availableBits());
        KeyPool.Drawn db = (KeyPool.Drawn) b.drawBits((int) b.availableBits());
        assertArrayEquals("both ends hold the same key", da.bytes(), db.bytes());
    }

    @Test
    public void interceptResendMakesTheLinkAbortOnQber() {
        Link l = link("tapped", 10, 2);
        ActorRef<Eavesdropper.Command> eve = testKit.spawn(
                Eavesdropper.create("eve", "intercept-resend", 1.0, 0, new QuantumRegistry(new SplittableRandom(3)), 3));
        TestProbe<QuantumChannel.TapChanged> attached = testKit.createTestProbe();
        eve.tell(new Eavesdropper.AttachTo(l.channel(), attached.getRef()));
        attached.expectMessageClass(QuantumChannel.TapChanged.class, WAIT);
        l.alice().tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        LinkEvent.Aborted aborted = l.kdc().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        // Full intercept-resend: QBER 25 % + intrinsic; the sample of ~3000 bits has σ < 1 %.
        assertTrue("QBER " + aborted.qber(), aborted.qber() > 0.2 && aborted.qber() < 0.32);
        assertTrue(aborted.reason(), aborted.reason().contains("threshold"));
        l.terminal().expectMessageClass(LinkEvent.Aborted.class, WAIT);
        assertEquals(-1, l.kdcKeys().latestRound());
        TestProbe<Eavesdropper.Report> report = testKit.createTestProbe();
        eve.tell(new Eavesdropper.GetReport(report.getRef()));
        assertTrue("Eve learned sifted bits", report.receiveMessage().siftedKnown() > 0);
    }

    @Test
    public void aLinkWhosePreSharedKeyCannotAuthenticateARoundAborts() {
        Link l = link(testKit, "starved", 10, 8, Duration.ofSeconds(2), Duration.ofSeconds(30), 256);
        l.alice().tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        // 256 bytes: 1024 bits per direction, 16 tags; Cascade needs many more. The end that runs
        // out says so; the KDC end sees the round time out.
        LinkEvent atTerminal = l.terminal().receiveMessage(WAIT);
        assertTrue(atTerminal.toString(), atTerminal instanceof LinkEvent.Aborted a
                && a.reason().contains("MAC key pool exhausted"));
        LinkEvent atKdc = l.kdc().receiveMessage(WAIT);
        assertTrue(atKdc.toString(), atKdc instanceof LinkEvent.Aborted a && a.reason().contains("timeout"));
    }
}
