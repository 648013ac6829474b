package io.qmkdc.crypto;

import java.util.Base64;
import java.util.HexFormat;

/** Test helper: hex decoding and "does this string leak these bytes" checks. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** True if {@code text} contains any 8-byte window of {@code key} as hex (either case) or the key's base64. */
    public static boolean leaks(String text, byte[] key) {
        String lower = text.toLowerCase();
        String h = hex(key);
        for (int i = 0; i + 16 <= h.length(); i += 2) {
            if (lower.contains(h.substring(i, i + 16))) {
                return true;
            }
        }
        return text.contains(Base64.getEncoder().encodeToString(key))
                || text.contains(Base64.getEncoder().withoutPadding().encodeToString(key).substring(0, Math.min(10, key.length)));
    }
}
