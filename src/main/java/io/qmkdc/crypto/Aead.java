package io.qmkdc.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM (NIST SP 800-38D) on Bouncy Castle's lightweight API, 128-bit tags.
 *
 * <p>Nonces are deterministic (SP 800-38D §8.2.1): {@code nonce = senderIndex (32 bits, big
 * endian) ‖ counter (64 bits)}. Uniqueness for a key shared by a group: every sender of that key
 * has its own index (the group assigns them and never reuses one while the key lives; the KDC is
 * index 0), and each {@link Sealer} only accepts strictly increasing counters. A process may hold
 * one sealer per (key, index) — {@link AeadKey} refuses a second; a restarted sender must get a
 * new key (new epoch) or index, never resume at counter 0.
 */
public final class Aead {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;

    public sealed interface Sealing permits Sealed, Refused {
    }

    /** Nonce and ciphertext ‖ tag; both public. */
    public record Sealed(byte[] nonce, byte[] ciphertext) implements Sealing {
        public int senderIndex() {
            return ByteBuffer.wrap(nonce).getInt(0);
        }

        public long counter() {
            return ByteBuffer.wrap(nonce).getLong(4);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sealed s && Arrays.equals(s.nonce, nonce) && Arrays.equals(s.ciphertext, ciphertext);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(nonce) * 31 + Arrays.hashCode(ciphertext);
        }

        @Override
        public String toString() {
            return "Sealed[sender=" + senderIndex() + ", counter=" + counter() + ", " + ciphertext.length + " bytes]";
        }
    }

    public record Refused(String reason) implements Sealing {
    }

    public sealed interface Opening permits Opened, Rejected {
    }

    public record Opened(byte[] plaintext) implements Opening {
        @Override
        public boolean equals(Object o) {
            return o instanceof Opened p && Arrays.equals(p.plaintext, plaintext);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(plaintext);
        }

        /** Plaintext may be key material (a wrapped G_k): length only. */
        @Override
        public String toString() {
            return "Opened[" + plaintext.length + " bytes]";
        }
    }

    public record Rejected(String reason) implements Opening {
    }

    private Aead() {
    }

    /** The sealer of sender {@code senderIndex} (≥ 0) on {@code key}; at most one per pair. */
    public static Sealer sealer(AeadKey key, int senderIndex) {
        if (senderIndex < 0) {
            throw new IllegalArgumentException("senderIndex must be >= 0, was " + senderIndex);
        }
        key.claimSender(senderIndex);
        return new Sealer(key, senderIndex);
    }

    /** Decrypts and verifies; tampering of nonce, AAD, ciphertext or tag gives {@link Rejected}. */
    public static Opening open(AeadKey key, byte[] nonce, byte[] aad, byte[] ciphertext) {
        if (key.isDestroyed()) {
            return new Rejected("key destroyed");
        }
        if (nonce.length != NONCE_BYTES) {
            return new Rejected("nonce must be 12 bytes, was " + nonce.length);
        }
        if (ciphertext.length < TAG_BITS / 8) {
            return new Rejected("ciphertext shorter than the tag");
        }
        try {
            return new Opened(key.open(nonce, aad, ciphertext, TAG_BITS));
        } catch (InvalidCipherTextException e) {
            return new Rejected("authentication failed");
        }
    }

    public static Opening open(AeadKey key, Sealed sealed, byte[] aad) {
        return open(key, sealed.nonce(), aad, sealed.ciphertext());
    }

    static byte[] nonce(int senderIndex, long counter) {
        return ByteBuffer.allocate(NONCE_BYTES).putInt(senderIndex).putLong(counter).array();
    }

    /** Raw GCM, any 96-bit nonce: for known-answer tests and the sealer. */
    static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws InvalidCipherTextException {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(input.length)];
        int n = gcm.processBytes(input, 0, input.length, out, 0);
        n += gcm.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Seals under one (key, sender index) with strictly increasing counters. */
    public static final class Sealer {
        private final AeadKey key;
        private final int senderIndex;
        private long last = -1;

        private Sealer(AeadKey key, int senderIndex) {
            this.key = key;
            this.senderIndex = senderIndex;
        }

        /** Next unused counter. */
        public synchronized long nextCounter() {
            return last + 1;
        }

        public Sealing seal(byte[] aad, byte[] plaintext) {
            synchronized (this) {
                return seal(last + 1, aad, plaintext);
            }
        }

        /** Refused unless {@code counter} exceeds every counter used before: a nonce is never reused. */
        public synchronized Sealing seal(long counter, byte[] aad, byte[] plaintext) {
            if (counter <= last) {
                return new Refused("nonce reuse: counter " + counter + " <= last used " + last);
            }
            if (counter == Long.MAX_VALUE) {
                return new Refused("counter exhausted; rekey");
            }
            if (key.isDestroyed()) {
                return new Refused("key destroyed");
            }
            byte[] nonce = nonce(senderIndex, counter);
            last = counter;
            try {
                return new Sealed(nonce, gcm(true, key.bytes(), nonce, aad, plaintext));
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("GCM encryption cannot fail authentication", e);
            }
        }

        public int senderIndex() {
            return senderIndex;
        }

        @Override
        public String toString() {
            return "Aead.Sealer[sender=" + senderIndex + ", last=" + last + "]";
        }
    }
}
