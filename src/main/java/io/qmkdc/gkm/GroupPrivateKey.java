package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.KeyPool;

/**
 * P_k(m_i), the private key a group (or member) shares with the KDC through BB84 (paper §2.2,
 * eq. 5): a 256-bit AES key for wrapping G_k by AEAD, plus the link's remaining key pool for
 * wrapping by one-time pad. Both ends build it from the same 256 pool bits
 * ({@code AeadKey.from(pool.drawBits(256))} at an agreed point). Only the KDC seals under it
 * (sender index 0), so its nonces come from one counter.
 */
public final class GroupPrivateKey {
    /** Sender index of the KDC on every key it shares. */
    public static final int KDC_SENDER = 0;

    private final String groupId;
    private final AeadKey pk;
    private final KeyPool padPool;
    private Aead.Sealer kdcSealer;

    public GroupPrivateKey(String groupId, AeadKey pk, KeyPool padPool) {
        this.groupId = groupId;
        this.pk = pk;
        this.padPool = padPool;
    }

    public String groupId() {
        return groupId;
    }

    AeadKey pk() {
        return pk;
    }

    KeyPool padPool() {
        return padPool;
    }

    synchronized Aead.Sealer kdcSealer() {
        if (kdcSealer == null) {
            kdcSealer = Aead.sealer(pk, KDC_SENDER);
        }
        return kdcSealer;
    }

    /** Zeroes P_k (the pad pool belongs to the link and is wiped by its owner). */
    public void destroy() {
        pk.destroy();
    }

    @Override
    public String toString() {
        return "GroupPrivateKey[" + groupId + (pk.isDestroyed() ? ", destroyed" : "") + "]";
    }
}
