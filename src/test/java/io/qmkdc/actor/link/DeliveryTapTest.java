package io.qmkdc.actor.link;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.crypto.KeyPool;
import io.qmkdc.kme.DeliveryPools;
import io.qmkdc.qkd.BitVector;
import java.util.Random;
import org.junit.Test;

/** The key-delivery share of a round is the same at both ends, and never also in the link's own pools. */
public class DeliveryTapTest {
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
        DeliveryPools pools = new DeliveryPools();
        DeliveryTap tap = new DeliveryTap(pools, 0.5);
        LinkKeys kdc = new LinkKeys("g1", tap, true);
        LinkKeys terminal = new LinkKeys("g1", tap, false);
        BitVector key = round(10_000);
        kdc.commit(0, key);
        terminal.commit(0, key);
        DeliveryPools.Ends ends = pools.ends("g1");
        assertEquals(5000, ends.kdc().availableBits());
        assertEquals(5000, ends.kme().availableBits());
        // The round counts once (at the KDC end), though both ends committed it.
        assertEquals(10_000, tap.distilledBits("g1"));
        assertEquals(5000, tap.setAsideBits("g1"));
        assertEquals(0, tap.distilledBits("g2"));
        assertArrayEquals(key.slice(0, 5000).toBytes(), first(ends.kdc(), 5000).toBytes());
        assertArrayEquals(key.slice(0, 5000).toBytes(), first(ends.kme(), 5000).toBytes());
        // The link's own pools start after the share: P_k never reuses a delivered bit.
        assertEquals(2500, kdc.pool(0).availableBits());
        assertArrayEquals(key.slice(5000, 5064).toBytes(), first(kdc.pool(0), 64).toBytes());
        assertArrayEquals(key.slice(5000, 5064).toBytes(), first(terminal.pool(0), 64).toBytes());
        assertEquals(10_000, kdc.totalBits());
    }

    @Test
    public void withAShareOfZeroLinksKeepAllTheirKey() {
        DeliveryPools pools = new DeliveryPools();
        DeliveryTap tap = new DeliveryTap(pools, 0);
        assertTrue(tap.pools().isEmpty());
        LinkKeys kdc = new LinkKeys("g1", tap, true);
        BitVector key = round(10_000);
        kdc.commit(0, key);
        assertEquals(5000, kdc.pool(0).availableBits());
        assertArrayEquals(key.slice(0, 64).toBytes(), first(kdc.pool(0), 64).toBytes());
        assertEquals(0, pools.usableBits("g1"));
    }
}
