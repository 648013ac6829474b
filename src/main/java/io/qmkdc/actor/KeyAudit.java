package io.qmkdc.actor;

import java.util.ArrayList;
import java.util.List;

/**
 * Test hook: when enabled (tests only), keeps a copy of every key the actors issue (K_c, P_k, G_k)
 * so a test can search captured logs for them. Disabled, it records nothing. A node JVM started by a test with
 * {@code -D}{@value #FILE_PROPERTY}{@code =FILE} also appends each key to FILE in hex, one a line, so the test can
 * search a packet capture of its Artery port for them (issue 9).
 */
public final class KeyAudit {
    public static final String FILE_PROPERTY = "qmkdc.test.key-audit-file";
    private static final String FILE = System.getProperty(FILE_PROPERTY);
    private static volatile boolean enabled = FILE != null;
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
                if (FILE != null) {
                    try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(FILE), java.util.HexFormat.of().formatHex(key) + "\n",
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
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
