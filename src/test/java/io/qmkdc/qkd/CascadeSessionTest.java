package io.qmkdc.qkd;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class CascadeSessionTest {

    /** One case: both keys and the public schedule and shuffle. */
    private record Case(BitVector alice, BitVector bob, CascadeSchedule schedule, CascadeShuffle shuffle) {
    }

    private static Case single(int n, SplittableRandom random) {
        BitVector alice = BitVector.random(n, random);
        BitVector bob = alice.copy();
        bob.flip(random.nextInt(n));
        CascadeSchedule schedule = CascadeSchedule.optimized(0.05, n);
        return new Case(alice, bob, schedule, CascadeShuffle.create(n, schedule.passes(), random.nextLong()));
    }

    private static Case noisy(int n, double qber, boolean original, SplittableRandom random) {
        BitVector alice = BitVector.random(n, random);
        BitVector bob = CascadeFixtures.noisyCopy(alice, qber, random);
        CascadeSchedule schedule = original ? CascadeSchedule.original(Math.max(qber, 0.005), n)
                : CascadeSchedule.optimized(qber, n);
        return new Case(alice, bob, schedule, CascadeShuffle.create(n, schedule.passes(), random.nextLong()));
    }

    /** The oracle path, recording a copy of every request on the way. */
    private static ReconciliationResult viaOracle(Case c, List<ParityRequest> requests) {
        CascadeResponder alice = new CascadeResponder(c.alice(), c.shuffle());
        return Cascade.reconcile(c.bob(), c.schedule(), c.shuffle(), request -> {
            requests.add(new ParityRequest(request.pass().clone(), request.start().clone(), request.end().clone()));
            return alice.parities(request);
        });
    }

    /** Drives a session by hand and checks each request against the oracle path's, in order. */
    private static ReconciliationResult byHand(Case c, List<ParityRequest> expected, String label) {
        CascadeResponder alice = new CascadeResponder(c.alice(), c.shuffle());
        BitVector before = c.bob().copy();
        CascadeSession session = CascadeSession.start(c.bob(), c.schedule(), c.shuffle());
        int i = 0;
        while (true) {
            CascadeSession.Step step = session.next();
            if (step instanceof CascadeSession.Done done) {
                assertEquals(label + ": number of requests", expected.size(), i);
                assertTrue(label + ": the session must not modify Bob's input", c.bob().contentEquals(before));
                return done.result();
            }
            ParityRequest request = ((CascadeSession.Ask) step).request();
            assertTrue(label + ": more requests than the oracle path", i < expected.size());
            ParityRequest want = expected.get(i++);
            assertArrayEquals(label + ": pass, request " + i, want.pass(), request.pass());
            assertArrayEquals(label + ": start, request " + i, want.start(), request.start());
            assertArrayEquals(label + ": end, request " + i, want.end(), request.end());
            session.answer(alice.parities(request));
        }
    }

    private static void assertSameRun(Case c, String label) {
        List<ParityRequest> requests = new ArrayList<>();
        ReconciliationResult expected = viaOracle(c, requests);
        ReconciliationResult actual = byHand(c, requests, label);
        assertTrue(label + ": corrected key", expected.correctedKey().contentEquals(actual.correctedKey()));
        assertEquals(label + ": leakedBits", expected.leakedBits(), actual.leakedBits());
        assertEquals(label + ": roundTrips", expected.roundTrips(), actual.roundTrips());
        assertEquals(label + ": messages", expected.messages(), actual.messages());
        assertEquals(label + ": passes", expected.passes(), actual.passes());
        assertEquals(label + ": correctedBits", expected.correctedBits(), actual.correctedBits());
        // the counters describe the requests actually sent
        assertEquals(label, requests.size(), actual.roundTrips());
        assertEquals(label, requests.stream().mapToLong(ParityRequest::size).sum(), actual.leakedBits());
    }

    @Test
    public void singleErrorInEveryShortLengthMatchesTheOraclePath() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 1; n <= 200; n++) {
            assertSameRun(single(n, random), "single error n=" + n);
        }
    }

    @Test
    public void noisyKeysMatchTheOraclePath() {
        SplittableRandom random = new SplittableRandom(12);
        double[] qbers = {0.0, 0.001, 0.01, 0.02, 0.05, 0.11};
        int[] lengths = {63, 64, 65, 127, 1000, 4099, 10_007, 65_536, 100_003};
        for (int n : lengths) {
            for (double q : qbers) {
                for (boolean original : new boolean[] {false, true}) {
                    assertSameRun(noisy(n, q, original, random),
                            "n=" + n + " qber=" + q + (original ? " original" : " optimized"));
                }
            }
        }
        for (int trial = 0; trial < 60; trial++) { // random lengths, mostly not multiples of 64
            int n = 1 + random.nextInt(30_000);
            double q = qbers[random.nextInt(qbers.length)];
            assertSameRun(noisy(n, q, random.nextBoolean(), random), "trial " + trial + " n=" + n + " qber=" + q);
        }
    }

    @Test
    public void emptyKeyIsDoneAtOnce() {
        CascadeSchedule schedule = CascadeSchedule.optimized(0.02, 0);
        CascadeSession session = CascadeSession.start(new BitVector(0), schedule,
                CascadeShuffle.create(0, schedule.passes(), 1L));
        CascadeSession.Step step = session.next();
        assertTrue(step instanceof CascadeSession.Done);
        assertEquals(0, ((CascadeSession.Done) step).result().roundTrips());
    }

    @Test
    public void answerWithoutARequestIsRejected() {
        Case c = noisy(1000, 0.02, false, new SplittableRandom(13));
        CascadeSession session = CascadeSession.start(c.bob(), c.schedule(), c.shuffle());
        try {
            session.answer(new BitVector(1));
            fail("answer before next() must throw");
        } catch (IllegalStateException expected) {
            // nothing was asked yet
        }
    }

    @Test
    public void answeringTwiceOrAskingAgainIsRejected() {
        Case c = noisy(1000, 0.02, false, new SplittableRandom(14));
        CascadeResponder alice = new CascadeResponder(c.alice(), c.shuffle());
        CascadeSession session = CascadeSession.start(c.bob(), c.schedule(), c.shuffle());
        ParityRequest request = ((CascadeSession.Ask) session.next()).request();
        try {
            session.next();
            fail("next() with a request outstanding must throw");
        } catch (IllegalStateException expected) {
            // Alice has not answered yet
        }
        BitVector parities = alice.parities(request);
        session.answer(parities);
        try {
            session.answer(parities);
            fail("a second answer must throw");
        } catch (IllegalStateException expected) {
            // the request was already answered
        }
    }

    @Test
    public void wrongLengthAnswerIsRejectedAndTheRequestStaysOpen() {
        Case c = noisy(5000, 0.03, false, new SplittableRandom(15));
        List<ParityRequest> requests = new ArrayList<>();
        ReconciliationResult expected = viaOracle(c, requests);
        CascadeResponder alice = new CascadeResponder(c.alice(), c.shuffle());
        CascadeSession session = CascadeSession.start(c.bob(), c.schedule(), c.shuffle());
        CascadeSession.Step step = session.next();
        ParityRequest request = ((CascadeSession.Ask) step).request();
        for (int wrong : new int[] {request.size() - 1, request.size() + 1}) {
            try {
                session.answer(new BitVector(wrong));
                fail("an answer of " + wrong + " bits to " + request.size() + " questions must throw");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(Integer.toString(request.size())));
            }
        }
        // the rejected answers changed nothing: the run goes on exactly as the oracle path
        while (step instanceof CascadeSession.Ask ask) {
            session.answer(alice.parities(ask.request()));
            step = session.next();
        }
        ReconciliationResult actual = ((CascadeSession.Done) step).result();
        assertTrue(expected.correctedKey().contentEquals(actual.correctedKey()));
        assertEquals(expected.leakedBits(), actual.leakedBits());
        assertEquals(expected.roundTrips(), actual.roundTrips());
    }

    @Test
    public void doneIsFinal() {
        Case c = noisy(2000, 0.02, false, new SplittableRandom(16));
        CascadeResponder alice = new CascadeResponder(c.alice(), c.shuffle());
        CascadeSession session = CascadeSession.start(c.bob(), c.schedule(), c.shuffle());
        CascadeSession.Step step = session.next();
        while (step instanceof CascadeSession.Ask ask) {
            session.answer(alice.parities(ask.request()));
            step = session.next();
        }
        assertTrue(c.alice().contentEquals(((CascadeSession.Done) step).result().correctedKey()));
        assertSame(step, session.next());
        try {
            session.answer(new BitVector(0));
            fail("answer after Done must throw");
        } catch (IllegalStateException expected) {
            // nothing is outstanding
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void startRejectsAShuffleOfAnotherLength() {
        CascadeSession.start(new BitVector(99), CascadeSchedule.optimized(0.02, 100), CascadeShuffle.create(100, 14, 1L));
    }

    @Test(expected = IllegalArgumentException.class)
    public void startRejectsAShuffleWithTooFewPasses() {
        CascadeSchedule schedule = CascadeSchedule.optimized(0.02, 100);
        CascadeSession.start(new BitVector(100), schedule, CascadeShuffle.create(100, schedule.passes() - 1, 1L));
    }
}
