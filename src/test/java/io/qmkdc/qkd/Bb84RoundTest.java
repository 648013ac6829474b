package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.Test;

/** The two BB84 machines driven by hand: a clean round keys both ends alike; a message that does not fit ends it. */
public class Bb84RoundTest {
    private static final LinkProfile GYS = LinkProfile.gys();
    private static final Bb84Settings SETTINGS = new Bb84Settings(GYS, 1 << 14, 1 << 24,
            ParameterEstimation.Config.defaults(GYS).withSampleFraction(0.05), new Fluctuation.Gaussian(5.3), 1e-10);

    /** One round of ~1e5 detections at 10 km; {@code toBob} may rewrite Alice's steps on the way. */
    private record Round(Bb84AliceRound alice, Bb84BobRound bob, Bb84AliceRound.Finish aliceEnd,
            Bb84BobRound.Finish bobEnd) {
    }

    private static Round run(long seed, UnaryOperator<Bb84Step> toBob) {
        Bb84AliceRound alice = new Bb84AliceRound(0, SETTINGS, new SplittableRandom(seed + 1), Bb84Trace.NONE);
        Bb84BobRound bob = new Bb84BobRound(0, Bb84Trace.NONE);
        ArrayDeque<Object[]> wire = new ArrayDeque<>();
        Object[] ends = new Object[2];
        List<DetectionBatch> batches = new LinkEmulator(GYS, 10, new EavesdropperStrategy.None(),
                new SplittableRandom(seed), 1 << 15).emulate(60_000_000L);
        for (int i = 0; i < batches.size(); i++) {
            DetectionBatch b = batches.get(i);
            int n = b.size();
            boolean last = i == batches.size() - 1;
            queue(alice.emitted(b.pulsesPerIntensity(), Arrays.copyOf(b.intensity(), n), Arrays.copyOf(b.aliceBasis(), n),
                    Arrays.copyOf(b.aliceBit(), n), last), wire, ends);
            queue(bob.detected(Arrays.copyOf(b.bobBasis(), n), Arrays.copyOf(b.bobBit(), n), last), wire, ends);
            while (!wire.isEmpty()) {
                Object[] d = wire.poll();
                Bb84Step step = (Bb84Step) d[1];
                if ((Boolean) d[0]) {
                    queue(alice.receive(step), wire, ends);
                } else {
                    queue(bob.receive(toBob.apply(step)), wire, ends);
                }
            }
        }
        return new Round(alice, bob, (Bb84AliceRound.Finish) ends[0], (Bb84BobRound.Finish) ends[1]);
    }

    private static void queue(Object next, ArrayDeque<Object[]> wire, Object[] ends) {
        if (next instanceof Bb84AliceRound.Send s) {
            s.steps().forEach(step -> wire.add(new Object[] {false, step}));
        } else if (next instanceof Bb84AliceRound.Finish f) {
            ends[0] = f;
            f.toBob().forEach(step -> wire.add(new Object[] {false, step}));
        } else if (next instanceof Bb84BobRound.Send s) {
            s.steps().forEach(step -> wire.add(new Object[] {true, step}));
        } else if (next instanceof Bb84BobRound.Finish f) {
            ends[1] = f;
            f.toAlice().forEach(step -> wire.add(new Object[] {true, step}));
        }
    }

    @Test
    public void aCleanRoundKeysBothEndsWithTheSameKey() {
        Round r = run(5, s -> s);
        assertTrue(r.aliceEnd().report().failure(), r.aliceEnd().report().keyed());
        assertTrue(r.bobEnd().keyed());
        assertTrue("several Cascade blocks: " + r.aliceEnd().report().blocks(), r.aliceEnd().report().blocks() > 1);
        assertEquals(r.aliceEnd().report().finalBits(), r.bob().finalKey().length());
        assertTrue(r.alice().finalKey().contentEquals(r.bob().finalKey()));
    }

    @Test
    public void aSeedThatDoesNotFitThePlanIsRefusedByBob() {
        Round r = run(5, s -> s instanceof Bb84Step.Amplify a
                ? new Bb84Step.Amplify(a.round(), a.finalBits(), a.blockBits(), a.seeds(), new int[] {a.seedBits()[0] - 1})
                : s);
        assertFalse(r.bobEnd().keyed());
        assertTrue(r.bobEnd().reason(), r.bobEnd().reason().startsWith("terminal: Amplify does not fit"));
    }

    @Test
    public void moreAnnouncedBasesThanDetectionsEndTheRound() {
        Round r = run(6, s -> s instanceof Bb84Step.SiftAnnounce a && a.first() == 0
                ? new Bb84Step.SiftAnnounce(0, 0, new byte[a.basis().length + 1], new byte[a.basis().length + 1],
                        a.last(), a.samplePositions(), a.siftedBits(), a.sampleSize())
                : s);
        assertFalse(r.bobEnd().keyed());
        assertTrue(r.bobEnd().reason(), r.bobEnd().reason().contains("unsifted detections"));
        assertTrue("Alice hears of it", r.aliceEnd().report().abortReason().startsWith("terminal aborted: terminal:"));
    }

    @Test
    public void aParityQuestionBeforeCascadeIsRefusedByAlice() {
        Bb84AliceRound alice = new Bb84AliceRound(0, SETTINGS, new SplittableRandom(1), Bb84Trace.NONE);
        Bb84AliceRound.Next next = alice.receive(new Bb84Step.ParityQuestions(0, 0, new int[] {0}, new int[] {0},
                new int[] {1}));
        assertTrue(next instanceof Bb84AliceRound.Finish f && f.report().aborted()
                && f.toBob().get(0) instanceof Bb84Step.Abort);
    }
}
