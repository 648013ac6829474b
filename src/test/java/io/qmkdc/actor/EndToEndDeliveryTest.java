package io.qmkdc.actor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Reliable messaging with the application as the durable end (what a cluster's delivery port
 * does): a receiver hands every delivery — copies flagged — to the application and never
 * acknowledges by itself; the sender completes only on the application's acknowledgements and
 * tells the application; a member resumed with the application's snapshot treats those ids as
 * delivered; a member awaiting its application delivers nothing.
 */
public class EndToEndDeliveryTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SplittableRandom RANDOM = new SplittableRandom(9);
    private static final byte[] KEY = new byte[32];

    static {
        RANDOM.nextBytes(KEY);
    }

    private record Setup(ActorRef<Group.Command> group, List<ActorRef<Member.Command>> members) {
    }

    private static ActorRef<Member.Command> member(String name, String id, ActorRef<Group.Command> group, int index) {
        TestProbe<QmKdc.Command> kdc = testKit.createTestProbe();
        ActorRef<Member.Command> ref = testKit.spawn(Member.create(id, "g", BitVector.random(64, RANDOM),
                new QuantumRegistry(new SplittableRandom(1)), group, kdc.getRef(), 7), name + "-" + id);
        group.tell(new Group.Register(id, ref));
        ref.tell(new Member.AuthenticationResult("s", true));
        ref.tell(new Member.SetResendPolicy(100, 200, 50));
        ref.tell(new Member.GroupKeyIssued("g", 0, index, KEY.clone()));
        return ref;
    }

    private static Setup setup(String name) {
        TestProbe<QmKdc.Command> kdc = testKit.createTestProbe();
        ActorRef<Group.Command> group = testKit.spawn(Group.create("g", null, null, null, kdc.getRef()), name + "-g");
        List<ActorRef<Member.Command>> refs = new ArrayList<>();
        List<String> ids = List.of("a", "b", "c");
        for (int i = 0; i < ids.size(); i++) {
            refs.add(member(name, ids.get(i), group, i));
        }
        group.tell(new Group.Membership("g", 0, List.of(new Group.MemberIndex("a", 0), new Group.MemberIndex("b", 1),
                new Group.MemberIndex("c", 2))));
        return new Setup(group, refs);
    }

    private static Member.Delivered next(TestProbe<Member.Delivered> app, boolean duplicate) {
        while (true) {
            Member.Delivered d = app.receiveMessage(WAIT);
            if (d.duplicate() == duplicate) {
                return d;
            }
        }
    }

    @Test
    public void theSenderCompletesOnlyOnTheApplicationsAcknowledgements() {
        Setup s = setup("ack");
        TestProbe<Member.Delivered> app = testKit.createTestProbe();
        s.members().get(1).tell(new Member.Subscribe(app.getRef(), 1, true, List.of(), new long[0]));
        s.members().get(2).tell(new Member.Subscribe(app.getRef(), 2, true, List.of(), new long[0]));
        TestProbe<Member.Completed> done = testKit.createTestProbe();
        s.members().get(0).tell(new Member.SendReliable(null, "hello", 0, done.getRef()));

        List<Member.Delivered> fresh = List.of(next(app, false), next(app, false));
        assertEquals(List.of("b", "c"), fresh.stream().map(Member.Delivered::receiver).sorted().toList());
        fresh.forEach(d -> {
            assertEquals("a", d.sender());
            assertEquals(0, d.seq());
            assertEquals("hello", d.text());
        });
        // Unacknowledged by the application, the sender re-sends: the receivers pass copies on, flagged.
        Member.Delivered copy = next(app, true);
        assertEquals("", copy.text());
        done.expectNoMessage(Duration.ofMillis(300));

        fresh.get(0).ackTo().tell(new Member.Acks(0, List.of("b")));
        done.expectNoMessage(Duration.ofMillis(300)); // c still owes its record
        fresh.get(0).ackTo().tell(new Member.Acks(0, List.of("c")));
        assertEquals(new Member.Completed("a", 0), done.receiveMessage(WAIT));

        // The application re-submits it (same id): a completed message is sent again, and recognised.
        s.members().get(0).tell(new Member.SendReliable(null, "hello", 0, done.getRef()));
        assertTrue(next(app, true).duplicate());
    }

    @Test
    public void aResumedMemberKnowsWhatTheApplicationConsumedAndAnAwaitingOneDeliversNothing() {
        Setup s = setup("resume");
        TestProbe<Member.Delivered> app = testKit.createTestProbe();
        // b is replaced by a fresh member (re-homed): resumed with a#0 consumed; c awaits its application.
        ActorRef<Member.Command> b2 = member("resume2", "b", s.group(), 1);
        b2.tell(new Member.Subscribe(app.getRef(), 3, true, List.of("a"), new long[] {0}));
        s.members().get(2).tell(new Member.AwaitApplication());
        TestProbe<Member.Completed> done = testKit.createTestProbe();
        s.members().get(0).tell(new Member.SendReliable(null, "again", 0, done.getRef()));
        s.members().get(0).tell(new Member.SendReliable(null, "new", 1, done.getRef()));

        Member.Delivered old = next(app, true);
        assertEquals("b", old.receiver());
        assertEquals(0, old.seq());
        Member.Delivered fresh = next(app, false);
        assertEquals(1, fresh.seq());
        assertEquals("new", fresh.text());
        assertEquals(3, fresh.subscription());
        for (int i = 0; i < 5; i++) {
            assertFalse("c awaits its application", app.receiveMessage(WAIT).receiver().equals("c"));
        }
        done.expectNoMessage(Duration.ofMillis(200));
    }
}
