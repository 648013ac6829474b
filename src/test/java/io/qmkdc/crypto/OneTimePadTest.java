package io.qmkdc.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.Test;

public class OneTimePadTest {
    private static final byte[] AAD = "top|g1".getBytes(StandardCharsets.UTF_8);

    private static KeyPool[] pools(int bytes, long seed) {
        byte[] material = new byte[bytes];
        new SplittableRandom(seed).nextBytes(material);
        KeyPool a = new KeyPool("kdc");
        KeyPool b = new KeyPool("member");
        a.append(material);
        b.append(material);
        return new KeyPool[] {a, b};
    }

    @Test
    public void roundTripAndCiphertextIsPlaintextXorPoolMaterial() {
        byte[] material = new byte[200];
        new SplittableRandom(1).nextBytes(material);
        KeyPool a = new KeyPool("a");
        KeyPool b = new KeyPool("b");
        a.append(material);
        b.append(material);
        byte[] pt = "launch codes".getBytes(StandardCharsets.UTF_8);
        OneTimePad.PadSealed s = (OneTimePad.PadSealed) OneTimePad.seal(a, AAD, pt);
        assertEquals(0, s.offset());
        for (int i = 0; i < pt.length; i++) {
            assertEquals("byte " + i, (byte) (pt[i] ^ material[i]), s.ciphertext()[i]);
        }
        assertEquals(OneTimePad.bitsNeeded(pt.length), a.position());
        assertArrayEquals(pt, ((Aead.Opened) OneTimePad.open(b, s, AAD)).plaintext());
        assertEquals(a.position(), b.position());
    }

    @Test
    public void shortPoolRefusesAndConsumesNothing() {
        KeyPool[] p = pools(20, 2);
        OneTimePad.Sealing s = OneTimePad.seal(p[0], AAD, new byte[10]);
        assertEquals(new KeyPool.Short(160, 80 + 122), s);
        assertEquals(0, p[0].position());
        assertTrue(OneTimePad.seal(p[0], AAD, new byte[4]) instanceof OneTimePad.PadSealed);
    }

    @Test
    public void tamperedCiphertextTagOrAadIsRejectedWithoutBurningThePad() {
        KeyPool[] p = pools(100, 3);
        byte[] pt = "eight by".getBytes(StandardCharsets.UTF_8);
        OneTimePad.PadSealed s = (OneTimePad.PadSealed) OneTimePad.seal(p[0], AAD, pt);
        for (int bit = 0; bit < pt.length * 8; bit++) {
            byte[] c = s.ciphertext().clone();
            c[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertTrue("ciphertext bit " + bit,
                    OneTimePad.open(p[1], new OneTimePad.PadSealed(s.offset(), c, s.tag()), AAD) instanceof Aead.Rejected);
        }
        assertTrue(OneTimePad.open(p[1], new OneTimePad.PadSealed(s.offset(), s.ciphertext(), s.tag() ^ 1), AAD)
                instanceof Aead.Rejected);
        assertTrue(OneTimePad.open(p[1], s, "top|g2".getBytes(StandardCharsets.UTF_8)) instanceof Aead.Rejected);
        assertEquals(0, p[1].position());
        assertArrayEquals(pt, ((Aead.Opened) OneTimePad.open(p[1], s, AAD)).plaintext());
    }

    @Test
    public void replayedPadMessageIsRejected() {
        KeyPool[] p = pools(100, 4);
        OneTimePad.PadSealed s = (OneTimePad.PadSealed) OneTimePad.seal(p[0], AAD, new byte[5]);
        assertTrue(OneTimePad.open(p[1], s, AAD) instanceof Aead.Opened);
        Aead.Opening again = OneTimePad.open(p[1], s, AAD);
        assertTrue(again instanceof Aead.Rejected r && r.reason().contains("already consumed"));
    }

    @Test
    public void lostMessageDoesNotDesynchroniseTheReceiver() {
        KeyPool[] p = pools(200, 5);
        OneTimePad.seal(p[0], AAD, new byte[7]);
        OneTimePad.PadSealed second = (OneTimePad.PadSealed) OneTimePad.seal(p[0], AAD, new byte[] {9, 8, 7});
        assertArrayEquals(new byte[] {9, 8, 7}, ((Aead.Opened) OneTimePad.open(p[1], second, AAD)).plaintext());
    }
}
