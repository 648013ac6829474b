package io.qmkdc.metrics;

/** Tag {@code kind} of {@link Metrics#message}: same-group traffic (paper 2.4) or a KDC relay (paper 2.5). */
public enum MessageKind {
    INTRA, RELAY;

    /** The tag value as it appears in Prometheus ({@code intra}, {@code relay}). */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
