package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

public class PrivacyAmplificationTest {

    @Test
    public void bothSidesWithTheSameSeedGetTheSameKey() {
        SplittableRandom rnd = new SplittableRandom(21);
        BitVector alice = BitVector.random(300_000, rnd);
        BitVector bob = alice.copy();
        BitVector seed = PrivacyAmplification.drawSeed(300_000, 120_000, new SplittableRandom(99));
        assertEquals(300_000 + 120_000 - 1, seed.length());
        BitVector ka = PrivacyAmplification.apply(alice, 120_000, seed);
        BitVector kb = PrivacyAmplification.apply(bob, 120_000, seed);
        assertEquals(120_000, ka.length());
        assertTrue(ka.contentEquals(kb));
        // a one-bit difference in the reconciled key changes about half of the final bits
        bob.flip(12_345);
        int d = ka.hammingDistance(PrivacyAmplification.apply(bob, 120_000, seed));
        assertTrue("distance " + d, Math.abs(d - 60_000) < 5 * Math.sqrt(30_000));
    }

    @Test
    public void seedDrawIsDeterministicForAGivenGenerator() {
        BitVector a = PrivacyAmplification.drawSeed(1000, 100, new SplittableRandom(5));
        BitVector b = PrivacyAmplification.drawSeed(1000, 100, new SplittableRandom(5));
        BitVector c = PrivacyAmplification.drawSeed(1000, 100, new SplittableRandom(6));
        assertTrue(a.contentEquals(b));
        assertFalse(a.contentEquals(c));
    }

    @Test
    public void resultReportsSizesButNoKeyBits() {
        SplittableRandom rnd = new SplittableRandom(22);
        BitVector key = BitVector.random(5000, rnd);
        BitVector seed = PrivacyAmplification.drawSeed(5000, 1000, rnd);
        PrivacyAmplification.Result r = PrivacyAmplification.amplify(key, 1000, seed);
        assertEquals(5000, r.inputBits());
        assertEquals(1000, r.outputBits());
        assertEquals(4000, r.compressedBits());
        assertTrue(r.finalKey().contentEquals(ToeplitzHash.hashReference(key, 1000, seed)));
        assertFalse(r.toString().contains("0101"));
        assertTrue(r.toString().contains("1000"));
    }

    @Test
    public void zeroFinalLengthGivesEmptyKey() {
        BitVector key = BitVector.random(64, new SplittableRandom(23));
        BitVector seed = PrivacyAmplification.drawSeed(64, 0, new SplittableRandom(1));
        assertEquals(0, seed.length());
        assertEquals(0, PrivacyAmplification.apply(key, 0, seed).length());
    }

    @Test
    public void finalLengthEqualToInputIsAllowed() {
        SplittableRandom rnd = new SplittableRandom(24);
        BitVector key = BitVector.random(777, rnd);
        BitVector seed = PrivacyAmplification.drawSeed(777, 777, rnd);
        assertTrue(PrivacyAmplification.apply(key, 777, seed).contentEquals(ToeplitzHash.hashReference(key, 777, seed)));
    }

    @Test
    public void rejectsFinalLengthOutOfRangeNamingIt() {
        BitVector key = new BitVector(100);
        for (int bad : new int[] {-1, 101}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrivacyAmplification.apply(key, bad, new BitVector(199)));
            assertTrue(e.getMessage(), e.getMessage().contains("finalLength"));
            e = assertThrows(IllegalArgumentException.class,
                    () -> PrivacyAmplification.drawSeed(100, bad, new SplittableRandom(1)));
            assertTrue(e.getMessage(), e.getMessage().contains("finalLength"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrivacyAmplification.apply(key, 50, new BitVector(100)));
        assertTrue(e.getMessage(), e.getMessage().contains("seed"));
    }
}
