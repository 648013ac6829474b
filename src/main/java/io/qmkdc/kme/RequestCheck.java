package io.qmkdc.kme;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of 014 requests against the {@link KmeLimits} and the {@link SaeDirectory} (ETSI GS QKD 014 §5.2–5.4):
 * every refusal names the field. No extension is supported, so any {@code extension_mandatory} entry is refused;
 * {@code extension_optional} is ignored as the standard allows.
 */
final class RequestCheck {
    /** An accepted enc_keys request: how many keys of how many bits for which slaves (the path's first). */
    record Accepted(int number, int size, List<String> slaves) {
    }

    /** Canonical UUID text (RFC 4122 §3), the only key_ID form this KME issues. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RequestCheck() {
    }

    static KmeReply<Accepted> enc(String master, String slave, Etsi014.KeyRequest r, SaeDirectory dir, KmeLimits lim) {
        if (dir.kmeOf(slave).isEmpty()) {
            return KmeReply.badRequest("slave_SAE_ID: unknown SAE '" + safe(slave) + "'");
        }
        if (slave.equals(master)) {
            return KmeReply.badRequest("slave_SAE_ID: is the caller itself (" + master + ")");
        }
        int number = r.number() == null ? 1 : r.number();
        if (number < 1 || number > lim.maxKeyPerRequest()) {
            return KmeReply.badRequest("number: must be in 1.." + lim.maxKeyPerRequest() + " (max_key_per_request), got " + number);
        }
        int size = r.size() == null ? lim.keySize() : r.size();
        if (size % 8 != 0) {
            return KmeReply.badRequest("size: must be a multiple of 8, got " + size);
        }
        if (size < lim.minKeySize() || size > lim.maxKeySize()) {
            return KmeReply.badRequest("size: must be in " + lim.minKeySize() + ".." + lim.maxKeySize() + " bits, got " + size);
        }
        if (r.extensionMandatory() != null && !r.extensionMandatory().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Map<String, Object> e : r.extensionMandatory()) {
                names.addAll(e == null ? List.of("null") : e.keySet());
            }
            return KmeReply.badRequest("extension_mandatory: not supported", names.stream().map(n -> "unsupported: " + safe(n))
                    .toArray(String[]::new));
        }
        List<String> also = r.additionalSlaveSaeIds() == null ? List.of() : r.additionalSlaveSaeIds();
        if (also.size() > lim.maxSaeIdCount()) {
            return KmeReply.badRequest("additional_slave_SAE_IDs: at most " + lim.maxSaeIdCount()
                    + " (max_SAE_ID_count), got " + also.size());
        }
        Set<String> slaves = new LinkedHashSet<>();
        slaves.add(slave);
        for (String s : also) {
            if (s == null || dir.kmeOf(s).isEmpty()) {
                return KmeReply.badRequest("additional_slave_SAE_IDs: unknown SAE '" + safe(s) + "'");
            }
            if (s.equals(master)) {
                return KmeReply.badRequest("additional_slave_SAE_IDs: contains the caller itself (" + master + ")");
            }
            if (!slaves.add(s)) {
                return KmeReply.badRequest("additional_slave_SAE_IDs: '" + s + "' appears twice (or is the slave_SAE_ID)");
            }
        }
        return new KmeReply.Served<>(new Accepted(number, size, List.copyOf(slaves)));
    }

    /** The key IDs of a dec_keys request, checked for form, count and repeats. */
    static KmeReply<List<String>> keyIds(Etsi014.KeyIds ids, KmeLimits lim) {
        if (ids == null || ids.keyIds() == null || ids.keyIds().isEmpty()) {
            return KmeReply.badRequest("key_IDs: at least one key_ID is required");
        }
        if (ids.keyIds().size() > lim.maxKeyPerRequest()) {
            return KmeReply.badRequest("key_IDs: at most " + lim.maxKeyPerRequest() + " per request, got " + ids.keyIds().size());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Etsi014.KeyId k : ids.keyIds()) {
            Optional<String> bad = malformed(k == null ? null : k.keyId());
            if (bad.isPresent()) {
                return KmeReply.badRequest(bad.get());
            }
            if (!seen.add(k.keyId().toLowerCase(java.util.Locale.ROOT))) {
                return KmeReply.badRequest("key_IDs: '" + k.keyId() + "' appears twice");
            }
        }
        return new KmeReply.Served<>(List.copyOf(seen));
    }

    static Optional<String> malformed(String keyId) {
        if (keyId == null || !UUID_TEXT.matcher(keyId).matches()) {
            return Optional.of("key_ID: must be a UUID (8-4-4-4-12 hex digits), got '" + safe(keyId) + "'");
        }
        return Optional.empty();
    }

    /** Echoed input, cut short and without control characters. */
    static String safe(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
