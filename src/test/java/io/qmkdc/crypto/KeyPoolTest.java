package io.qmkdc.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.qmkdc.qkd.BitVector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.Test;

public class KeyPoolTest {

    private static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    public void fifoDrawsReassembleTheAppendedStreamExactlyOnce() {
        SplittableRandom rnd = new SplittableRandom(11);
        KeyPool pool = new KeyPool("kdc-g1");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 7; i++) {
            byte[] block = randomBytes(rnd, 1 + rnd.nextInt(40));
            stream.writeBytes(block);
            pool.append(block);
        }
        byte[] all = stream.toByteArray();
        BitVector expected = BitVector.fromBytes(all, all.length * 8);
        int pos = 0;
        while (true) {
            int n = 1 + rnd.nextInt(70);
            KeyPool.Draw d = pool.drawBits(n);
            if (d instanceof KeyPool.Short s) {
                assertEquals(all.length * 8L - pos, s.available());
                assertEquals(n, s.requested());
                break;
            }
            KeyPool.Drawn drawn = (KeyPool.Drawn) d;
            assertEquals(pos, drawn.offset());
            assertTrue("draw at " + pos, expected.slice(pos, pos + n).contentEquals(drawn.toBitVector()));
            pos += n;
        }
        assertEquals(pos, pool.position());
    }

    @Test
    public void shortDrawConsumesNothing() {
        KeyPool pool = new KeyPool("l");
        pool.append(new byte[] {1, 2, 3});
        assertEquals(new KeyPool.Short(24, 25), pool.drawBits(25));
        assertEquals(24, pool.availableBits());
        KeyPool.Drawn d = (KeyPool.Drawn) pool.drawBytes(3);
        assertArrayEquals(new byte[] {1, 2, 3}, d.bytes());
        assertEquals(new KeyPool.Short(0, 8), pool.drawBytes(1));
    }

    @Test
    public void drawAtSkipsEarlierMaterialAndRefusesOffsetsAlreadyPassed() {
        KeyPool pool = new KeyPool("l");
        pool.append(new byte[] {(byte) 0x11, (byte) 0x22, (byte) 0x33, (byte) 0x44});
        KeyPool.Drawn d = (KeyPool.Drawn) pool.drawAt(16, 8);
        assertArrayEquals(new byte[] {0x33}, d.bytes());
        assertEquals(24, pool.position());
        assertEquals(new KeyPool.Spent(0, 24), pool.drawAt(0, 8));
        assertEquals(new KeyPool.Spent(16, 24), pool.drawAt(16, 8));
        assertArrayEquals(new byte[] {0x44}, ((KeyPool.Drawn) pool.drawBytes(1)).bytes());
    }

    @Test
    public void bothEndsOfALinkDrawIdenticalMaterialInTheSameOrder() {
        SplittableRandom rnd = new SplittableRandom(5);
        KeyPool alice = new KeyPool("a");
        KeyPool bob = new KeyPool("b");
        for (int i = 0; i < 5; i++) {
            BitVector pa = BitVector.random(100 + i, rnd);
            alice.append(pa);
            bob.append(pa.copy());
        }
        KeyPool.Drawn a = (KeyPool.Drawn) alice.drawBits(333);
        KeyPool.Drawn b = (KeyPool.Drawn) bob.drawBits(333);
        assertEquals(a, b);
    }

    @Test
    public void concurrentConsumersNeverReceiveTheSameBits() throws InterruptedException {
        KeyPool pool = new KeyPool("l");
        SplittableRandom rnd = new SplittableRandom(3);
        pool.append(randomBytes(rnd, 8 * 4000));
        TreeMap<Long, Integer> seen = new TreeMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int bits = 17 + 13 * t;
            threads.add(new Thread(() -> {
                while (pool.drawBits(bits) instanceof KeyPool.Drawn d) {
                    synchronized (seen) {
                        seen.put(d.offset(), d.bits());
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long next = 0;
        for (var e : seen.entrySet()) {
            assertEquals("draws must tile the stream without overlap", next, (long) e.getKey());
            next = e.getKey() + e.getValue();
        }
        assertEquals(pool.position(), next);
        assertTrue(pool.availableBits() < 17 + 13 * 3);
    }

    @Test
    public void consumedMaterialIsZeroedInTheCallersCopyOnWipe() {
        KeyPool pool = new KeyPool("l");
        pool.append(new byte[] {-1, -1});
        KeyPool.Drawn d = (KeyPool.Drawn) pool.drawBits(12);
        assertArrayEquals(new byte[] {-1, 0x0F}, d.bytes());
        d.wipe();
        assertArrayEquals(new byte[2], d.bytes());
        pool.wipe();
        assertEquals(0, pool.availableBits());
        assertFalse(pool.drawBits(1) instanceof KeyPool.Drawn);
    }

    @Test
    public void toStringShowsNoKeyMaterial() {
        byte[] key = randomBytes(new SplittableRandom(9), 32);
        KeyPool pool = new KeyPool("link-7");
        pool.append(key);
        assertFalse(Hex.leaks(pool.toString(), key));
        KeyPool.Drawn d = (KeyPool.Drawn) pool.drawBytes(32);
        assertFalse(Hex.leaks(d.toString(), key));
        assertTrue(pool.toString().contains("link-7"));
    }
}
