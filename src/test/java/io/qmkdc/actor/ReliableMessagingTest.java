package io.qmkdc.actor;

import io.qmkdc.testing.Eventually;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Reliable application messages (issue 4): a dropped message is re-sent and delivered once, a
 * duplicated one is delivered once, and a message sealed under an epoch older than the receivers'
 * is not delivered under it but re-sealed by the sender under the new epoch.
 */
public class ReliableMessagingTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SplittableRandom RANDOM = new SplittableRandom(4);

    /** Three members of group g (per-member style terminal: membership told directly), a sends through {@code via}. */
    private record Trio(ActorRef<Member.Command> a, ActorRef<Member.Command> b, ActorRef<Member.Command> c,
            TestProbe<Member.Delivered> app) {
    }

    private static Trio trio(String name, Proxy proxy) {
        TestProbe<QmKdc.Command> kdc = testKit.createTestProbe();
        ActorRef<Group.Command> group = testKit.spawn(Group.create("g", null, null, null, kdc.getRef()), name + "-g");
        ActorRef<Group.Command> via = testKit.spawn(proxy.behavior(group), name + "-via");
        QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(1));
        List<ActorRef<Member.Command>> refs = new ArrayList<>();
        for (String m : List.of("a", "b", "c")) {
            ActorRef<Member.Command> ref = testKit.spawn(Member.create(m, "g", BitVector.random(64, RANDOM), registry,
                    m.equals("a") ? via : group, kdc.getRef(), 7), name + "-" + m);
            group.tell(new Group.Register(m, ref));
            ref.tell(new Member.AuthenticationResult("s", true));
            ref.tell(new Member.SetResendPolicy(100, 400, 20));
            refs.add(ref);
        }
        group.tell(new Group.Membership("g", 0, List.of(new Group.MemberIndex("a", 0), new Group.MemberIndex("b", 1),
                new Group.MemberIndex("c", 2))));
        TestProbe<Member.Delivered> app = testKit.createTestProbe();
        refs.get(1).tell(new Member.Subscribe(app.getRef()));
        refs.get(2).tell(new Member.Subscribe(app.getRef()));
        return new Trio(refs.get(0), refs.get(1), refs.get(2), app);
    }

    private static byte[] key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    private static void issue(Trio t, long epoch, byte[] key, boolean toA, boolean toOthers) {
        if (toA) {
            t.a().tell(new Member.GroupKeyIssued("g", epoch, 0, key.clone()));
        }
        if (toOthers) {
            t.b().tell(new Member.GroupKeyIssued("g", epoch, 1, key.clone()));
            t.c().tell(new Member.GroupKeyIssued("g", epoch, 2, key.clone()));
        }
    }

    private static Member.Reliability reliability(ActorRef<Member.Command> m) {
        TestProbe<Member.Reliability> p = testKit.createTestProbe();
        m.tell(new Member.GetReliability(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    private static Member.Reliability await(ActorRef<Member.Command> m, Predicate<Member.Reliability> ok) {
        return Eventually.await(WAIT, Duration.ofMillis(20), () -> reliability(m), ok, "reliability condition");
    }

    /** Receives exactly one delivery for each of b and c, and then no more. */
    private static List<Member.Delivered> deliveredOnceEach(Trio t) {
        List<Member.Delivered> got = new ArrayList<>(List.of(t.app().receiveMessage(WAIT), t.app().receiveMessage(WAIT)));
        assertEquals(List.of("b", "c"), got.stream().map(Member.Delivered::receiver).sorted().toList());
        await(t.a(), r -> r.outstanding() == 0);
        t.app().expectNoMessage(Duration.ofMillis(500)); // resends after the acks would show here
        return got;
    }

    @Test
    public void aDroppedMessageIsResentAndDeliveredOnce() {
        Proxy proxy = new Proxy(1, false);
        Trio t = trio("drop", proxy);
        issue(t, 0, key(), true, true);
        await(t.c(), r -> r.epoch() == 0);
        t.a().tell(new Member.SendReliable(null, "hello"));
        List<Member.Delivered> got = deliveredOnceEach(t);
        assertEquals("hello", got.get(0).text());
        assertEquals(got.get(0).messageId(), got.get(1).messageId());
        assertTrue("the first publish was dropped", proxy.dropped.get() == 1);
        Member.Reliability a = reliability(t.a());
        assertTrue(a.toString(), a.resends() >= 1);
        assertEquals(0, a.gaveUp());
        assertEquals(1, reliability(t.b()).delivered());
    }

    @Test
    public void aDuplicatedMessageIsDeliveredOnce() {
        Proxy proxy = new Proxy(0, true);
        Trio t = trio("dup", proxy);
        issue(t, 0, key(), true, true);
        await(t.c(), r -> r.epoch() == 0);
        t.a().tell(new Member.SendReliable(null, "twice"));
        t.a().tell(new Member.SendReliable("g", "again"));
        List<Member.Delivered> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(t.app().receiveMessage(WAIT));
        }
        assertEquals(List.of("again", "again", "twice", "twice"), got.stream().map(Member.Delivered::text).sorted().toList());
        await(t.a(), r -> r.outstanding() == 0);
        t.app().expectNoMessage(Duration.ofMillis(500));
        Member.Reliability b = await(t.b(), r -> r.duplicates() >= 2);
        assertEquals(2, b.delivered());
    }

    @Test
    public void aMessageUnderAnOlderEpochIsNotDeliveredUnderItButResealed() {
        Proxy proxy = new Proxy(0, false);
        Trio t = trio("stale", proxy);
        byte[] old = key();
        issue(t, 0, old, true, true);
        await(t.c(), r -> r.epoch() == 0);
        issue(t, 1, key(), false, true); // the receivers re-keyed; a still holds epoch 0
        await(t.c(), r -> r.epoch() == 1);
        await(t.b(), r -> r.epoch() == 1);
        t.a().tell(new Member.SendReliable(null, "late"));
        await(t.b(), r -> r.staleEpoch() >= 1);
        await(t.c(), r -> r.staleEpoch() >= 1);
        t.app().expectNoMessage(Duration.ofMillis(200));
        byte[] fresh = key();
        t.b().tell(new Member.GroupKeyIssued("g", 2, 1, fresh.clone()));
        t.c().tell(new Member.GroupKeyIssued("g", 2, 2, fresh.clone()));
        t.a().tell(new Member.GroupKeyIssued("g", 2, 0, fresh.clone()));
        List<Member.Delivered> got = deliveredOnceEach(t);
        for (Member.Delivered d : got) {
            assertEquals("delivered under the receivers' current epoch only", 2, d.epoch());
        }
        Member.Reliability a = reliability(t.a());
        assertTrue(a.toString(), a.resealed() >= 1);
        assertEquals(0, a.gaveUp());
    }

    @Test
    public void aResendGoesOnlyToTheRecipientsThatHaveNotAcknowledged() {
        Proxy proxy = new Proxy(0, false);
        Trio t = trio("narrow", proxy);
        // Between the group and c: the first delivery to c is lost.
        AtomicInteger lost = new AtomicInteger();
        ActorRef<Member.Command> c = t.c();
        ActorRef<Member.Command> lossyC = testKit.spawn(Behaviors.<Member.Command>receiveMessage(m -> {
            if (m instanceof Member.DeliverReliable && lost.getAndIncrement() == 0) {
                return Behaviors.same();
            }
            c.tell(m);
            return Behaviors.same();
        }), "narrow-lossy-c");
        proxy.group.tell(new Group.Register("c", lossyC));
        issue(t, 0, key(), true, true);
        await(t.c(), r -> r.epoch() == 0);
        t.a().tell(new Member.SendReliable(null, "to c again"));
        deliveredOnceEach(t);
        assertEquals("b was not sent the re-send", 0, reliability(t.b()).duplicates());
        assertTrue(reliability(t.a()).resends() >= 1);
        assertEquals(1, reliability(t.c()).delivered());
    }

    /** Between a and its group: drops the first {@code drops} reliable publishes, or sends each twice. */
    private static final class Proxy {
        final AtomicInteger dropped = new AtomicInteger();
        private final int drops;
        private final boolean duplicate;
        ActorRef<Group.Command> group;

        Proxy(int drops, boolean duplicate) {
            this.drops = drops;
            this.duplicate = duplicate;
        }

        Behavior<Group.Command> behavior(ActorRef<Group.Command> group) {
            this.group = group;
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Group.PublishReliable && dropped.get() < drops) {
                    dropped.incrementAndGet();
                    return Behaviors.same();
                }
                group.tell(m);
                if (duplicate && m instanceof Group.PublishReliable) {
                    group.tell(m);
                }
                return Behaviors.same();
            });
        }
    }
}
