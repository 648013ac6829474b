package io.qmkdc.actor;

import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.cluster.CborSerializable;
import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.CipherPolicy;
import io.qmkdc.crypto.FreshKeyAead;
import io.qmkdc.crypto.KeyPool;
import io.qmkdc.crypto.OneTimePad;
import io.qmkdc.crypto.Sensitivity;
import java.nio.charset.StandardCharsets;

/**
 * One hop of HIGH or TOP_SECRET group traffic in per-member keying (DESIGN §6): sealed with QKD
 * key of the hop's link — a fresh AES-256-GCM key per message (HIGH) or a one-time pad with a
 * Wegman–Carter tag (TOP_SECRET) — member → KDC on the sender's link (its up pool), KDC → member
 * on each recipient's link (its down pool). The KDC is the trusted relay of the star, as in
 * paper §2.5. A pool too short for the message refuses it, with the reason.
 */
public final class SecretHop {
    /** One sealed hop on the wire: the link round and pool offset of its key, ciphertext, pad tag. */
    public record Sealed(String groupId, String from, String level, int round, long offset, byte[] ciphertext, long tag)
            implements CborSerializable {
        @Override
        public String toString() {
            return "SecretHop.Sealed[" + groupId + ", from " + from + ", " + level + ", round " + round + ", "
                    + ciphertext.length + " bytes]";
        }
    }

    /** The sealed hop, or why not ({@code sealed} null). */
    record Sealing(Sealed sealed, String refusal) {
    }

    private SecretHop() {
    }

    static Sealing seal(String groupId, String from, Sensitivity level, LinkKeys keys, boolean upward, byte[] text) {
        int round = keys.latestRound();
        KeyPool pool = round < 0 ? null : upward ? keys.upPool(round) : keys.pool(round);
        if (pool == null) {
            return new Sealing(null, level + " needs QKD key on link " + keys.link() + ", which has none yet");
        }
        byte[] aad = aad(groupId, from, level, round);
        if (CipherPolicy.standard().cipherFor(level) == CipherPolicy.Cipher.ONE_TIME_PAD) {
            OneTimePad.Sealing s = OneTimePad.seal(pool, aad, text);
            if (s instanceof KeyPool.Short shortage) {
                return new Sealing(null, level + " refused: key pool short on link " + keys.link() + " ("
                        + shortage.available() + " of " + shortage.requested() + " bits for a one-time pad)");
            }
            OneTimePad.PadSealed p = (OneTimePad.PadSealed) s;
            return new Sealing(new Sealed(groupId, from, level.name(), round, p.offset(), p.ciphertext(), p.tag()), null);
        }
        FreshKeyAead.Sealing s = FreshKeyAead.seal(pool, aad, text);
        if (s instanceof FreshKeyAead.Short shortage) {
            return new Sealing(null, level + " refused: key pool short on link " + keys.link() + " ("
                    + shortage.shortage().available() + " of " + shortage.shortage().requested() + " bits for a fresh key)");
        }
        FreshKeyAead.KeySealed k = (FreshKeyAead.KeySealed) s;
        return new Sealing(new Sealed(groupId, from, level.name(), round, k.keyOffset(), k.ciphertext(), 0), null);
    }

    static Aead.Opening open(Sealed s, LinkKeys keys, boolean upward) {
        KeyPool pool = upward ? keys.upPool(s.round()) : keys.pool(s.round());
        if (pool == null) {
            return new Aead.Rejected("no key of link round " + s.round());
        }
        Sensitivity level;
        try {
            level = Sensitivity.valueOf(s.level());
        } catch (IllegalArgumentException e) {
            return new Aead.Rejected("unknown level " + s.level());
        }
        byte[] aad = aad(s.groupId(), s.from(), level, s.round());
        if (CipherPolicy.standard().cipherFor(level) == CipherPolicy.Cipher.ONE_TIME_PAD) {
            return OneTimePad.open(pool, new OneTimePad.PadSealed(s.offset(), s.ciphertext(), s.tag()), aad);
        }
        return FreshKeyAead.open(pool, new FreshKeyAead.KeySealed(s.offset(), s.ciphertext()), aad);
    }

    private static byte[] aad(String groupId, String from, Sensitivity level, int round) {
        return ("SECRET-HOP1|" + groupId + "|" + from + "|" + level + "|" + round).getBytes(StandardCharsets.UTF_8);
    }
}
