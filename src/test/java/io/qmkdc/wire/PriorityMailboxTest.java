package io.qmkdc.wire;

import io.qmkdc.cluster.TestClusterConfig;


import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.crypto.Priority;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;

/** Queued work is served most urgent first: re-initialization, rekey, control, traffic; FIFO within a level. */
public class PriorityMailboxTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    public record Work(String name, Priority priority, ActorRef<String> log) implements Prioritized, CborSerializable {
    }

    private static final CountDownLatch GATE = new CountDownLatch(1);

    /** Blocks on its first message until the test has queued the rest, then logs the order it serves. */
    private static Behavior<Work> worker() {
        return Behaviors.receiveMessage(w -> {
            if (w.name().equals("first")) {
                GATE.await(10, TimeUnit.SECONDS);
            }
            w.log().tell(w.name());
            return Behaviors.same();
        });
    }

    @Test
    public void urgentWorkOvertakesQueuedTraffic() {
        TestProbe<String> log = testKit.createTestProbe();
        ActorRef<Work> w = testKit.spawn(worker(), "worker", MailboxSelector.fromConfig(PriorityMailbox.CONFIG_PATH));
        w.tell(new Work("first", Priority.TRAFFIC, log.getRef()));
        log.expectNoMessage(java.time.Duration.ofMillis(200)); // "first" holds the actor while the rest queue
        w.tell(new Work("traffic-1", Priority.TRAFFIC, log.getRef()));
        w.tell(new Work("control", Priority.CONTROL, log.getRef()));
        w.tell(new Work("traffic-2", Priority.TRAFFIC, log.getRef()));
        w.tell(new Work("rekey", Priority.REKEY, log.getRef()));
        w.tell(new Work("reinit", Priority.REINITIALIZATION, log.getRef()));
        GATE.countDown();
        List<String> order = List.of(log.receiveMessage(), log.receiveMessage(), log.receiveMessage(),
                log.receiveMessage(), log.receiveMessage(), log.receiveMessage());
        assertEquals(List.of("first", "reinit", "rekey", "control", "traffic-1", "traffic-2"), order);
    }
}
