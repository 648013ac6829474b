package io.qmkdc.qkd;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * A reused {@link FftWorkspace} gives the words of a fresh one, whatever an earlier (larger or
 * smaller) product left in it, and wipes the key's arrays when done (issue 13).
 */
public class FftWorkspaceTest {
    /** Larger and smaller transforms in turn, odd lengths, m from 1 to n; the largest fills the workspace. */
    private static final int[][] SIZES = {{300_000, 150_000}, {5_000, 2_500}, {70_001, 70_001}, {200_003, 1},
            {131_072, 131_072}, {4_097, 4_097}, {262_143, 200_001}, {65_537, 20_000}};

    @Test
    public void reusedWorkspaceGivesTheWordsOfAFreshOne() {
        SplittableRandom rnd = new SplittableRandom(1313);
        FftWorkspace ws = new FftWorkspace(1 << 18);
        // stale values everywhere: a product that read them would not round to the same bits
        for (double[] a : new double[][] {ws.xr, ws.xi, ws.sr, ws.si}) {
            Arrays.fill(a, 0.375);
        }
        for (int threads = 1; threads <= 2; threads++) {
            for (int[] nm : SIZES) {
                int n = nm[0];
                int m = nm[1];
                BitVector x = BitVector.random(n, rnd);
                BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
                String what = "n=" + n + " m=" + m + " threads=" + threads;
                ToeplitzFft.Outcome fresh = ToeplitzFft.toeplitzBits(x, m, seed, threads, true,
                        new FftWorkspace(ws.capacity()));
                ToeplitzFft.Outcome reused = ToeplitzFft.toeplitzBits(x, m, seed, threads, true, ws);
                assertArrayEquals(what, fresh.words(), reused.words());
                assertEquals(what, fresh.maxRoundingError(), reused.maxRoundingError(), 0.0);
                assertTrue(what + " exact", reused.maxRoundingError() < ToeplitzFft.MAX_ROUNDING_ERROR);
                // the scalar path (scalar butterflies and rounding, fresh arrays): same doubles, so same words and distance
                ToeplitzFft.Outcome scalar = ToeplitzFft.toeplitzBits(x, m, seed, 1, false);
                assertArrayEquals(what + " scalar", scalar.words(), reused.words());
                assertEquals(what + " scalar", scalar.maxRoundingError(), reused.maxRoundingError(), 0.0);
                int size = 1 << ToeplitzFft.logSize(n, m);
                assertTrue(what + " key arrays wiped", isZero(ws.xr, size) && isZero(ws.xi, size));
                Arrays.fill(ws.xr, 0.375); // stale again for the next size
                Arrays.fill(ws.xi, 0.375);
            }
        }
    }

    /** The shared spare through the public path, pairs included: a smaller block after a larger one. */
    @Test
    public void sharedSpareGivesTheBaselineBitsInSequence() {
        SplittableRandom rnd = new SplittableRandom(1314);
        for (int[] nm : SIZES) {
            int n = nm[0];
            int m = nm[1];
            BitVector a = BitVector.random(n, rnd);
            BitVector b = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
            BitVector refA = ToeplitzHash.hashBaseline(a, m, seed);
            String what = "n=" + n + " m=" + m;
            assertTrue(what, refA.contentEquals(ToeplitzHash.hash(a, m, seed)));
            assertTrue(what + " 2 threads", refA.contentEquals(ToeplitzHash.hash(a, m, seed, 2)));
            BitVector[] pair = ToeplitzHash.hashPair(a, b, m, seed);
            assertTrue(what + " pair a", refA.contentEquals(pair[0]));
            assertTrue(what + " pair b", ToeplitzHash.hashBaseline(b, m, seed).contentEquals(pair[1]));
        }
    }

    private static boolean isZero(double[] a, int size) {
        for (int i = 0; i < size; i++) {
            if (a[i] != 0.0) {
                return false;
            }
        }
        return true;
    }
}
