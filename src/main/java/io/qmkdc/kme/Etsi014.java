package io.qmkdc.kme;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The data formats of ETSI GS QKD 014 V1.1.1 §6 (Status, Key request, Key container, Key IDs, Error), as records
 * whose JSON names are the standard's. Sizes are in bits; keys are Base64. {@code toString} of a container never
 * shows key bytes.
 */
public final class Etsi014 {
    private Etsi014() {
    }

    /** §6.1 Status of the keys shared by a master and a slave SAE. */
    public record Status(
            @JsonProperty("source_KME_ID") String sourceKmeId,
            @JsonProperty("target_KME_ID") String targetKmeId,
            @JsonProperty("master_SAE_ID") String masterSaeId,
            @JsonProperty("slave_SAE_ID") String slaveSaeId,
            @JsonProperty("key_size") int keySize,
            @JsonProperty("stored_key_count") long storedKeyCount,
            @JsonProperty("max_key_count") long maxKeyCount,
            @JsonProperty("max_key_per_request") int maxKeyPerRequest,
            @JsonProperty("max_key_size") int maxKeySize,
            @JsonProperty("min_key_size") int minKeySize,
            @JsonProperty("max_SAE_ID_count") int maxSaeIdCount) {
    }

    /** §6.2 Key request (POST enc_keys); every field optional. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyRequest(
            @JsonProperty("number") Integer number,
            @JsonProperty("size") Integer size,
            @JsonProperty("additional_slave_SAE_IDs") List<String> additionalSlaveSaeIds,
            @JsonProperty("extension_mandatory") List<Map<String, Object>> extensionMandatory,
            @JsonProperty("extension_optional") List<Map<String, Object>> extensionOptional) {
        /** The GET form: only {@code number} and {@code size}. */
        public static KeyRequest of(Integer number, Integer size) {
            return new KeyRequest(number, size, null, null, null);
        }
    }

    /** §6.3 Key container. */
    public record KeyContainer(@JsonProperty("keys") List<Key> keys) {
        @Override
        public String toString() {
            return "KeyContainer[" + keys.size() + " keys]";
        }
    }

    /** One key: its UUID and its bytes in Base64. */
    public record Key(@JsonProperty("key_ID") String keyId, @JsonProperty("key") String key) {
        @Override
        public String toString() {
            return "Key[" + keyId + "]";
        }
    }

    /** §6.4 Key IDs (POST dec_keys). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyIds(@JsonProperty("key_IDs") List<KeyId> keyIds,
            @JsonProperty("key_IDs_extension") Object keyIdsExtension) {
        public static KeyIds of(List<String> ids) {
            return new KeyIds(ids.stream().map(id -> new KeyId(id, null)).toList(), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyId(@JsonProperty("key_ID") String keyId, @JsonProperty("key_ID_extension") Object keyIdExtension) {
    }

    /** §6.5 Error: a message and optional details (each an object). */
    public record Error(@JsonProperty("message") String message,
            @JsonProperty("details") List<Map<String, Object>> details) {
        public static Error of(String message, String... details) {
            return new Error(message, java.util.Arrays.stream(details)
                    .<Map<String, Object>>map(d -> Map.of("message", d)).toList());
        }
    }
}
