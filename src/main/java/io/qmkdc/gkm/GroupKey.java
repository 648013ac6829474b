package io.qmkdc.gkm;

import io.qmkdc.crypto.AeadKey;

/**
 * The group key G_k of one group for one key epoch (paper §2.3). The AES key is shared by every
 * member of that epoch; {@link #destroy()} zeroes it when the epoch is retired.
 */
public final class GroupKey {
    private final String groupId;
    private final long epoch;
    private final AeadKey key;

    public GroupKey(String groupId, long epoch, AeadKey key) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
        this.groupId = groupId;
        this.epoch = epoch;
        this.key = key;
    }

    public String groupId() {
        return groupId;
    }

    public long epoch() {
        return epoch;
    }

    public AeadKey key() {
        return key;
    }

    public void destroy() {
        key.destroy();
    }

    public boolean isDestroyed() {
        return key.isDestroyed();
    }

    @Override
    public String toString() {
        return "GroupKey[" + groupId + ", epoch=" + epoch + (key.isDestroyed() ? ", destroyed" : "") + "]";
    }
}
