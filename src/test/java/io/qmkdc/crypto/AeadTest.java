package io.qmkdc.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.Test;

public class AeadTest {
    private static final byte[] AAD = "group=g1|epoch=3".getBytes(StandardCharsets.UTF_8);

    /** McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test case 16 (AES-256, 96-bit IV, AAD). */
    @Test
    public void knownAnswerGcmSpecTestCase16() throws Exception {
        byte[] key = Hex.bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = Hex.bytes("cafebabefacedbaddecaf888");
        byte[] pt = Hex.bytes("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = Hex.bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        String ct = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
        String tag = "76fc6ece0f4e1768cddf8853bb2d551b";
        assertEquals(ct + tag, Hex.hex(Aead.gcm(true, key, iv, aad, pt)));
        Aead.Opening o = Aead.open(AeadKey.of(key), iv, aad, Hex.bytes(ct + tag));
        assertArrayEquals(pt, ((Aead.Opened) o).plaintext());
    }

    /** McGrew & Viega GCM spec test case 14 (AES-256 zero key, one zero block, zero IV). */
    @Test
    public void knownAnswerGcmSpecTestCase14() throws Exception {
        byte[] out = Aead.gcm(true, new byte[32], new byte[12], new byte[0], new byte[16]);
        assertEquals("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919", Hex.hex(out));
    }

    private static Aead.Sealed seal(Aead.Sealer s, byte[] pt) {
        return (Aead.Sealed) s.seal(AAD, pt);
    }

    /** The key's cached GCM instance: a rejected message in between leaves later and earlier ones opening. */
    @Test
    public void theCachedOpenerSurvivesARejectionAndAnyOrder() {
        AeadKey key = AeadKey.random(new SecureRandom());
        Aead.Sealer sealer = Aead.sealer(key, 1);
        Aead.Sealed a = seal(sealer, "first".getBytes(StandardCharsets.UTF_8));
        Aead.Sealed b = seal(sealer, "second".getBytes(StandardCharsets.UTF_8));
        Aead.Sealed c = seal(sealer, "third".getBytes(StandardCharsets.UTF_8));
        byte[] bad = b.ciphertext().clone();
        bad[0] ^= 1;
        assertEquals("first", new String(((Aead.Opened) Aead.open(key, a, AAD)).plaintext(), StandardCharsets.UTF_8));
        assertTrue(Aead.open(key, b.nonce(), AAD, bad) instanceof Aead.Rejected);
        assertEquals("third", new String(((Aead.Opened) Aead.open(key, c, AAD)).plaintext(), StandardCharsets.UTF_8));
        assertEquals("second", new String(((Aead.Opened) Aead.open(key, b, AAD)).plaintext(), StandardCharsets.UTF_8));
        assertEquals("first", new String(((Aead.Opened) Aead.open(key, a, AAD)).plaintext(), StandardCharsets.UTF_8));
        AeadKey other = AeadKey.random(new SecureRandom());
        assertTrue("another key's opener", Aead.open(other, a, AAD) instanceof Aead.Rejected);
        key.destroy();
        assertTrue(Aead.open(key, a, AAD) instanceof Aead.Rejected);
    }

    @Test
    public void roundTripWithDeterministicNonce() {
        AeadKey key = AeadKey.random(new SecureRandom());
        Aead.Sealer sealer = Aead.sealer(key, 7);
        byte[] pt = "hello group".getBytes(StandardCharsets.UTF_8);
        Aead.Sealed s1 = seal(sealer, pt);
        Aead.Sealed s2 = seal(sealer, pt);
        assertEquals(7, s1.senderIndex());
        assertEquals(0, s1.counter());
        assertEquals(1, s2.counter());
        assertFalse("same plaintext, different nonce, different ciphertext",
                java.util.Arrays.equals(s1.ciphertext(), s2.ciphertext()));
        assertArrayEquals(pt, ((Aead.Opened) Aead.open(key, s1, AAD)).plaintext());
        assertArrayEquals(pt, ((Aead.Opened) Aead.open(key, s2, AAD)).plaintext());
    }

    @Test
    public void everyTamperedBitIsRejected() {
        AeadKey key = AeadKey.random(new SecureRandom());
        Aead.Sealed s = seal(Aead.sealer(key, 1), "twelve bytes".getBytes(StandardCharsets.UTF_8));
        byte[] ct = s.ciphertext();
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] t = ct.clone();
            t[bit >>> 3] ^= (byte) (1 << (bit & 7));
            String where = bit < (ct.length - 16) * 8 ? "ciphertext" : "tag";
            assertTrue(where + " bit " + bit, Aead.open(key, s.nonce(), AAD, t) instanceof Aead.Rejected);
        }
        for (int bit = 0; bit < AAD.length * 8; bit++) {
            byte[] a = AAD.clone();
            a[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertTrue("aad bit " + bit, Aead.open(key, s.nonce(), a, ct) instanceof Aead.Rejected);
        }
        byte[] n = s.nonce().clone();
        n[11] ^= 1;
        assertTrue(Aead.open(key, n, AAD, ct) instanceof Aead.Rejected);
        assertTrue(Aead.open(key, s.nonce(), AAD, new byte[5]) instanceof Aead.Rejected);
        assertTrue(Aead.open(AeadKey.random(new SecureRandom()), s, AAD) instanceof Aead.Rejected);
    }

    @Test
    public void sealerRefusesToReuseANonce() {
        Aead.Sealer sealer = Aead.sealer(AeadKey.random(new SecureRandom()), 0);
        assertTrue(sealer.seal(5, AAD, new byte[1]) instanceof Aead.Sealed);
        assertTrue(sealer.seal(5, AAD, new byte[1]) instanceof Aead.Refused);
        assertTrue(sealer.seal(3, AAD, new byte[1]) instanceof Aead.Refused);
        Aead.Sealed next = (Aead.Sealed) sealer.seal(AAD, new byte[1]);
        assertEquals(6, next.counter());
    }

    @Test
    public void aSecondSealerForTheSameKeyAndSenderIsRefused() {
        AeadKey key = AeadKey.random(new SecureRandom());
        Aead.sealer(key, 3);
        try {
            Aead.sealer(key, 3);
            fail("second sealer for sender 3 would repeat its nonces");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("3"));
        }
        Aead.Sealed other = seal(Aead.sealer(key, 4), new byte[1]);
        assertEquals(4, other.senderIndex());
    }

    @Test
    public void sendersSharingAKeyNeverShareANonce() {
        AeadKey key = AeadKey.random(new SecureRandom());
        Aead.Sealer a = Aead.sealer(key, 1);
        Aead.Sealer b = Aead.sealer(key, 2);
        java.util.Set<String> nonces = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(nonces.add(Hex.hex(seal(a, new byte[1]).nonce())));
            assertTrue(nonces.add(Hex.hex(seal(b, new byte[1]).nonce())));
        }
    }

    @Test
    public void destroyedKeyIsZeroedAndNoLongerUsable() {
        AeadKey key = AeadKey.random(new SecureRandom());
        byte[] copy = key.export();
        Aead.Sealed s = seal(Aead.sealer(key, 0), new byte[3]);
        key.destroy();
        assertTrue(Aead.open(key, s, AAD) instanceof Aead.Rejected);
        assertNotEquals(Hex.hex(copy), "00".repeat(32));
        assertEquals("AeadKey[destroyed]", key.toString());
    }
}
