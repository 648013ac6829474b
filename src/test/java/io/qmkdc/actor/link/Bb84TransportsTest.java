package io.qmkdc.actor.link;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.qmkdc.actor.QuantumChannel;
import io.qmkdc.cluster.TestClusterConfig;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.Priority;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.Bb84Report;
import io.qmkdc.qkd.Bb84Trace;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.qkd.LinkPipeline;
import io.qmkdc.qkd.LinkReport;
import io.qmkdc.quantum.QuantumRegistry;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * One seeded BB84 round carried two ways — by the link actors (authenticated messages through the
 * channel) and by {@link LinkPipeline} in process — from the same detections (the channel's
 * emulator and seed) and the same protocol stream (LinkAlice's first round): the same machines must
 * give the same sifted, corrected and final keys at each end and the same report.
 */
public class Bb84TransportsTest {
    @ClassRule
    public static final TestKitJunitResource testKit = new TestKitJunitResource(TestClusterConfig.config());

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Copies of one end's keys and Alice's report (the round wipes its own). */
    static final class Recorded implements Bb84Trace {
        private BitVector sifted;
        private BitVector corrected;
        private BitVector finalKey;
        private Bb84Report report;

        @Override
        public synchronized void sifted(BitVector signal) {
            sifted = signal.copy();
        }

        @Override
        public synchronized void corrected(BitVector reconciled) {
            corrected = reconciled.copy();
        }

        @Override
        public synchronized void amplified(BitVector key) {
            finalKey = key.copy();
        }

        @Override
        public synchronized void finished(Bb84Report r) {
            report = r;
        }

        synchronized BitVector sifted() {
            return sifted;
        }

        synchronized BitVector corrected() {
            return corrected;
        }

        synchronized BitVector finalKey() {
            return finalKey;
        }

        synchronized Bb84Report report() {
            return report;
        }
    }

    @Test
    public void actorsAndPipelineGiveTheSameRound() {
        LinkProfile gys = LinkProfile.gys();
        double km = 10;
        long channelSeed = 31;
        long aliceSeed = 32;
        LinkSettings settings = LinkSettings.modest(gys, km, 150_000)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60));

        Recorded actorAlice = new Recorded();
        Recorded actorBob = new Recorded();
        byte[] auth = new byte[4096];
        new SplittableRandom(channelSeed).nextBytes(auth);
        ActorRef<QuantumChannel.Command> channel = testKit.spawn(QuantumChannel.create("same", gys, km,
                new QuantumRegistry(new SplittableRandom(channelSeed)), channelSeed));
        TestProbe<LinkEvent> kdc = testKit.createTestProbe();
        TestProbe<LinkEvent> terminal = testKit.createTestProbe();
        LinkKeys kdcKeys = new LinkKeys("same");
        testKit.spawn(LinkBob.create("same", settings, channel, terminal.getRef(), new LinkKeys("same"), auth, actorBob));
        ActorRef<LinkAlice.Command> alice = testKit.spawn(LinkAlice.create("same", settings, channel, kdc.getRef(),
                kdcKeys, auth, aliceSeed, actorAlice));
        alice.tell(new LinkAlice.StartRound(Priority.REINITIALIZATION));
        LinkEvent.Keyed keyed = kdc.expectMessageClass(LinkEvent.Keyed.class, WAIT);
        terminal.expectMessageClass(LinkEvent.Keyed.class, WAIT);

        // The same round in process: the channel's emulator (its seed, its frame size) and the
        // stream LinkAlice gives round 0 (the first split of its seed).
        Recorded pipeAlice = new Recorded();
        Recorded pipeBob = new Recorded();
        LinkPipeline.Settings ps = new LinkPipeline.Settings(gys, km, settings.pulsesPerRound(),
                new EavesdropperStrategy.None(), settings.cascadeBlockBits(), settings.bb84().privacyBlockBits(),
                settings.estimation(), settings.fluctuation(), settings.epsilonPrivacy(),
                LinkPipeline.KeyLengthMethod.DECOY_GLLP);
        LinkEmulator emulator = new LinkEmulator(gys, km, new EavesdropperStrategy.None(),
                new SplittableRandom(channelSeed), QuantumChannel.FRAME_DETECTIONS);
        LinkReport piped = new LinkPipeline(ps).run(channelSeed, emulator, new SplittableRandom(aliceSeed).split(),
                f -> { }, pipeAlice, pipeBob);

        assertNotNull("the actors' round was traced", actorAlice.finalKey());
        assertTrue("a real round: " + keyed.finalBits() + " bits", keyed.finalBits() > 4096);
        assertTrue("Alice's sifted key", actorAlice.sifted().contentEquals(pipeAlice.sifted()));
        assertTrue("Bob's sifted key", actorBob.sifted().contentEquals(pipeBob.sifted()));
        assertTrue("sifting errs (QBER > 0)", !actorAlice.sifted().contentEquals(actorBob.sifted()));
        assertTrue("Alice's corrected key", actorAlice.corrected().contentEquals(pipeAlice.corrected()));
        assertTrue("Bob's corrected key", actorBob.corrected().contentEquals(pipeBob.corrected()));
        assertTrue("Cascade agreed", actorAlice.corrected().contentEquals(actorBob.corrected()));
        assertTrue("Alice's final key", actorAlice.finalKey().contentEquals(pipeAlice.finalKey()));
        assertTrue("Bob's final key", actorBob.finalKey().contentEquals(pipeBob.finalKey()));
        assertTrue("both ends' final key", actorAlice.finalKey().contentEquals(actorBob.finalKey()));
        assertEquals("the round's report", actorAlice.report(), pipeAlice.report());

        // What each transport reports of it.
        assertEquals(piped.qber(), keyed.qber(), 0.0);
        assertEquals(piped.qberUpper(), keyed.qberUpper(), 0.0);
        assertEquals(piped.sifted(), keyed.sifted());
        assertEquals(piped.leakedBits() + piped.verificationBits(), keyed.leakedBits());
        assertEquals(piped.finalKeyBits(), keyed.finalBits());

        // The KDC end committed the final key after the MAC top-up: its first half is pool(0).
        BitVector key = pipeAlice.finalKey();
        int r = settings.replenishBits(key.length());
        BitVector rest = key.slice(2 * r, key.length());
        KeyPool down = kdcKeys.pool(keyed.round());
        KeyPool.Drawn drawn = (KeyPool.Drawn) down.drawBits((int) down.availableBits());
        assertTrue("the committed key is the pipeline's",
                BitVector.fromBytes(drawn.bytes(), drawn.bits()).contentEquals(rest.slice(0, rest.length() / 2)));
    }
}
