package io.qmkdc.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A 256-bit AES key. Holds the only copy this package makes (Bouncy Castle's engine keeps its own
 * expanded schedule while a cipher runs); {@link #destroy()} zeroes it. Also records which sender
 * indices have a {@link Aead.Sealer} on this key, so one process cannot create two sealers that
 * would walk the same nonces.
 */
public final class AeadKey {
    public static final int BYTES = 32;

    private final byte[] key;
    private final BitSet claimedSenders = new BitSet();
    private volatile boolean destroyed;
    private org.bouncycastle.crypto.modes.GCMModeCipher opener; // key schedule and GHASH table, built once

    private AeadKey(byte[] key) {
        this.key = key;
    }

    /** A copy of {@code key} (32 bytes); the caller may wipe its array. */
    public static AeadKey of(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes, was " + key.length);
        }
        return new AeadKey(key.clone());
    }

    public static AeadKey random(SecureRandom random) {
        byte[] k = new byte[BYTES];
        random.nextBytes(k);
        return new AeadKey(k);
    }

    /** The key from 256 bits of pool material (the draw is wiped). */
    public static AeadKey from(KeyPool.Drawn drawn) {
        if (drawn.bits() != BYTES * 8) {
            throw new IllegalArgumentException("need 256 bits of key material, got " + drawn.bits());
        }
        AeadKey k = of(drawn.bytes());
        drawn.wipe();
        return k;
    }

    /** Live key bytes for this package's ciphers; never escapes the package. */
    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key;
    }

    /** A copy of the key, for wrapping it (the caller must wipe the copy). */
    public byte[] export() {
        return bytes().clone();
    }

    synchronized void claimSender(int senderIndex) {
        if (claimedSenders.get(senderIndex)) {
            throw new IllegalStateException("sender index " + senderIndex + " already has a sealer on this key");
        }
        claimedSenders.set(senderIndex);
    }

    /** Constant-time equality of key bytes (for tests and key confirmation). */
    public boolean sameKey(AeadKey other) {
        return java.security.MessageDigest.isEqual(bytes(), other.bytes());
    }

    /**
     * Decrypts with this key's cached GCM instance: re-initialised per message with the nonce only,
     * so the AES key schedule and the GHASH table are computed once per key, not per message.
     */
    synchronized byte[] open(byte[] nonce, byte[] aad, byte[] ciphertext, int tagBits)
            throws org.bouncycastle.crypto.InvalidCipherTextException {
        if (destroyed) {
            throw new org.bouncycastle.crypto.InvalidCipherTextException("key destroyed");
        }
        if (opener == null) {
            opener = org.bouncycastle.crypto.modes.GCMBlockCipher.newInstance(
                    org.bouncycastle.crypto.engines.AESEngine.newInstance());
            opener.init(false, new org.bouncycastle.crypto.params.AEADParameters(
                    new org.bouncycastle.crypto.params.KeyParameter(bytes()), tagBits, nonce, aad));
        } else {
            opener.init(false, new org.bouncycastle.crypto.params.AEADParameters(null, tagBits, nonce, aad));
        }
        byte[] out = new byte[opener.getOutputSize(ciphertext.length)];
        int n = opener.processBytes(ciphertext, 0, ciphertext.length, out, 0);
        n += opener.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    public synchronized void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
        if (opener != null) {
            // overwrite the cached key schedule and GHASH table, then drop the instance
            opener.init(false, new org.bouncycastle.crypto.params.AEADParameters(
                    new org.bouncycastle.crypto.params.KeyParameter(new byte[BYTES]), 128, new byte[12]));
            opener = null;
        }
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return destroyed ? "AeadKey[destroyed]" : "AeadKey[256 bits]";
    }
}
