package io.qmkdc.actor.link;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.KeyPool;
import io.qmkdc.qkd.BitVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.After;
import org.junit.Test;

/** The key-delivery share of a round is the same at both ends, and never also in the link's own pools. */
public class DeliveryTapTest {
    private record Got(String link, boolean kdcEnd, BitVector share) {
    }

    @After
    public void remove() {
        DeliveryTap.remove();
    }

    private static BitVector round(int bits) {
        byte[] b = new byte[bits / 8];
        new Random(1).nextBytes(b);
        return BitVector.fromBytes(b, bits);
    }

    private static BitVector first(KeyPool pool, int bits) {
        return ((KeyPool.Drawn) pool.drawBits(bits)).toBitVector();
    }

    @Test
    public void bothEndsSetAsideTheSameShareAndKeepTheRest() {
        List<Got> got = new ArrayList<>();
        DeliveryTap.install((link, kdc, share) -> got.add(new Got(link, kdc, share.slice(0, share.length()))), 0.5);
        LinkKeys kdc = new LinkKeys("g1", true);
        LinkKeys terminal = new LinkKeys("g1");
        BitVector key = round(10_000);
        kdc.commit(0, key);
        terminal.commit(0, key);
        assertEquals(2, got.size());
        assertTrue(got.get(0).kdcEnd() && !got.get(1).kdcEnd());
        assertEquals(5000, got.get(0).share().length());
        assertArrayEquals(got.get(0).share().toBytes(), got.get(1).share().toBytes());
        assertArrayEquals(key.slice(0, 5000).toBytes(), got.get(0).share().toBytes());
        // The link's own pools start after the share: P_k never reuses a delivered bit.
        assertEquals(2500, kdc.pool(0).availableBits());
        assertArrayEquals(key.slice(5000, 5064).toBytes(), first(kdc.pool(0), 64).toBytes());
        assertArrayEquals(key.slice(5000, 5064).toBytes(), first(terminal.pool(0), 64).toBytes());
        assertEquals(10_000, kdc.totalBits());
    }

    @Test
    public void withoutATapLinksKeepAllTheirKey() {
        assertNull(DeliveryTap.current());
        LinkKeys kdc = new LinkKeys("g1", true);
        BitVector key = round(10_000);
        kdc.commit(0, key);
        assertEquals(5000, kdc.pool(0).availableBits());
        assertArrayEquals(key.slice(0, 64).toBytes(), first(kdc.pool(0), 64).toBytes());
    }
}
