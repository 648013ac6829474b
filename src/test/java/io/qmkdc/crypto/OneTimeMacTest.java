package io.qmkdc.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.qkd.BitVector;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.Test;

public class OneTimeMacTest {
    /** Alice's signing MAC and Bob's verifying MAC over identical pools of {@code bits} bits. */
    private static OneTimeMac[] pair(int bits, int reuse, long seed) {
        BitVector material = BitVector.random(bits, new SplittableRandom(seed));
        KeyPool a = new KeyPool("a->b@a");
        KeyPool b = new KeyPool("a->b@b");
        a.append(material);
        b.append(material);
        return new OneTimeMac[] {new OneTimeMac(a, reuse, 100), new OneTimeMac(b, reuse, 100)};
    }

    private static byte[] msg(int i) {
        return ("cascade parities round " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static OneTimeMac.Tag sign(OneTimeMac mac, byte[] m) {
        return ((OneTimeMac.Signed) mac.sign(m)).tag();
    }

    @Test
    public void honestMessagesVerifyAcrossHashKeyRefreshes() {
        OneTimeMac[] p = pair(61 * 200, 4, 1);
        for (int i = 0; i < 30; i++) {
            OneTimeMac.Tag t = sign(p[0], msg(i));
            assertEquals(i, t.sequence());
            assertEquals(new OneTimeMac.Valid(i), p[1].verify(msg(i), t));
        }
    }

    @Test
    public void modifiedMessageTagOrSequenceIsInvalid() {
        OneTimeMac[] p = pair(61 * 100, 8, 2);
        byte[] m = msg(0);
        OneTimeMac.Tag t = sign(p[0], m);
        for (int bit = 0; bit < m.length * 8; bit++) {
            byte[] f = m.clone();
            f[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertTrue("message bit " + bit, p[1].verify(f, t) instanceof OneTimeMac.Invalid);
        }
        for (int bit = 0; bit < 61; bit++) {
            OneTimeMac.Tag f = new OneTimeMac.Tag(0, t.value() ^ (1L << bit));
            assertTrue("tag bit " + bit, p[1].verify(m, f) instanceof OneTimeMac.Invalid);
        }
        assertTrue(p[1].verify(m, new OneTimeMac.Tag(1, t.value())) instanceof OneTimeMac.Invalid);
        assertTrue(p[1].verify(new byte[0], t) instanceof OneTimeMac.Invalid);
        assertEquals("failed attempts burn no key: the real message still verifies",
                new OneTimeMac.Valid(0), p[1].verify(m, t));
    }

    @Test
    public void randomTagGuessesFail() {
        OneTimeMac[] p = pair(61 * 10, 8, 3);
        OneTimeMac.Tag real = sign(p[0], msg(0));
        SplittableRandom rnd = new SplittableRandom(4);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            long guess = rnd.nextLong(PolynomialHash.P);
            if (guess != real.value() && p[1].verify(msg(0), new OneTimeMac.Tag(0, guess)) instanceof OneTimeMac.Valid) {
                accepted++;
            }
        }
        assertEquals("each wrong tag must be refused", 0, accepted);
        assertEquals(new OneTimeMac.Valid(0), p[1].verify(msg(0), real));
    }

    @Test
    public void replayIsDetected() {
        OneTimeMac[] p = pair(61 * 20, 8, 5);
        OneTimeMac.Tag t0 = sign(p[0], msg(0));
        OneTimeMac.Tag t1 = sign(p[0], msg(1));
        assertTrue(p[1].verify(msg(0), t0) instanceof OneTimeMac.Valid);
        assertEquals(new OneTimeMac.Replayed(0, 1), p[1].verify(msg(0), t0));
        assertTrue(p[1].verify(msg(1), t1) instanceof OneTimeMac.Valid);
        assertEquals(new OneTimeMac.Replayed(1, 2), p[1].verify(msg(1), t1));
    }

    @Test
    public void lostMessagesDoNotDesynchroniseTheReceiver() {
        OneTimeMac[] p = pair(61 * 40, 3, 6);
        OneTimeMac.Tag[] tags = new OneTimeMac.Tag[10];
        for (int i = 0; i < 10; i++) {
            tags[i] = sign(p[0], msg(i));
        }
        assertTrue(p[1].verify(msg(1), tags[1]) instanceof OneTimeMac.Valid);
        assertTrue("skips into the next hash-key block", p[1].verify(msg(7), tags[7]) instanceof OneTimeMac.Valid);
        assertTrue(p[1].verify(msg(4), tags[4]) instanceof OneTimeMac.Replayed);
        assertTrue(p[1].verify(msg(8), tags[8]) instanceof OneTimeMac.Valid);
    }

    @Test
    public void shortPoolIsReportedNotThrown() {
        OneTimeMac[] p = pair(61 * 3, 8, 7);
        assertTrue(p[0].sign(msg(0)) instanceof OneTimeMac.Signed);
        assertTrue(p[0].sign(msg(1)) instanceof OneTimeMac.Signed);
        assertTrue(p[0].sign(msg(2)) instanceof KeyPool.Short);
        assertEquals("a short pool does not advance the sequence", 2, p[0].nextSequence());
    }

    @Test
    public void forgeryBoundMatchesWordCount() {
        // 1024-byte message + 28-byte frame header = 8416 bits; + closing bit → ⌈8417/60⌉ = 141 words
        assertEquals(141 / (Math.pow(2, 61) - 1) + Math.pow(2, -60), OneTimeMac.forgeryBound(1024), 1e-30);
        assertTrue(OneTimeMac.forgeryBound(1024) < Math.pow(2, -53));
    }

    @Test
    public void leadingZeroWordsCannotForgeAShorterMessage() {
        // the raw Horner hash ignores leading zero 60-bit words; the framed MAC must not
        long k = 987654321L;
        byte[] m = {5};
        byte[] padded = new byte[16];
        padded[15] = 5;
        assertTrue(WegmanCarter.tag(k, 0, 0, m) != WegmanCarter.tag(k, 0, 0, padded));
    }
}
