package io.qmkdc.actor;

import io.qmkdc.actor.link.LinkKeys;
import io.qmkdc.wire.CborSerializable;
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

    /** What the KDC does with one incoming hop: re-sealed copies per recipient, or a rejection, and refusals. */
    record Relayed(java.util.Map<String, Sealed> deliveries, boolean rejected, int refused) {
    }

    private SecretHop() {
    }

    /**
     * The KDC's hop: opens {@code in} on the sender's link (it must be an authenticated member with
     * a link), re-seals the text on every other current member's trusted link.
     */
    static Relayed relay(Sealed in, KdcGroup group, io.qmkdc.gkm.GroupState state) {
        KdcLink from = group == null ? null : group.links.get(in.from());
        if (from == null || state == null || !group.passed.contains(in.from())) {
            return new Relayed(java.util.Map.of(), true, 0);
        }
        if (!(open(in, from.keys, true) instanceof Aead.Opened opened)) {
            return new Relayed(java.util.Map.of(), true, 0);
        }
        byte[] text = opened.plaintext();
        Sensitivity level = Sensitivity.valueOf(in.level());
        java.util.Map<String, Sealed> out = new java.util.LinkedHashMap<>();
        int refused = 0;
        for (String member : state.members()) {
            KdcLink to = group.links.get(member);
            if (member.equals(in.from()) || to == null || !to.trusted()) {
                continue;
            }
            Sealing s = seal(in.groupId(), in.from(), level, to.keys, false, text);
            if (s.sealed() == null) {
                group.refusal = s.refusal();
                refused++;
            } else {
                out.put(member, s.sealed());
            }
        }
        java.util.Arrays.fill(text, (byte) 0);
        return new Relayed(out, false, refused);
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
