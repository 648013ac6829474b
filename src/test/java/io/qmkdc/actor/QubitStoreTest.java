package io.qmkdc.actor;

import io.qmkdc.cluster.TestClusterConfig;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.actor.auth.AuthKeys;
import io.qmkdc.actor.auth.Authenticator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication.Mode;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A member without the qubit registry (as on a member node of a cluster) authenticates through the
 * {@link QubitStore}: its gates and measurements travel as (CBOR-serialized) messages, and the
 * outcome is that of the in-JVM member — honest passes and both K_c updates agree, impostor refused.
 */
public class QubitStoreTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Messages a member sent to the store, by test. */
    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> TO_STORE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Authenticator.Completed session(String name, boolean impostor, long seed, Mode... modes) {
        SplittableRandom random = new SplittableRandom(seed);
        QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(random.nextLong()));
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(
                QuantumChannel.create(name, LinkProfile.gys(), 10, registry, random.nextLong()), "channel-" + name);
        ActorRef<QubitStore.Command> real = testKit.spawn(QubitStore.create(registry, random.nextLong()), "store-" + name);
        java.util.concurrent.atomic.AtomicInteger sent = TO_STORE.computeIfAbsent(name, n -> new java.util.concurrent.atomic.AtomicInteger());
        ActorRef<QubitStore.Command> store = testKit.spawn(akka.actor.typed.javadsl.Behaviors.<QubitStore.Command>receiveMessage(m -> {
            sent.incrementAndGet();
            real.tell(m);
            return akka.actor.typed.javadsl.Behaviors.same();
        }), "counted-store-" + name);
        AuthKeys keys = new AuthKeys();
        BitVector kc = BitVector.random(512, random);
        keys.provision(name, kc);
        BitVector held = impostor ? BitVector.random(512, random) : kc;
        ActorRef<Member.Command> member = testKit.spawn(Member.create(name, "g", held, store, null, null, random.nextLong()),
                "member-" + name);
        Authenticator.Completed last = null;
        int i = 0;
        for (Mode mode : modes) {
            TestProbe<Authenticator.Completed> done = testKit.createTestProbe();
            String s = name + "-s" + (++i);
            testKit.spawn(Authenticator.create(s, name, member, channel, registry,
                    new Authenticator.Settings(mode, 32, 0.5, 0.0), keys, random.nextLong(), done.getRef()), "auth-" + s);
            last = done.receiveMessage(WAIT);
            if (!last.passed()) {
                return last;
            }
        }
        return last;
    }

    @Test
    public void anHonestRemoteMemberPassesTwiceSoBothSidesUpdatedKcAlike() {
        // The second session uses the K_c both sides derived from the first (eq. 12): it passes only if they agree.
        Authenticator.Completed c = session("remote-honest", false, 11, Mode.PAPER, Mode.HARDENED);
        assertTrue(c.reason(), c.passed());
        assertEquals(0, c.failedRounds());
        assertTrue("hardened rounds include Bell checks", c.checks() > 0);
        assertEquals(0, c.checkMismatches());
        // All 32 rounds' gates in one message and all their measurements in another, per session (issue 16).
        assertEquals("two messages to the store per session, not two per round", 4, TO_STORE.get("remote-honest").get());
    }

    @Test
    public void aRemoteImpostorIsRefused() {
        Authenticator.Completed c = session("remote-impostor", true, 12, Mode.HARDENED);
        assertFalse(c.passed());
    }
}
