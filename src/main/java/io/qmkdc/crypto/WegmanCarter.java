package io.qmkdc.crypto;

import java.nio.ByteBuffer;

/**
 * One Wegman–Carter tag: {@code (PolynomialHash(frame, k) + s) mod (2^61 − 1)} (Wegman–Carter,
 * JCSS 22, 265 (1981), §3). Addition mod p rather than XOR because the polynomial hash is
 * ε-almost-Δ-universal for subtraction mod p, which is the property the forgery bound needs.
 *
 * <p>The hashed frame is {@code domain(8) ‖ context(8) ‖ length(8) ‖ data}: the non-zero domain
 * word keeps the leading 60-bit coefficient non-zero (the Horner evaluation ignores leading zero
 * words, so without it "0^60 ‖ m" and "m" would collide for every key), and the length makes the
 * encoding injective. Forgery per attempt ≤ L/(2^61 − 1) + 2^−60, L = ⌈(bits + 193)/60⌉.
 */
final class WegmanCarter {
    static final int KEY_BITS = 61;
    private static final long DOMAIN = 0x51_4D_4B_44_43_57_43_01L; // "QMKDCWC" v1

    private WegmanCarter() {
    }

    static long tag(long hashKey, long pad, long context, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += 4 + p.length;
        }
        ByteBuffer frame = ByteBuffer.allocate(24 + len);
        frame.putLong(DOMAIN).putLong(context).putLong(len);
        for (byte[] p : parts) {
            frame.putInt(p.length).put(p);
        }
        long h = PolynomialHash.hash(frame.array(), PolynomialHash.keyFrom(hashKey));
        return PolynomialHash.add(h, PolynomialHash.keyFrom(pad));
    }

    /** Upper bound on one forgery attempt's success for data of {@code dataBytes} bytes. */
    static double forgeryBound(long dataBytes) {
        return PolynomialHash.collisionBound((24 + 4 + dataBytes) * 8) + Math.scalb(1.0, -60);
    }

    /** Constant-time comparison of two tags. */
    static boolean same(long a, long b) {
        return ((a ^ b) | -(a ^ b)) >>> 63 == 0;
    }
}
