package io.qmkdc.kme;

/**
 * What a KME announces in its Status and enforces on requests (ETSI GS QKD 014 §6.1). Sizes in bits.
 *
 * @param keySize          size of a key when a request names none
 * @param minKeySize       smallest size a request may ask (a multiple of 8)
 * @param maxKeySize       largest size
 * @param maxKeyPerRequest most keys one enc_keys request may ask
 * @param maxKeyCount      most keys the KME holds for delivery to slaves at once (issued, not yet fetched by all)
 * @param maxSaeIdCount    most {@code additional_slave_SAE_IDs} in one request (non-zero: multicast supported)
 */
public record KmeLimits(int keySize, int minKeySize, int maxKeySize, int maxKeyPerRequest, int maxKeyCount,
        int maxSaeIdCount) {
    public KmeLimits {
        if (minKeySize < 8 || minKeySize % 8 != 0 || maxKeySize % 8 != 0 || minKeySize > maxKeySize
                || keySize < minKeySize || keySize > maxKeySize || keySize % 8 != 0) {
            throw new IllegalArgumentException("key sizes must be multiples of 8 with 8 <= min <= size <= max");
        }
        if (maxKeyPerRequest < 1 || maxKeyCount < maxKeyPerRequest || maxSaeIdCount < 0) {
            throw new IllegalArgumentException("need 1 <= max_key_per_request <= max_key_count, max_SAE_ID_count >= 0");
        }
    }

    /** 256-bit keys by default, 64..4096 bits, 128 keys a request, 100,000 held, 16 additional slaves. */
    public static KmeLimits standard() {
        return new KmeLimits(256, 64, 4096, 128, 100_000, 16);
    }
}
