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

    @Test
    public void aMessageSentAfterADetachWaitsForTheOneStillPassingTheTap() {
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(QuantumChannel.create("order", LinkProfile.gys(), 10,
                new QuantumRegistry(new SplittableRandom(1)), 1));
        TestProbe<LinkBob.Command> terminal = testKit.createTestProbe();
        channel.tell(new QuantumChannel.ConnectTerminal(terminal.getRef()));
        TestProbe<Eavesdropper.Command> tap = testKit.createTestProbe();
        TestProbe<QuantumChannel.TapChanged> changed = testKit.createTestProbe();
        channel.tell(new QuantumChannel.Attach(tap.getRef(), "tamper-drop", 0, changed.getRef()));
        assertEquals(1, changed.expectMessageClass(QuantumChannel.TapChanged.class, WAIT).taps());

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
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(QuantumChannel.create("order-drop", LinkProfile.gys(), 10,
                new QuantumRegistry(new SplittableRandom(2)), 2));
        TestProbe<LinkBob.Command> terminal = testKit.createTestProbe();
        channel.tell(new QuantumChannel.ConnectTerminal(terminal.getRef()));
        TestProbe<Eavesdropper.Command> tap = testKit.createTestProbe();
        TestProbe<QuantumChannel.TapChanged> changed = testKit.createTestProbe();
        channel.tell(new QuantumChannel.Attach(tap.getRef(), "tamper-drop", 0, changed.getRef()));
        changed.expectMessageClass(QuantumChannel.TapChanged.class, WAIT);

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
