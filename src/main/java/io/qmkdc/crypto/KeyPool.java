package io.qmkdc.crypto;

import io.qmkdc.qkd.BitVector;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Append-only pool of QKD key material for one end of one link: privacy amplification appends
 * blocks, consumers draw exact numbers of bits, each bit handed out at most once and zeroed here
 * as soon as it leaves or is skipped.
 *
 * <p><b>Ordering.</b> Both ends of a link hold identical pools and must consume them identically.
 * The pool is a FIFO stream of bits with absolute <em>offsets</em> (bits consumed since the pool
 * was created): {@link #drawBits(int)} takes from the head; {@link #drawAt(long, int)} takes at an
 * offset the peer announced (skipping, and zeroing, anything before it). Senders put the offset of
 * what they drew in their message, so the receiver draws the same bits even when messages were
 * lost; an offset already passed is {@link Spent} (replay or desync). Purposes that run
 * concurrently (MAC pads per direction, one-time-pad traffic, key wrapping) get separate pools
 * filled from the link pool at a point both ends agree on: {@code child.append(parent.drawBits(n))}.
 *
 * <p>Thread-safe (all methods synchronized). {@link #toString()} shows sizes only.
 */
public final class KeyPool {
    /** Outcome of a draw. */
    public sealed interface Draw permits Drawn, Short, Spent {
    }

    /**
     * Key material: {@code bits} bits packed little-endian into {@code bytes} (bit i = bit i&7 of
     * byte i>>>3; unused high bits of the last byte are zero), starting at pool {@code offset}.
     * The caller owns the array and should {@link #wipe()} it after use.
     */
    public record Drawn(byte[] bytes, int bits, long offset) implements Draw {
        public BitVector toBitVector() {
            return BitVector.fromBytes(bytes, bits);
        }

        /** The first {@code n} ≤ 64 bits as an unsigned value (bit 0 = least significant). */
        public long firstBitsAsLong(int n) {
            return bitsAsLong(0, n);
        }

        /** Bits {@code [from, from+n)}, n ≤ 64, as an unsigned value. */
        public long bitsAsLong(int from, int n) {
            if (n < 0 || n > 64 || from < 0 || from + n > bits) {
                throw new IllegalArgumentException("bit range [" + from + ", " + (from + n) + ") outside [0, " + bits + "]");
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                int b = from + i;
                v |= (long) ((bytes[b >>> 3] >>> (b & 7)) & 1) << i;
            }
            return v;
        }

        public void wipe() {
            Arrays.fill(bytes, (byte) 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Drawn d && d.bits == bits && d.offset == offset && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset) * 31 + bits;
        }

        @Override
        public String toString() {
            return "Drawn[" + bits + " bits at " + offset + "]";
        }
    }

    /** Not enough material: {@code available} bits from the requested offset, {@code requested} asked. */
    public record Short(long available, long requested) implements Draw, OneTimeMac.Signing, OneTimeMac.Verification, OneTimePad.Sealing {
    }

    /** The requested offset lies before the pool's read position: already consumed (replay or desync). */
    public record Spent(long offset, long position) implements Draw {
    }

    private final String link;
    private final ArrayDeque<long[]> blocks = new ArrayDeque<>();
    private final ArrayDeque<Integer> blockBits = new ArrayDeque<>();
    /** Bits of the head block already consumed. */
    private int headUsed;
    private long position;
    private long available;
    private long appended;

    public KeyPool(String link) {
        this.link = link;
    }

    /** Appends a copy of {@code bits}; the caller may wipe its vector afterwards. */
    public synchronized void append(BitVector bits) {
        if (bits.length() == 0) {
            return;
        }
        blocks.addLast(Arrays.copyOf(bits.words(), BitVector.wordsFor(bits.length())));
        blockBits.addLast(bits.length());
        available += bits.length();
        appended += bits.length();
    }

    /** Appends a copy of all {@code 8·block.length} bits of {@code block}. */
    public void append(byte[] block) {
        BitVector v = BitVector.fromBytes(block, block.length * 8);
        append(v);
        v.wipe();
    }

    /** Appends the material of a draw from another pool (the draw is wiped). */
    public void append(Drawn drawn) {
        BitVector v = drawn.toBitVector();
        append(v);
        v.wipe();
        drawn.wipe();
    }

    /** Draws {@code bits} bits from the head, or {@link Short} (nothing consumed). */
    public synchronized Draw drawBits(int bits) {
        return drawAt(position, bits);
    }

    /** Draws {@code n·8} bits from the head. */
    public Draw drawBytes(int n) {
        if (n < 0 || n > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("byte count must be in [0, 2^28), was " + n);
        }
        return drawBits(n * 8);
    }

    /**
     * Draws {@code bits} bits starting at absolute {@code offset} ≥ {@link #position()}; material
     * before {@code offset} is discarded (zeroed). {@link Spent} if {@code offset} was passed,
     * {@link Short} (nothing consumed) if the pool does not reach {@code offset + bits}.
     */
    public synchronized Draw drawAt(long offset, int bits) {
        Draw peek = copyAt(offset, bits);
        if (peek instanceof Drawn) {
            discardTo(offset + bits);
        }
        return peek;
    }

    /**
     * Reads without consuming: for verify-before-commit (a MAC receiver must not let a forged
     * message burn key material). Package-private so only this package's protocols use it.
     */
    synchronized Draw copyAt(long offset, int bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("bits must be >= 0, was " + bits);
        }
        if (offset < position) {
            return new Spent(offset, position);
        }
        long reach = position + available;
        if (offset + bits > reach) {
            return new Short(Math.max(0, reach - offset), bits);
        }
        long[] out = new long[BitVector.wordsFor(bits)];
        long skip = offset - position + headUsed;
        int outBit = 0;
        var sizes = blockBits.iterator();
        for (long[] block : blocks) {
            int size = sizes.next();
            if (skip >= size) {
                skip -= size;
                continue;
            }
            int from = (int) skip;
            skip = 0;
            int take = Math.min(size - from, bits - outBit);
            for (int done = 0; done < take; done += 64) {
                int n = Math.min(64, take - done);
                put(out, outBit + done, extract(block, from + done, n), n);
            }
            outBit += take;
            if (outBit == bits) {
                break;
            }
        }
        BitVector v = BitVector.wrap(out, bits);
        byte[] bytes = v.toBytes();
        v.wipe();
        return new Drawn(bytes, bits, offset);
    }

    private static long extract(long[] words, int pos, int n) {
        int w = pos >>> 6;
        int s = pos & 63;
        long v = words[w] >>> s;
        if (s != 0 && s + n > 64) {
            v |= words[w + 1] << (64 - s);
        }
        return n == 64 ? v : v & ((1L << n) - 1);
    }

    private static void put(long[] words, int pos, long v, int n) {
        int w = pos >>> 6;
        int s = pos & 63;
        words[w] |= v << s;
        if (s != 0 && s + n > 64) {
            words[w + 1] |= v >>> (64 - s);
        }
    }

    /** Consumes (and zeroes) everything before {@code offset}; no-op if already past. */
    synchronized void discardTo(long offset) {
        long n = Math.min(offset - position, available);
        if (n <= 0) {
            return;
        }
        position += n;
        available -= n;
        while (n > 0) {
            long[] head = blocks.peekFirst();
            int size = blockBits.peekFirst();
            int left = size - headUsed;
            if (n >= left) {
                Arrays.fill(head, 0L);
                blocks.pollFirst();
                blockBits.pollFirst();
                headUsed = 0;
                n -= left;
            } else {
                zeroBits(head, headUsed, headUsed + (int) n);
                headUsed += (int) n;
                n = 0;
            }
        }
    }

    private static void zeroBits(long[] words, int from, int to) {
        for (int b = from; b < to; ) {
            int s = b & 63;
            int n = Math.min(64 - s, to - b);
            long mask = (n == 64 ? -1L : ((1L << n) - 1)) << s;
            words[b >>> 6] &= ~mask;
            b += n;
        }
    }

    /** Offset of the next unconsumed bit (= bits consumed so far). */
    public synchronized long position() {
        return position;
    }

    public synchronized long availableBits() {
        return available;
    }

    public synchronized long appendedBits() {
        return appended;
    }

    public String link() {
        return link;
    }

    /** Zeroes and drops all remaining material. */
    public synchronized void wipe() {
        for (long[] b : blocks) {
            Arrays.fill(b, 0L);
        }
        position += available;
        available = 0;
        headUsed = 0;
        blocks.clear();
        blockBits.clear();
    }

    @Override
    public synchronized String toString() {
        return "KeyPool[" + link + ", position=" + position + ", available=" + available + " bits]";
    }
}
