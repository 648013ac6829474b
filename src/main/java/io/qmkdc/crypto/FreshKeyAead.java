package io.qmkdc.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * AES-256-GCM under a key used for one message only, drawn from QKD material ({@link
 * Sensitivity#HIGH}): 256 pool bits per message. With a single-use key a fixed all-zero nonce is
 * safe (SP 800-38D §8: uniqueness is per key). The message carries the pool offset of its key;
 * the receiver reads its identical pool there and consumes the key only if the message opens.
 */
public final class FreshKeyAead {
    private static final int KEY_BITS = AeadKey.BYTES * 8;
    private static final byte[] ZERO_NONCE = new byte[Aead.NONCE_BYTES];

    public sealed interface Sealing permits KeySealed, Short {
    }

    /** Ciphertext ‖ tag and the pool offset of its key; public. */
    public record KeySealed(long keyOffset, byte[] ciphertext) implements Sealing {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeySealed k && k.keyOffset == keyOffset && Arrays.equals(k.ciphertext, ciphertext);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(keyOffset) * 31 + Arrays.hashCode(ciphertext);
        }

        @Override
        public String toString() {
            return "KeySealed[keyOffset=" + keyOffset + ", " + ciphertext.length + " bytes]";
        }
    }

    /** The pool could not supply a key; nothing consumed. */
    public record Short(KeyPool.Short shortage) implements Sealing {
    }

    private FreshKeyAead() {
    }

    public static Sealing seal(KeyPool pool, byte[] aad, byte[] plaintext) {
        KeyPool.Draw d = pool.drawBits(KEY_BITS);
        if (d instanceof KeyPool.Short s) {
            return new Short(s);
        }
        KeyPool.Drawn key = (KeyPool.Drawn) d;
        try {
            return new KeySealed(key.offset(), Aead.gcm(true, key.bytes(), ZERO_NONCE, aad, plaintext));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail authentication", e);
        } finally {
            key.wipe();
        }
    }

    public static Aead.Opening open(KeyPool pool, KeySealed sealed, byte[] aad) {
        synchronized (pool) {
            KeyPool.Draw d = pool.copyAt(sealed.keyOffset(), KEY_BITS);
            if (!(d instanceof KeyPool.Drawn key)) {
                return new Aead.Rejected("no key at offset " + sealed.keyOffset() + ": " + d);
            }
            try {
                byte[] pt = Aead.gcm(false, key.bytes(), ZERO_NONCE, aad, sealed.ciphertext());
                pool.discardTo(sealed.keyOffset() + KEY_BITS);
                return new Aead.Opened(pt);
            } catch (InvalidCipherTextException | IllegalArgumentException e) {
                return new Aead.Rejected("authentication failed");
            } finally {
                key.wipe();
            }
        }
    }
}
