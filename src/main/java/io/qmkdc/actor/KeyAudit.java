package io.qmkdc.actor;

import java.util.ArrayList;
import java.util.List;

/**
 * Test hook: when enabled (tests only), keeps a copy of every key the actors issue (K_c, P_k, G_k)
 * so a test can search captured logs for them. Disabled, it records nothing.
 */
public final class KeyAudit {
    private static volatile boolean enabled;
    private static final List<byte[]> ISSUED = new ArrayList<>();

    private KeyAudit() {
    }

    public static void enable() {
        enabled = true;
    }

    static void issued(byte[] key) {
        if (enabled) {
            synchronized (ISSUED) {
                ISSUED.add(key.clone());
            }
        }
    }

    /** Copies of every key issued since {@link #enable()}. */
    public static List<byte[]> issued() {
        synchronized (ISSUED) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] k : ISSUED) {
                out.add(k.clone());
            }
            return out;
        }
    }
}
