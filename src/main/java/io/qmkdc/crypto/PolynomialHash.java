package io.qmkdc.crypto;

/**
 * Polynomial universal hash over the prime field GF(2^61 − 1) (Carter–Wegman 1979; the
 * evaluation-hash family of Wegman–Carter, JCSS 22, 265 (1981)).
 *
 * <p>A message of {@code n} bits is cut into {@code L = ⌈(n+1)/60⌉} words of 60 bits (the last
 * word carries a closing 1-bit so that messages that differ only in trailing zeros differ), and
 * hashed as {@code h = k^L + Σ m_j k^(L−j) mod p}: the leading monic term makes messages of
 * different lengths (e.g. with leading zero words) differ as polynomials. Two distinct messages of
 * at most {@code L} words collide with probability at most {@code L / (2^61 − 1)} over a uniform
 * key {@code k} — the bound {@link #collisionBound(long)} returns. Used by key verification and by the one-time MAC of the
 * authenticated classical channel (with a one-time pad on the output).
 */
public final class PolynomialHash {
    /** The Mersenne prime 2^61 − 1. */
    public static final long P = (1L << 61) - 1;
    private static final int CHUNK = 60;

    private PolynomialHash() {
    }

    /** Reduces a 61-bit key value into the field; keys must be uniform in [0, p). */
    public static long keyFrom(long raw) {
        long k = raw & P;
        return k == P ? 0 : k;
    }

    /**
     * Hash of bits {@code [0, lengthBits)} of {@code words} (bit i = bit i&63 of word i>>>6)
     * under key {@code k} in [0, p).
     */
    public static long hash(long[] words, long lengthBits, long k) {
        if (k < 0 || k >= P) {
            throw new IllegalArgumentException("key outside [0, 2^61-1)");
        }
        long acc = 1;
        long pos = 0;
        while (pos + CHUNK <= lengthBits) {
            acc = add(mul(acc, k), extract(words, pos, CHUNK));
            pos += CHUNK;
        }
        int rest = (int) (lengthBits - pos);
        long last = (rest == 0 ? 0 : extract(words, pos, rest)) | (1L << rest);
        return add(mul(acc, k), last);
    }

    /** Hash of a byte message: bytes are packed little-endian into bits. */
    public static long hash(byte[] message, long k) {
        long[] words = new long[(message.length + 7) >>> 3];
        for (int i = 0; i < message.length; i++) {
            words[i >>> 3] |= (message[i] & 0xFFL) << ((i & 7) << 3);
        }
        return hash(words, message.length * 8L, k);
    }

    /** Upper bound on the collision probability for messages of at most {@code lengthBits} bits. */
    public static double collisionBound(long lengthBits) {
        double words = Math.ceil((lengthBits + 1) / (double) CHUNK);
        return words / (double) P;
    }

    static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        // a·b = hi·2^64 + lo; 2^64 ≡ 2^3 (mod 2^61 − 1)
        long r = (lo & P) + (lo >>> 61) + (hi << 3);
        return reduce(r);
    }

    static long add(long a, long b) {
        return reduce(a + b);
    }

    private static long reduce(long r) {
        r = (r & P) + (r >>> 61);
        r = (r & P) + (r >>> 61);
        return r >= P ? r - P : r;
    }

    private static long extract(long[] words, long pos, int bits) {
        int w = (int) (pos >>> 6);
        int s = (int) (pos & 63);
        long v = words[w] >>> s;
        if (s + bits > 64 && w + 1 < words.length) {
            v |= words[w + 1] << (64 - s);
        }
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }
}
