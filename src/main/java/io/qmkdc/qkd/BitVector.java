package io.qmkdc.qkd;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A fixed-length string of bits packed 64 to a {@code long}, little-endian within words
 * (bit {@code i} is bit {@code i & 63} of word {@code i >>> 6}). Bits past {@code length} are
 * always zero, so word-wise operations need no masking by callers.
 *
 * <p>Key material travels in this type; {@link #toString()} never shows the bits, and
 * {@link #wipe()} zeroes them when a key is dropped.
 */
public final class BitVector {
    private final long[] words;
    private final int length;

    public BitVector(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        this.length = length;
        this.words = new long[wordsFor(length)];
    }

    private BitVector(long[] words, int length) {
        this.words = words;
        this.length = length;
    }

    /** Wraps {@code words} (not copied); bits past {@code length} are cleared. */
    public static BitVector wrap(long[] words, int length) {
        if (words.length < wordsFor(length)) {
            throw new IllegalArgumentException("need " + wordsFor(length) + " words for " + length + " bits");
        }
        BitVector v = new BitVector(words.length == wordsFor(length) ? words : Arrays.copyOf(words, wordsFor(length)), length);
        v.clearTail();
        return v;
    }

    public static BitVector random(int length, RandomGenerator random) {
        BitVector v = new BitVector(length);
        for (int i = 0; i < v.words.length; i++) {
            v.words[i] = random.nextLong();
        }
        v.clearTail();
        return v;
    }

    /** Bits from bytes, bit {@code i} = bit {@code i & 7} of byte {@code i >>> 3}. */
    public static BitVector fromBytes(byte[] bytes, int length) {
        if (length > bytes.length * 8L) {
            throw new IllegalArgumentException(length + " bits do not fit in " + bytes.length + " bytes");
        }
        BitVector v = new BitVector(length);
        for (int i = 0; i < (length + 7) >>> 3; i++) {
            v.words[i >>> 3] |= (bytes[i] & 0xFFL) << ((i & 7) << 3);
        }
        v.clearTail();
        return v;
    }

    /** One bit per array element (0 or 1), as produced by the detector model. */
    public static BitVector fromBitBytes(byte[] bits, int from, int to) {
        BitVector v = new BitVector(to - from);
        for (int i = from; i < to; i++) {
            if (bits[i] != 0) {
                v.words[(i - from) >>> 6] |= 1L << (i - from);
            }
        }
        return v;
    }

    public static int wordsFor(int bits) {
        return (bits + 63) >>> 6;
    }

    public int length() {
        return length;
    }

    /** The backing words (live, not a copy): for hot loops in this package's algorithms. */
    public long[] words() {
        return words;
    }

    public boolean get(int i) {
        checkIndex(i);
        return (words[i >>> 6] >>> i & 1L) != 0;
    }

    public int bit(int i) {
        checkIndex(i);
        return (int) (words[i >>> 6] >>> i) & 1;
    }

    public void set(int i, boolean value) {
        checkIndex(i);
        if (value) {
            words[i >>> 6] |= 1L << i;
        } else {
            words[i >>> 6] &= ~(1L << i);
        }
    }

    public void flip(int i) {
        checkIndex(i);
        words[i >>> 6] ^= 1L << i;
    }

    /** Parity of bits {@code [from, to)}. */
    public int parity(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        if (from == to) {
            return 0;
        }
        int fw = from >>> 6;
        int tw = (to - 1) >>> 6;
        long lowMask = -1L << from;
        long highMask = -1L >>> (63 - ((to - 1) & 63));
        if (fw == tw) {
            return Long.bitCount(words[fw] & lowMask & highMask) & 1;
        }
        long acc = words[fw] & lowMask;
        for (int w = fw + 1; w < tw; w++) {
            acc ^= words[w];
        }
        acc ^= words[tw] & highMask;
        return Long.bitCount(acc) & 1;
    }

    public int cardinality() {
        int c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /** Number of positions where this and {@code other} differ. */
    public int hammingDistance(BitVector other) {
        requireSameLength(other);
        int c = 0;
        for (int i = 0; i < words.length; i++) {
            c += Long.bitCount(words[i] ^ other.words[i]);
        }
        return c;
    }

    public void xorInPlace(BitVector other) {
        requireSameLength(other);
        for (int i = 0; i < words.length; i++) {
            words[i] ^= other.words[i];
        }
    }

    /** Bits {@code [from, to)} as a new vector. */
    public BitVector slice(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        BitVector out = new BitVector(to - from);
        int shift = from & 63;
        int fw = from >>> 6;
        for (int i = 0; i < out.words.length; i++) {
            long lo = words[fw + i] >>> shift;
            long hi = (shift != 0 && fw + i + 1 < words.length) ? words[fw + i + 1] << (64 - shift) : 0L;
            out.words[i] = lo | hi;
        }
        out.clearTail();
        return out;
    }

    public BitVector copy() {
        return new BitVector(words.clone(), length);
    }

    public byte[] toBytes() {
        byte[] out = new byte[(length + 7) >>> 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (words[i >>> 3] >>> ((i & 7) << 3));
        }
        return out;
    }

    /** Zeroes the bits: call when key material is dropped. */
    public void wipe() {
        Arrays.fill(words, 0L);
    }

    public boolean contentEquals(BitVector other) {
        return other != null && other.length == length && Arrays.equals(words, other.words);
    }

    /** Deliberately shows no bits: key material must never reach a log. */
    @Override
    public String toString() {
        return "BitVector[" + length + " bits]";
    }

    private void clearTail() {
        int rem = length & 63;
        if (rem != 0) {
            words[words.length - 1] &= -1L >>> (64 - rem);
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i + " of " + length);
        }
    }

    private void requireSameLength(BitVector other) {
        if (other.length != length) {
            throw new IllegalArgumentException("lengths differ: " + length + " vs " + other.length);
        }
    }
}
