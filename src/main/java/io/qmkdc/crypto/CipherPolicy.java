package io.qmkdc.crypto;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which cipher protects a message of a given {@link Sensitivity} (DESIGN §6), and how much QKD
 * key material that costs. {@link #standard()} is NORMAL → group key, HIGH → fresh QKD key,
 * TOP_SECRET → one-time pad; {@link #of(Map)} overrides (e.g. everything one-time pad).
 */
public final class CipherPolicy {
    public enum Cipher {
        /** AES-256-GCM under the group's current G_k ({@code gkm.GroupSender}). */
        AES_GCM_GROUP_KEY,
        /** AES-256-GCM under a 256-bit key drawn from QKD material for one message ({@link FreshKeyAead}). */
        AES_GCM_FRESH_QKD_KEY,
        /** Authenticated one-time pad from QKD material ({@link OneTimePad}). */
        ONE_TIME_PAD
    }

    private final EnumMap<Sensitivity, Cipher> table;

    private CipherPolicy(EnumMap<Sensitivity, Cipher> table) {
        this.table = table;
    }

    public static CipherPolicy standard() {
        return of(Map.of(
                Sensitivity.NORMAL, Cipher.AES_GCM_GROUP_KEY,
                Sensitivity.HIGH, Cipher.AES_GCM_FRESH_QKD_KEY,
                Sensitivity.TOP_SECRET, Cipher.ONE_TIME_PAD));
    }

    /** Every level must be mapped. */
    public static CipherPolicy of(Map<Sensitivity, Cipher> table) {
        for (Sensitivity s : Sensitivity.values()) {
            if (!table.containsKey(s)) {
                throw new IllegalArgumentException("policy must map every sensitivity; missing " + s);
            }
        }
        return new CipherPolicy(new EnumMap<>(table));
    }

    public Cipher cipherFor(Sensitivity level) {
        return table.get(level);
    }

    /** QKD pool bits one message of {@code plaintextBytes} bytes at {@code level} consumes. */
    public long poolBitsFor(Sensitivity level, int plaintextBytes) {
        return switch (cipherFor(level)) {
            case AES_GCM_GROUP_KEY -> 0;
            case AES_GCM_FRESH_QKD_KEY -> AeadKey.BYTES * 8L;
            case ONE_TIME_PAD -> OneTimePad.bitsNeeded(plaintextBytes);
        };
    }

    @Override
    public String toString() {
        return "CipherPolicy" + table;
    }
}
