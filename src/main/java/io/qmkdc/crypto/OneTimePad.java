package io.qmkdc.crypto;

import java.util.Arrays;

/**
 * One-time pad from QKD key material (Vernam 1926; perfect secrecy, Shannon 1949), authenticated
 * with a one-time Wegman–Carter tag so the ciphertext is not malleable: a message of n bytes
 * consumes 8n pad bits plus 122 bits (hash key and tag pad, 61 each), taken FIFO from the pool
 * at the sender. The ciphertext carries that pool offset; the receiver reads its identical pool
 * there, checks the tag, and only then consumes — a forged message burns no key material.
 * Forgery per attempt ≤ {@link #forgeryBound(int, int)}.
 */
public final class OneTimePad {
    private static final int W = WegmanCarter.KEY_BITS;
    private static final int MAC_BITS = 2 * W;

    public sealed interface Sealing permits PadSealed, KeyPool.Short {
    }

    /** Ciphertext, the pool offset of its pad, and the Wegman–Carter tag; all public. */
    public record PadSealed(long offset, byte[] ciphertext, long tag) implements Sealing {
        @Override
        public boolean equals(Object o) {
            return o instanceof PadSealed p && p.offset == offset && p.tag == tag && Arrays.equals(p.ciphertext, ciphertext);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset) * 31 + Arrays.hashCode(ciphertext);
        }

        @Override
        public String toString() {
            return "PadSealed[offset=" + offset + ", " + ciphertext.length + " bytes]";
        }
    }

    private OneTimePad() {
    }

    /** Pool bits one message of {@code plaintextBytes} bytes consumes. */
    public static long bitsNeeded(int plaintextBytes) {
        return plaintextBytes * 8L + MAC_BITS;
    }

    /** Encrypts with the next pad from {@code pool}, or {@link KeyPool.Short} (nothing consumed). */
    public static Sealing seal(KeyPool pool, byte[] aad, byte[] plaintext) {
        KeyPool.Draw draw = pool.drawBits(bitsFor(plaintext.length));
        if (draw instanceof KeyPool.Short s) {
            return s;
        }
        KeyPool.Drawn pad = (KeyPool.Drawn) draw;
        byte[] ct = plaintext.clone();
        xor(ct, pad.bytes());
        long tag = tagOf(pad, plaintext.length, aad, ct);
        pad.wipe();
        return new PadSealed(pad.offset(), ct, tag);
    }

    /** Verifies and decrypts; the pad is consumed only if the tag is valid. */
    public static Aead.Opening open(KeyPool pool, PadSealed sealed, byte[] aad) {
        byte[] ct = sealed.ciphertext();
        int bits = bitsFor(ct.length);
        synchronized (pool) {
            KeyPool.Draw draw = pool.copyAt(sealed.offset(), bits);
            if (draw instanceof KeyPool.Short s) {
                return new Aead.Rejected("key pool short: " + s.available() + " of " + s.requested() + " bits");
            }
            if (draw instanceof KeyPool.Spent s) {
                return new Aead.Rejected("pad at offset " + s.offset() + " already consumed (replay or desync)");
            }
            KeyPool.Drawn pad = (KeyPool.Drawn) draw;
            try {
                if (!WegmanCarter.same(tagOf(pad, ct.length, aad, ct), sealed.tag())) {
                    return new Aead.Rejected("authentication failed");
                }
                pool.discardTo(sealed.offset() + bits);
                byte[] pt = ct.clone();
                xor(pt, pad.bytes());
                return new Aead.Opened(pt);
            } finally {
                pad.wipe();
            }
        }
    }

    /** {@code data[i] ^= pad[i]} for every i of data (pad at least as long). */
    public static void xor(byte[] data, byte[] pad) {
        if (pad.length < data.length) {
            throw new IllegalArgumentException("pad of " + pad.length + " bytes shorter than data of " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] ^= pad[i];
        }
    }

    /** Forgery bound per attempt for the given sizes. */
    public static double forgeryBound(int aadBytes, int plaintextBytes) {
        return WegmanCarter.forgeryBound(aadBytes + 4L + plaintextBytes);
    }

    private static int bitsFor(int bytes) {
        if (bytes < 0 || bytes > (Integer.MAX_VALUE - MAC_BITS) / 8) {
            throw new IllegalArgumentException("message of " + bytes + " bytes too long for a pad");
        }
        return bytes * 8 + MAC_BITS;
    }

    private static long tagOf(KeyPool.Drawn pad, int messageBytes, byte[] aad, byte[] ct) {
        int macAt = messageBytes * 8;
        long k = pad.bitsAsLong(macAt, W);
        long s = pad.bitsAsLong(macAt + W, W);
        return WegmanCarter.tag(k, s, pad.offset(), aad, ct);
    }
}
