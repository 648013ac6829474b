package io.qmkdc.gkm;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.CipherPolicy;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.OneTimePad;
import io.qmkdc.crypto.Sensitivity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Group key distribution (paper §2.3, eq. 6–7): the KDC draws a random 256-bit G_k and sends
 * C(G_k) = E(M(G_k), P_k(m_i)); the group recovers G_k = D(C(G_k), P_k(m_i)). E is AES-256-GCM
 * under P_k (computational) or a one-time pad from the link pool (information-theoretic), chosen
 * by {@link Wrap#forLevel(CipherPolicy, Sensitivity)}. Either way the group id and epoch are
 * authenticated, so a wrapped key cannot be replayed into another group or epoch.
 */
public final class GroupKeyDistribution {
    public enum Wrap {
        AEAD,
        ONE_TIME_PAD;

        /** One-time pad when the policy protects {@code level} by pad, AEAD otherwise. */
        public static Wrap forLevel(CipherPolicy policy, Sensitivity level) {
            return policy.cipherFor(level) == CipherPolicy.Cipher.ONE_TIME_PAD ? ONE_TIME_PAD : AEAD;
        }
    }

    public sealed interface Wrapping permits Wrapped, NotWrapped {
    }

    public record Wrapped(WrappedGroupKey wrapped) implements Wrapping {
    }

    /** The pool was short (one-time pad) or the sealer refused; nothing was sent. */
    public record NotWrapped(String reason) implements Wrapping {
    }

    public sealed interface Unwrapping permits Unwrapped, Rejected {
    }

    public record Unwrapped(GroupKey groupKey) implements Unwrapping {
    }

    public record Rejected(String reason) implements Unwrapping {
    }

    private final SecureRandom random;

    public GroupKeyDistribution(SecureRandom random) {
        this.random = random;
    }

    /** A fresh G_k from the CSPRNG. */
    public GroupKey newGroupKey(String groupId, long epoch) {
        return new GroupKey(groupId, epoch, AeadKey.random(random));
    }

    /** C(G_k) under P_k; a pad wrap consumes 256 + 122 bits of the link pool. */
    public static Wrapping wrap(GroupKey gk, GroupPrivateKey pk, Wrap how) {
        if (!gk.groupId().equals(pk.groupId())) {
            throw new IllegalArgumentException("G_k of " + gk.groupId() + " wrapped under P_k of " + pk.groupId());
        }
        byte[] aad = aad(gk.groupId(), gk.epoch());
        byte[] m = gk.key().export();
        try {
            if (how == Wrap.AEAD) {
                Aead.Sealing s = pk.kdcSealer().seal(aad, m);
                return s instanceof Aead.Sealed sealed
                        ? new Wrapped(new WrappedGroupKey.AeadWrapped(gk.groupId(), gk.epoch(), sealed))
                        : new NotWrapped(((Aead.Refused) s).reason());
            }
            OneTimePad.Sealing s = OneTimePad.seal(pk.padPool(), aad, m);
            return s instanceof OneTimePad.PadSealed sealed
                    ? new Wrapped(new WrappedGroupKey.PadWrapped(gk.groupId(), gk.epoch(), sealed))
                    : new NotWrapped("key pool short: " + ((KeyPool.Short) s).available() + " of "
                            + ((KeyPool.Short) s).requested() + " bits");
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    /** G_k = D(C(G_k), P_k); tampering, a wrong P_k or a replayed pad give {@link Rejected}. */
    public static Unwrapping unwrap(WrappedGroupKey w, GroupPrivateKey pk) {
        if (!w.groupId().equals(pk.groupId())) {
            return new Rejected("wrapped for " + w.groupId() + ", P_k of " + pk.groupId());
        }
        byte[] aad = aad(w.groupId(), w.epoch());
        Aead.Opening o = w instanceof WrappedGroupKey.AeadWrapped a
                ? Aead.open(pk.pk(), a.sealed(), aad)
                : OneTimePad.open(pk.padPool(), ((WrappedGroupKey.PadWrapped) w).sealed(), aad);
        if (o instanceof Aead.Rejected r) {
            return new Rejected(r.reason());
        }
        byte[] m = ((Aead.Opened) o).plaintext();
        try {
            if (m.length != AeadKey.BYTES) {
                return new Rejected("unwrapped key has " + m.length + " bytes");
            }
            return new Unwrapped(new GroupKey(w.groupId(), w.epoch(), AeadKey.of(m)));
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    static byte[] aad(String groupId, long epoch) {
        byte[] g = groupId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + g.length + 8).putLong(0x474B2D5752415031L) // "GK-WRAP1"
                .putInt(g.length).put(g).putLong(epoch).array();
    }
}
