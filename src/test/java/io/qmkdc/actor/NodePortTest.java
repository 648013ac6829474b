package io.qmkdc.actor;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import io.qmkdc.cluster.TestClusterConfig;
import java.time.Duration;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The node's delivery port when the application's answer goes missing: a batch the application did not answer
 * (a dropped {@link Application.Record}) is sent again with the same batch number, and the deliveries are
 * acknowledged once, when an answer comes; a second answer to the same batch acknowledges nothing more.
 * Without the re-send the first assertion fails: the members counted the deliveries as made, so the senders'
 * re-sends would only ever be duplicates and the application would never record them.
 */
public class NodePortTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    @Test
    public void anUnansweredBatchIsSentAgainAndAcknowledgedOnce() {
        TestProbe<Application.Inbound> app = testKit.createTestProbe();
        TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(Application.KEY, app.getRef(), registered.getRef()));
        registered.expectMessageClass(Receptionist.Registered.class);
        ActorRef<NodePort.Command> port = testKit.spawn(NodePort.create());
        TestProbe<Member.Command> member = testKit.createTestProbe();
        TestProbe<Member.Command> sender = testKit.createTestProbe();

        port.tell(new NodePort.LocalMember("m1", member.getRef()));
        Application.Resume resume = app.expectMessageClass(Application.Resume.class, Duration.ofSeconds(10));
        resume.replyTo().tell(new Application.Snapshot("m1", List.of(), new long[0]));
        Member.Subscribe sub = member.expectMessageClass(Member.Subscribe.class);
        sub.listener().tell(new Member.Delivered("m1", "x", 1, "hello", "m2", 7, false, 1, sub.subscription(),
                sender.getRef()));

        Application.Record dropped = app.expectMessageClass(Application.Record.class);
        Application.Record again = app.expectMessageClass(Application.Record.class, Duration.ofSeconds(10));
        assertEquals("the same batch again", dropped.batch(), again.batch());
        assertEquals(List.of("m1"), List.of(again.receiverIds()));
        sender.expectNoMessage(Duration.ofMillis(200));

        again.replyTo().tell(new NodePort.Recorded(again.batch()));
        Member.Acks acks = (Member.Acks) sender.expectMessageClass(Member.Acks.class);
        assertEquals(7, acks.seq());
        assertEquals(List.of("m1"), acks.receivers());
        again.replyTo().tell(new NodePort.Recorded(again.batch()));
        sender.expectNoMessage(Duration.ofMillis(300));
        app.expectNoMessage(Duration.ofMillis(300));
    }
}
