package io.qmkdc.actor;

import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.OneTimePad;
import io.qmkdc.gkm.GroupKey;
import io.qmkdc.gkm.GroupKeyDistribution;
import io.qmkdc.gkm.GroupPrivateKey;
import io.qmkdc.gkm.WrappedGroupKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The receiving end of paper eq. 7, shared by the group terminal (per-group keying) and members
 * (per-member): P_k = 256 bits at the offset the KDC names in the named round of this end's link
 * key, then G_k = D(C(G_k), P_k) with AES-256-GCM or the one-time pad.
 */
final class TerminalKeys {
    sealed interface Opening {
    }

    record Opened(GroupKey key) implements Opening {
    }

    /** This end has not committed that link round yet: try again when it has. */
    record NotYet() implements Opening {
    }

    record Refused(String reason) implements Opening {
    }

    private final String groupId;
    private final LinkKeys keys;
    private final Map<String, AeadKey> privateKeys = new HashMap<>();

    TerminalKeys(String groupId, LinkKeys keys) {
        this.groupId = groupId;
        this.keys = keys;
    }

    LinkKeys keys() {
        return keys;
    }

    Opening open(Group.DeliverGroupKey d) {
        KeyPool pool = keys.pool(d.pkRound());
        if (pool == null) {
            return new NotYet();
        }
        String at = d.pkRound() + "@" + d.pkOffset();
        AeadKey pk = privateKeys.get(at);
        if (pk == null) {
            KeyPool.Draw draw = pool.drawAt(d.pkOffset(), AeadKey.BYTES * 8);
            if (!(draw instanceof KeyPool.Drawn drawn)) {
                return new Refused("P_k of round " + d.pkRound() + " at " + d.pkOffset() + " unavailable: " + draw);
            }
            pk = AeadKey.from(drawn);
            privateKeys.put(at, pk);
        }
        WrappedGroupKey wrapped = "otp".equals(d.wrap())
                ? new WrappedGroupKey.PadWrapped(d.groupId(), d.epoch(),
                        new OneTimePad.PadSealed(d.padOffset(), d.ciphertext(), d.padTag()))
                : new WrappedGroupKey.AeadWrapped(d.groupId(), d.epoch(), new Aead.Sealed(d.nonce(), d.ciphertext()));
        GroupKeyDistribution.Unwrapping u = GroupKeyDistribution.unwrap(wrapped, new GroupPrivateKey(groupId, pk, pool));
        if (u instanceof GroupKeyDistribution.Rejected r) {
            return new Refused("C(G_k) rejected: " + r.reason());
        }
        return new Opened(((GroupKeyDistribution.Unwrapped) u).groupKey());
    }

    @Override
    public String toString() {
        return "TerminalKeys[" + groupId + ", " + keys + "]";
    }
}
