package io.qmkdc.actor;

import static org.junit.Assert.assertEquals;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.cluster.TestClusterConfig;
import java.time.Duration;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Who a reliable message is owed to. A group terminal that is filling up (a new KDC incarnation's terminal while
 * the member entities re-register) lists every member of its membership as a recipient, registered or not, so
 * the sender keeps re-sending until the late ones acknowledge; before it knows any membership it answers nothing.
 * Listing only the registered members let such a message complete without the late members — the multi-JVM
 * SIGKILL run lost 105 and 246 deliveries that way — and this test fails on that code (c missing from the list).
 */
public class ReliableFanOutTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    public void membersNotRegisteredYetAreOwedTheMessageAndGetItOnTheResend() {
        TestProbe<QmKdc.Command> kdc = testKit.createTestProbe();
        ActorRef<Group.Command> group = testKit.spawn(Group.create("g", null, null, null, kdc.getRef()), "fan-g");
        TestProbe<Member.Command> a = testKit.createTestProbe();
        TestProbe<Member.Command> b = testKit.createTestProbe();
        TestProbe<Member.Command> c = testKit.createTestProbe();
        GroupTraffic t = new GroupTraffic("g", 1, 0, 1, "a", new byte[16], "a");

        group.tell(new Group.PublishReliable(new ReliableTraffic("a", 1, a.getRef(), t)));
        a.expectNoMessage(QUIET); // no membership known: the sender will send again

        group.tell(new Group.Membership("g", 1, List.of(new Group.MemberIndex("a", 0), new Group.MemberIndex("b", 1),
                new Group.MemberIndex("c", 2))));
        group.tell(new Group.Register("a", a.getRef()));
        group.tell(new Group.Register("b", b.getRef()));
        group.tell(new Group.PublishReliable(new ReliableTraffic("a", 1, a.getRef(), t)));
        Member.FannedOut first = a.expectMessageClass(Member.FannedOut.class);
        assertEquals(List.of("b", "c"), first.recipients().stream().sorted().toList());
        b.expectMessageClass(Member.DeliverReliable.class);

        group.tell(new Group.Register("c", c.getRef()));
        group.tell(new Group.PublishReliable(new ReliableTraffic("a", 1, a.getRef(), t, List.of("c"))));
        c.expectMessageClass(Member.DeliverReliable.class);
        assertEquals(List.of("c"), a.expectMessageClass(Member.FannedOut.class).recipients());
        b.expectNoMessage(QUIET);
    }
}
