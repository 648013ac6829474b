package io.qmkdc.metrics;

/**
 * Names of qmkdc's instruments: the Kamon name and the series Prometheus shows for it. Kamon's Prometheus
 * exposition turns dots into underscores, appends {@code _total} to counters and exports time histograms in
 * seconds with a {@code _seconds} suffix and {@code _bucket}/{@code _sum}/{@code _count} series.
 * The Grafana dashboard in {@code deploy/grafana} uses exactly the {@code PROM_*} names.
 */
public final class MetricNames {
    private MetricNames() {
    }

    /** Tag keys. */
    public static final String LINK = "link", REASON = "reason", MODE = "mode", RESULT = "result",
            GROUP = "group", KIND = "kind", TYPE = "type";

    public static final String LINK_QBER = "qmkdc.link.qber";
    public static final String LINK_SIFTED_BITS = "qmkdc.link.sifted.bits";
    public static final String LINK_FINAL_BITS = "qmkdc.link.final.bits";
    public static final String LINK_ABORTS = "qmkdc.link.aborts";
    public static final String AUTHENTICATIONS = "qmkdc.authentications";
    public static final String GROUP_KEY_EPOCH = "qmkdc.group.key.epoch";
    public static final String MESSAGES = "qmkdc.messages";
    public static final String RELAY_LATENCY = "qmkdc.relay.latency";
    public static final String ATTACKS_ACTIVE = "qmkdc.attacks.active";

    /** Gauge, labels {@code link}: the last measured QBER (fraction, 0..1). */
    public static final String PROM_LINK_QBER = "qmkdc_link_qber";
    /** Counter, labels {@code link}. */
    public static final String PROM_LINK_SIFTED_BITS = "qmkdc_link_sifted_bits_total";
    /** Counter, labels {@code link}: bits after privacy amplification. */
    public static final String PROM_LINK_FINAL_BITS = "qmkdc_link_final_bits_total";
    /** Counter, labels {@code link, reason}. */
    public static final String PROM_LINK_ABORTS = "qmkdc_link_aborts_total";
    /** Counter, labels {@code mode, result}. */
    public static final String PROM_AUTHENTICATIONS = "qmkdc_authentications_total";
    /** Gauge, labels {@code group}. */
    public static final String PROM_GROUP_KEY_EPOCH = "qmkdc_group_key_epoch";
    /** Counter, labels {@code kind, result}. */
    public static final String PROM_MESSAGES = "qmkdc_messages_total";
    /** Histogram in seconds: append {@code _bucket} (label {@code le}), {@code _sum}, {@code _count}. */
    public static final String PROM_RELAY_LATENCY = "qmkdc_relay_latency_seconds";
    /** Gauge, labels {@code type}. */
    public static final String PROM_ATTACKS_ACTIVE = "qmkdc_attacks_active";
}
