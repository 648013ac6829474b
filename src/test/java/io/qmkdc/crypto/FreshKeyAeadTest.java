package io.qmkdc.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.SplittableRandom;
import org.junit.Test;

public class FreshKeyAeadTest {
    private static final byte[] AAD = {1, 2};

    @Test
    public void eachMessageUsesItsOwnPoolKeyAndTamperingBurnsNothing() {
        byte[] material = new byte[96];
        new SplittableRandom(8).nextBytes(material);
        KeyPool a = new KeyPool("a");
        KeyPool b = new KeyPool("b");
        a.append(material);
        b.append(material);
        byte[] pt = {10, 20, 30};
        var s1 = (FreshKeyAead.KeySealed) FreshKeyAead.seal(a, AAD, pt);
        var s2 = (FreshKeyAead.KeySealed) FreshKeyAead.seal(a, AAD, pt);
        assertEquals(256, s2.keyOffset() - s1.keyOffset());
        byte[] ct = s1.ciphertext().clone();
        ct[ct.length - 1] ^= 1;
        assertTrue(FreshKeyAead.open(b, new FreshKeyAead.KeySealed(0, ct), AAD) instanceof Aead.Rejected);
        assertEquals(0, b.position());
        assertArrayEquals(pt, ((Aead.Opened) FreshKeyAead.open(b, s1, AAD)).plaintext());
        assertTrue("replay", FreshKeyAead.open(b, s1, AAD) instanceof Aead.Rejected);
        assertArrayEquals(pt, ((Aead.Opened) FreshKeyAead.open(b, s2, AAD)).plaintext());
        assertTrue(FreshKeyAead.seal(a, AAD, pt) instanceof FreshKeyAead.KeySealed);
        assertTrue(FreshKeyAead.seal(a, AAD, pt) instanceof FreshKeyAead.Short);
    }
}
