package io.qmkdc.metrics;

/** Tag {@code result} of {@link Metrics#message}, counted at the receiving application. */
public enum MessageResult {
    /** Decrypted and handed to the application. */
    DELIVERED,
    /** Refused: failed authentication tag, unknown group, or a key epoch older than the receiver's. */
    REJECTED,
    /** A re-sent message whose id the receiver had already delivered; dropped. */
    DUPLICATE;

    /** The tag value as it appears in Prometheus ({@code delivered}, {@code rejected}, {@code duplicate}). */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
