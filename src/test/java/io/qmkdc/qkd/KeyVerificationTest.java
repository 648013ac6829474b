package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.PolynomialHash;
import java.util.SplittableRandom;
import org.junit.Test;

public class KeyVerificationTest {

    @Test
    public void equalKeysVerifyWithSquaredCollisionBound() {
        SplittableRandom random = new SplittableRandom(11);
        BitVector key = BitVector.random(1_000_000, random);
        KeyVerification.Result r = KeyVerification.verify(key, key.copy(), random);
        assertTrue(r instanceof KeyVerification.Verified);
        // ⌈(10^6 + 1)/60⌉ = 16667 words; bound per evaluation 16667/(2^61−1), squared
        double single = 16667.0 / ((double) (1L << 61) - 1);
        assertEquals(single * single, ((KeyVerification.Verified) r).collisionBound(), 1e-40);
        assertEquals(122, r.leakedTagBits());
    }

    @Test
    public void anyDifferenceIsAMismatch() {
        SplittableRandom random = new SplittableRandom(12);
        for (int n : new int[] {1, 63, 64, 65, 1000}) {
            BitVector alice = BitVector.random(n, random);
            BitVector bob = alice.copy();
            bob.flip(random.nextInt(n));
            KeyVerification.Result r = KeyVerification.verify(alice, bob, random);
            assertTrue("n=" + n, r instanceof KeyVerification.Mismatch);
            assertEquals(KeyVerification.TAG_BITS, r.leakedTagBits());
        }
    }

    @Test
    public void tagsDependOnTheHashKeyAndMatchPolynomialHash() {
        BitVector key = BitVector.random(500, new SplittableRandom(13));
        KeyVerification.HashKey hk = new KeyVerification.HashKey(12345L, 67890L);
        KeyVerification.Tag tag = KeyVerification.tag(key, hk);
        assertEquals(PolynomialHash.hash(key.words(), 500, 12345L), tag.h1());
        assertEquals(PolynomialHash.hash(key.words(), 500, 67890L), tag.h2());
        assertTrue(KeyVerification.compare(tag, tag, 500) instanceof KeyVerification.Verified);
    }

    @Test(expected = IllegalArgumentException.class)
    public void hashKeyOutsideFieldIsRejected() {
        new KeyVerification.HashKey(PolynomialHash.P, 1);
    }
}
