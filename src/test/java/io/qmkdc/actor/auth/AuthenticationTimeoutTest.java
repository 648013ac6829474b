package io.qmkdc.actor.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.Member;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.quantum.EprAuthentication;
import io.qmkdc.quantum.EprAuthentication.Mode;
import io.qmkdc.quantum.QuantumRegistry;
import io.qmkdc.quantum.QubitRef;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A member that stops answering mid-session (its node died): the session ends as failed with reason
 * "timeout", no qubit of it stays in the registry, and late replies change nothing. The session
 * timeout is short (8 rounds × 250 ms); the probes wait up to {@link #WAIT} — an upper bound only,
 * nothing is timed.
 */
public class AuthenticationTimeoutTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration ROUND_BUDGET = Duration.ofMillis(250); // × 8 rounds: the session has 2 s

    /** One session against a probe standing in for the member; the test plays (or not) the member's part. */
    private static final class Session {
        final QuantumRegistry registry;
        final ActorRef<QuantumChannel.Command> channel;
        final TestProbe<Member.Command> member = testKit.createTestProbe();
        final TestProbe<Authenticator.Completed> done = testKit.createTestProbe();
        final AuthKeys keys = new AuthKeys();
        final BitVector kc;
        final String id;

        Session(String id, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            this.id = id;
            this.registry = new QuantumRegistry(random.split());
            this.channel = testKit.spawn(QuantumChannel.create(id, LinkProfile.gys(), 10, registry, random.nextLong()),
                    "channel-" + id);
            this.kc = BitVector.random(256, random);
            keys.provision(id, kc);
            testKit.spawn(Authenticator.create(id + "-s1", id, member.getRef(), channel, registry,
                    new Authenticator.Settings(Mode.PAPER, 8, 0, 0.0, ROUND_BUDGET), keys, random.nextLong(),
                    done.getRef()), "auth-" + id);
        }
    }

    @Test
    public void aMemberThatNeverAnswersTimesOutAndItsPairsAreDropped() {
        Session s = new Session("silent", 1);
        Member.PairHalves halves = s.member.expectMessageClass(Member.PairHalves.class, WAIT);
        assertEquals("one m per round", 8, halves.qubits().size());
        assertEquals("s and m of all 8 rounds exist", 16, s.registry.liveQubitCount());

        Authenticator.Completed c = s.done.receiveMessage(WAIT);
        assertFalse(c.passed());
        assertEquals(Authenticator.TIMEOUT, c.reason());
        assertTrue(c.timedOut());
        assertEquals("no round was answered", 0, c.failedRounds());
        Member.AuthenticationResult told = s.member.expectMessageClass(Member.AuthenticationResult.class, WAIT);
        assertFalse(told.passed());
        assertEquals("no leftover qubits", 0, s.registry.liveQubitCount());
        assertEquals(0, s.registry.registerCount());
        assertEquals("K_c unchanged at the KDC", 0, s.kc.hammingDistance(s.keys.current(s.id)));

        // A late member finds its halves gone: it cannot encode f, and a late reply reaches nobody.
        for (QubitRef m : halves.qubits()) {
            try {
                EprAuthentication.memberEncode(s.registry, m, 0, 0);
                fail("the dropped half must be stale");
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("stale"));
            }
        }
        for (int i = 0; i < 8; i++) {
            halves.authenticator().tell(new Authenticator.Returned(halves.session(), i, halves.qubits().get(i)));
        }
        halves.authenticator().tell(new Authenticator.RoundsSettled(halves.session(), new int[8]));
        s.done.expectNoMessage(Duration.ofMillis(300));
        assertEquals(0, s.registry.liveQubitCount());
    }

    /**
     * The member answers every round (each f comes back, the KDC measures s and f) but never settles
     * them: the KDC holds no qubit of the pairs any more, only the member's m's are left, and they are
     * dropped too.
     */
    @Test
    public void aMemberThatDiesBeforeSettlingTimesOutAndItsHalvesAreDropped() {
        Session s = new Session("unsettled", 2);
        Member.PairHalves halves = s.member.expectMessageClass(Member.PairHalves.class, WAIT);
        // Play an honest member for step 2 (eq. 9-10) with the right K_c bits, round by round.
        akka.actor.typed.ActorRef<QuantumChannel.Command> channel = halves.channel();
        for (int i = 0; i < halves.qubits().size(); i++) {
            channel.tell(new QuantumChannel.CarryReturn(halves.session(), i, EprAuthentication.memberEncode(s.registry,
                    halves.qubits().get(i), s.kc.bit(2 * i), s.kc.bit(2 * i + 1)), halves.authenticator()));
        }
        Member.SettleRounds settle = s.member.expectMessageClass(Member.SettleRounds.class, WAIT);
        assertEquals("the settlement waits for every f and covers every round", 8, settle.checks().length);
        assertEquals("only the member's m's are left", 8, s.registry.liveQubitCount());

        Authenticator.Completed c = s.done.receiveMessage(WAIT);
        assertTrue(c.reason(), c.timedOut());
        assertEquals("the rounds themselves passed", 0, c.failedRounds());
        assertEquals("no leftover qubits", 0, s.registry.liveQubitCount());
        assertEquals(0, s.registry.registerCount());

        // The late settlement is ignored: no second result.
        settle.replyTo().tell(new Authenticator.RoundsSettled(settle.session(), new int[8]));
        s.done.expectNoMessage(Duration.ofMillis(300));
        assertEquals(0, s.registry.liveQubitCount());
        s.member.expectMessageClass(Member.AuthenticationResult.class, WAIT);
        s.member.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    public void anAnsweringMemberIsNotCutOffByTheTimeout() {
        // Rounds take milliseconds; the session timer must not disturb them.
        QuantumRegistry registry = new QuantumRegistry(new SplittableRandom(3));
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(
                QuantumChannel.create("alive", LinkProfile.gys(), 10, registry, 4), "channel-alive");
        BitVector kc = BitVector.random(256, new SplittableRandom(5));
        AuthKeys keys = new AuthKeys();
        keys.provision("alive", kc);
        ActorRef<Member.Command> member = testKit.spawn(Member.create("alive", "g", kc, registry, null, null, 6),
                "member-alive");
        TestProbe<Authenticator.Completed> done = testKit.createTestProbe();
        testKit.spawn(Authenticator.create("alive-s1", "alive", member, channel, registry,
                new Authenticator.Settings(Mode.HARDENED, 8, 0.25, 0.0, Duration.ofSeconds(5)), keys, 7, done.getRef()),
                "auth-alive");
        Authenticator.Completed c = done.receiveMessage(WAIT);
        assertTrue(c.reason(), c.passed());
        assertFalse(c.timedOut());
        assertEquals(0, registry.liveQubitCount());
    }

    @Test
    public void theRoundBudgetMustBePositiveAndTheSessionGetsOnePerRound() {
        try {
            new Authenticator.Settings(Mode.PAPER, 8, 0, 0, Duration.ZERO);
            fail("zero timeout accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("roundBudget"));
        }
        assertEquals(Authenticator.DEFAULT_ROUND_BUDGET,
                new Authenticator.Settings(Mode.PAPER, 8, 0, 0).roundBudget());
        assertEquals(Duration.ofSeconds(2), new Authenticator.Settings(Mode.PAPER, 8, 0, 0, ROUND_BUDGET).sessionTimeout());
    }
}
