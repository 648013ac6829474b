package io.qmkdc.actor;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.link.Authenticated;
import io.qmkdc.actor.link.LinkBob;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The channel is a fiber: a tap detached while it still holds a classical message must not let the next message
 * overtake it, or the terminal's one-time MAC refuses the late one as a replay (a false tamper alarm). On the
 * channel without {@link ClassicalOrder} the terminal receives #1 before #0 and this test fails.
 */
public class ClassicalOrderTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Authenticated message(long sequence) {
        return new Authenticated("order", "Bases", new byte[] {(byte) sequence}, sequence, 0);
    }

    private record Tapped(ActorRef<QuantumChannel.Command> channel, TestProbe<LinkBob.Command> terminal,
            TestProbe<Eavesdropper.Command> tap, TestProbe<QuantumChannel.TapChanged> changed) {
    }

    /** A channel whose terminal is a probe, with one probe tap attached (it holds what it is given until told). */
    private static Tapped tapped(String link, long seed) {
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(QuantumChannel.create(link, LinkProfile.gys(), 10,
                new QuantumRegistry(new SplittableRandom(seed)), seed));
        TestProbe<LinkBob.Command> terminal = testKit.createTestProbe();
        channel.tell(new QuantumChannel.ConnectTerminal(terminal.getRef()));
        TestProbe<Eavesdropper.Command> tap = testKit.createTestProbe();
        TestProbe<QuantumChannel.TapChanged> changed = testKit.createTestProbe();
        channel.tell(new QuantumChannel.Attach(tap.getRef(), "tamper-drop", 0, changed.getRef()));
        assertEquals(1, changed.expectMessageClass(QuantumChannel.TapChanged.class, WAIT).taps());
        return new Tapped(channel, terminal, tap, changed);
    }

    @Test
    public void aMessageSentAfterADetachWaitsForTheOneStillPassingTheTap() {
        Tapped t = tapped("order", 1);
        ActorRef<QuantumChannel.Command> channel = t.channel();
        TestProbe<LinkBob.Command> terminal = t.terminal();
        TestProbe<Eavesdropper.Command> tap = t.tap();
        TestProbe<QuantumChannel.TapChanged> changed = t.changed();

        channel.tell(new QuantumChannel.ToTerminal(message(0)));
        Eavesdropper.ClassicalInTransit held = tap.expectMessageClass(Eavesdropper.ClassicalInTransit.class, WAIT);
        channel.tell(new QuantumChannel.Detach(tap.getRef(), changed.getRef()));
        assertEquals(0, changed.expectMessageClass(QuantumChannel.TapChanged.class, WAIT).taps());
        channel.tell(new QuantumChannel.ToTerminal(message(1)));
        terminal.expectNoMessage(Duration.ofMillis(200));

        channel.tell(new QuantumChannel.ClassicalPassed(held.transit(), held.message(), 0));
        assertEquals(0, terminal.expectMessageClass(LinkBob.FromKdc.class, WAIT).message().sequence());
        assertEquals(1, terminal.expectMessageClass(LinkBob.FromKdc.class, WAIT).message().sequence());
    }

    @Test
    public void aDroppedMessageGivesUpItsPlace() {
        Tapped t = tapped("order-drop", 2);
        ActorRef<QuantumChannel.Command> channel = t.channel();
        TestProbe<LinkBob.Command> terminal = t.terminal();
        TestProbe<Eavesdropper.Command> tap = t.tap();

        channel.tell(new QuantumChannel.ToTerminal(message(0)));
        channel.tell(new QuantumChannel.ToTerminal(message(1)));
        Eavesdropper.ClassicalInTransit first = tap.expectMessageClass(Eavesdropper.ClassicalInTransit.class, WAIT);
        Eavesdropper.ClassicalInTransit second = tap.expectMessageClass(Eavesdropper.ClassicalInTransit.class, WAIT);
        channel.tell(new QuantumChannel.ClassicalPassed(second.transit(), second.message(), 1));
        terminal.expectNoMessage(Duration.ofMillis(200));
        channel.tell(new QuantumChannel.ClassicalDropped(first.transit()));
        // #0 is gone; #1 comes out with its replayed copy.
        assertEquals(1, terminal.expectMessageClass(LinkBob.FromKdc.class, WAIT).message().sequence());
        assertEquals(1, terminal.expectMessageClass(LinkBob.FromKdc.class, WAIT).message().sequence());
        terminal.expectNoMessage(Duration.ofMillis(200));
    }
}
