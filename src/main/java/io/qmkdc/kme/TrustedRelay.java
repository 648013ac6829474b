package io.qmkdc.kme;

import io.qmkdc.crypto.Aead;
import io.qmkdc.crypto.AeadKey;
import io.qmkdc.crypto.CipherPolicy;
import io.qmkdc.crypto.FreshKeyAead;
import io.qmkdc.crypto.OneTimePad;
import io.qmkdc.crypto.Sensitivity;
import java.nio.charset.StandardCharsets;

/**
 * The KDC as trusted relay of a delivered key (paper §2.5): the KDC seals the key on its end of the slave KME's
 * link, the slave KME opens it on its end. The hop's cipher follows the {@link CipherPolicy}: a one-time pad with a
 * Wegman–Carter tag where the link's level asks for one (TOP_SECRET: 8n + 122 bits), else AES-256-GCM under a fresh
 * 256-bit QKD key. Either way the hop costs bits of that link's delivery share.
 */
final class TrustedRelay {
    /** The key as the slave KME opened it, or why not ({@code key} null). */
    record Hop(byte[] key, String refusal) {
        @Override
        public String toString() {
            return key == null ? "Hop[refused: " + refusal + "]" : "Hop[" + key.length + " bytes]";
        }
    }

    private static final CipherPolicy POLICY = CipherPolicy.standard();

    private TrustedRelay() {
    }

    /** Pool bits one hop of a {@code keyBytes}-byte key onto a link of {@code level} costs. */
    static long hopBits(Sensitivity level, int keyBytes) {
        return pad(level) ? OneTimePad.bitsNeeded(keyBytes) : AeadKey.BYTES * 8L;
    }

    /** Seals {@code key} at the KDC end of {@code hop}, opens it at the KME end. */
    static Hop carry(DeliveryPools.Ends hop, Sensitivity level, String keyId, byte[] key) {
        byte[] aad = ("ETSI014-HOP1|" + keyId).getBytes(StandardCharsets.UTF_8);
        Aead.Opening opened;
        if (pad(level)) {
            OneTimePad.Sealing s = OneTimePad.seal(hop.kdc(), aad, key);
            if (!(s instanceof OneTimePad.PadSealed sealed)) {
                return new Hop(null, "one-time pad short on " + hop.kdc().link());
            }
            opened = OneTimePad.open(hop.kme(), sealed, aad);
        } else {
            FreshKeyAead.Sealing s = FreshKeyAead.seal(hop.kdc(), aad, key);
            if (!(s instanceof FreshKeyAead.KeySealed sealed)) {
                return new Hop(null, "fresh key short on " + hop.kdc().link());
            }
            opened = FreshKeyAead.open(hop.kme(), sealed, aad);
        }
        if (opened instanceof Aead.Opened o) {
            return new Hop(o.plaintext(), null);
        }
        return new Hop(null, "hop rejected at " + hop.kme().link() + ": " + ((Aead.Rejected) opened).reason());
    }

    private static boolean pad(Sensitivity level) {
        return POLICY.cipherFor(level) == CipherPolicy.Cipher.ONE_TIME_PAD;
    }
}
