package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

public class CascadeTest {

    private static ReconciliationResult reconcile(BitVector alice, BitVector bob, CascadeSchedule schedule,
                                                  CascadeFixtures.CountingOracle[] out) {
        CascadeShuffle shuffle = CascadeShuffle.create(alice.length(), schedule.passes(), 99L);
        CascadeFixtures.CountingOracle oracle = new CascadeFixtures.CountingOracle(
                new CascadeResponder(alice, shuffle), schedule, alice.length());
        out[0] = oracle;
        return Cascade.reconcile(bob, schedule, shuffle, oracle);
    }

    @Test
    public void qberZeroChangesNothingAndLeaksOnlyBlockParities() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 10_000;
        BitVector alice = BitVector.random(n, random);
        CascadeSchedule schedule = CascadeSchedule.optimized(0.0, n);
        CascadeFixtures.CountingOracle[] o = new CascadeFixtures.CountingOracle[1];
        ReconciliationResult r = reconcile(alice, alice.copy(), schedule, o);
        assertTrue(r.correctedKey().contentEquals(alice));
        assertEquals(0, r.correctedBits());
        // no odd block ever: pass 1 asks all its blocks, later passes all but the inferred last one
        long expected = 0;
        for (int p = 0; p < schedule.passes(); p++) {
            int blocks = (n + schedule.blockSize(p) - 1) / schedule.blockSize(p);
            expected += p == 0 ? blocks : blocks - 1;
        }
        assertEquals(expected, r.leakedBits());
        assertTrue(Double.isNaN(r.efficiency(0.0)));
    }

    @Test
    public void aSingleErrorIsAlwaysCorrectedEvenInVeryShortKeys() {
        SplittableRandom random = new SplittableRandom(2);
        for (int n : new int[] {1, 2, 3, 5, 17, 64, 65, 200}) {
            for (int trial = 0; trial < 5; trial++) {
                BitVector alice = BitVector.random(n, random);
                BitVector bob = alice.copy();
                bob.flip(random.nextInt(n));
                CascadeFixtures.CountingOracle[] o = new CascadeFixtures.CountingOracle[1];
                ReconciliationResult r = reconcile(alice, bob, CascadeSchedule.optimized(0.05, n), o);
                assertTrue("n=" + n, r.correctedKey().contentEquals(alice));
                assertEquals(1, r.correctedBits());
                assertNull(o[0].violation);
            }
        }
    }

    @Test
    public void emptyKeyNeedsNoMessages() {
        BitVector empty = new BitVector(0);
        CascadeFixtures.CountingOracle[] o = new CascadeFixtures.CountingOracle[1];
        ReconciliationResult r = reconcile(empty, empty.copy(), CascadeSchedule.optimized(0.02, 0), o);
        assertEquals(0, r.leakedBits());
        assertEquals(0, r.roundTrips());
        assertEquals(0, r.correctedKey().length());
    }

    @Test
    public void keyLengthNotMultipleOf64IsCorrected() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 4096 + 37;
        BitVector alice = BitVector.random(n, random);
        BitVector bob = CascadeFixtures.noisyCopy(alice, 0.03, random);
        BitVector bobBefore = bob.copy();
        CascadeFixtures.CountingOracle[] o = new CascadeFixtures.CountingOracle[1];
        ReconciliationResult r = reconcile(alice, bob, CascadeSchedule.optimized(0.03, n), o);
        assertTrue(r.correctedKey().contentEquals(alice));
        assertEquals(bobBefore.hammingDistance(alice), r.correctedBits());
        assertTrue("input key must stay untouched", bob.contentEquals(bobBefore));
    }

    @Test
    public void leakedBitsEqualParitiesAnsweredAndRequestsAreBlockRanges() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 50_000;
        BitVector alice = BitVector.random(n, random);
        BitVector bob = CascadeFixtures.noisyCopy(alice, 0.02, random);
        CascadeSchedule schedule = CascadeSchedule.optimized(0.02, n);
        CascadeFixtures.CountingOracle[] o = new CascadeFixtures.CountingOracle[1];
        ReconciliationResult r = reconcile(alice, bob, schedule, o);
        assertNull(o[0].violation);
        assertEquals(o[0].answered, r.leakedBits());
        assertEquals(o[0].calls, r.roundTrips());
        assertEquals(2L * r.roundTrips(), r.messages());
        // a request never holds more questions than there are blocks in the passes (no index lists)
        int blocks = 0;
        for (int p = 0; p < schedule.passes(); p++) {
            blocks += (n + schedule.blockSize(p) - 1) / schedule.blockSize(p);
        }
        assertTrue(o[0].maxQuestions <= blocks);
    }

    @Test
    public void shuffleIsAPermutationAndPositionInvertsKeyIndex() {
        int n = 1000 + 3;
        CascadeShuffle shuffle = CascadeShuffle.create(n, 3, 5L);
        for (int p = 0; p < 3; p++) {
            boolean[] seen = new boolean[n];
            for (int j = 0; j < n; j++) {
                int i = shuffle.keyIndex(p, j);
                assertTrue(!seen[i]);
                seen[i] = true;
                assertEquals(j, shuffle.position(p, i));
            }
        }
        BitVector key = BitVector.random(n, new SplittableRandom(6));
        BitVector view = shuffle.shuffled(key, 1);
        for (int j = 0; j < n; j++) {
            assertEquals(key.bit(shuffle.keyIndex(1, j)), view.bit(j));
        }
    }

    @Test
    public void gatheredRangeParityMatchesTheShuffledCopy() {
        SplittableRandom random = new SplittableRandom(8);
        for (int n : new int[] {1, 2, 63, 64, 65, 255, 256, 257, 1000 + 3, 70_001}) {
            CascadeShuffle shuffle = CascadeShuffle.create(n, 2, random.nextLong());
            BitVector key = BitVector.random(n, random);
            for (int p = 0; p < 2; p++) {
                BitVector view = shuffle.shuffled(key, p);
                for (int j = 0; j < Math.min(n, 300); j++) { // copy checked bit by bit from keyIndex
                    assertEquals(key.bit(shuffle.keyIndex(p, j)), view.bit(j));
                }
                assertEquals(view.parity(0, n), shuffle.parity(key, p, 0, n));
                for (int trial = 0; trial < 50; trial++) {
                    int s = random.nextInt(n + 1);
                    int e = s + random.nextInt(n - s + 1);
                    assertEquals("n=" + n + " [" + s + "," + e + ")", view.parity(s, e), shuffle.parity(key, p, s, e));
                }
            }
        }
    }

    @Test
    public void responderAnswersAlikeBeforeAndAfterBuildingItsCopy() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 20_000;
        BitVector alice = BitVector.random(n, random);
        CascadeShuffle shuffle = CascadeShuffle.create(n, 3, 10L);
        CascadeResponder responder = new CascadeResponder(alice, shuffle);
        BitVector[] views = {shuffle.shuffled(alice, 0), shuffle.shuffled(alice, 1), shuffle.shuffled(alice, 2)};
        // small questions are gathered from the key; a large batch makes the responder copy the pass
        for (int size : new int[] {1, 5, 40, 40, 2000}) {
            int[] pass = new int[size];
            int[] start = new int[size];
            int[] end = new int[size];
            for (int i = 0; i < size; i++) {
                pass[i] = random.nextInt(3);
                start[i] = random.nextInt(n);
                end[i] = start[i] + random.nextInt(n - start[i] + 1);
            }
            BitVector answer = responder.parities(new ParityRequest(pass, start, end));
            for (int i = 0; i < size; i++) {
                assertEquals(views[pass[i]].parity(start[i], end[i]), answer.bit(i));
            }
        }
    }

    @Test
    public void originalScheduleFollowsBrassardSalvail() {
        // Brassard–Salvail '93: k1 = ⌈0.73/Q⌉ = 37 at Q = 2 %, doubling each of 4 passes
        CascadeSchedule s = CascadeSchedule.original(0.02, 1_000_000);
        assertEquals(4, s.passes());
        assertEquals(37, s.blockSize(0));
        assertEquals(296, s.blockSize(3));
        // Martinez-Mateo et al. 2015 opt. (7): k1 = 2^⌈log2(1/Q)⌉ = 64, k2 = 256, then n/2
        CascadeSchedule o = CascadeSchedule.optimized(0.02, 1_000_000);
        assertEquals(64, o.blockSize(0));
        assertEquals(256, o.blockSize(1));
        assertEquals(500_000, o.blockSize(13));
    }

    @Test
    public void efficiencyUsesBinaryEntropy() {
        // h2(0.11) = 0.4999 (standard value; −0.11·log2 0.11 − 0.89·log2 0.89)
        assertEquals(0.49992, ReconciliationResult.binaryEntropy(0.11), 1e-5);
        ReconciliationResult r = new ReconciliationResult(new BitVector(1000), 250, 1, 2, 1, 0);
        assertEquals(250 / (1000 * 0.49992), r.efficiency(0.11), 1e-4);
    }

    @Test(expected = IllegalArgumentException.class)
    public void mismatchedLengthsAreRejected() {
        CascadeShuffle shuffle = CascadeShuffle.create(100, 14, 1L);
        Cascade.reconcile(new BitVector(99), CascadeSchedule.optimized(0.02, 100), shuffle,
                request -> new BitVector(request.size()));
    }
}
