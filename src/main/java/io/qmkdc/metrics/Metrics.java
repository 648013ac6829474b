package io.qmkdc.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * qmkdc's metrics: named instruments that actors call, and a Prometheus endpoint ({@code GET /metrics}) per JVM.
 * The only door to Kamon ({@link KamonRecorder} is the only class importing it).
 *
 * <p>Until {@link #start} (and after {@link #stop}) every instrument is a no-op costing one volatile read: Kamon is
 * not even loaded, and values recorded then are dropped. Start it once per JVM, before the ActorSystem, so that
 * Kamon's Kanela agent instruments Akka's classes before they load.
 *
 * <p>Settings: {@code src/main/resources/qmkdc-kamon.conf} (Kamon's tick interval, Prometheus buckets, Akka
 * actor groups, modules), overridden by system properties ({@code -Dkamon.metric.tick-interval=1s}) and by the
 * {@code overrides} passed to {@link #start(String, int, Config)}. {@code QMKDC_KAMON_ATTACH=false} skips the agent.
 *
 * <p>Argument checks are the same whether started or not, so a wrong call fails in every test.
 */
public final class Metrics {
    /** Loopback: the scrape endpoint has no authentication. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The local cluster gives node i the port 9095 + i. */
    public static final int DEFAULT_PORT = 9095;
    /** Classpath resource holding qmkdc's Kamon settings. */
    public static final String CONFIG_RESOURCE = "qmkdc-kamon.conf";

    private static volatile Recorder recorder = Recorder.NOOP;
    private static KamonRecorder kamon;
    private static ScrapeServer server;

    private Metrics() {
    }

    /**
     * Starts on the address configured by {@code qmkdc.metrics.host} / {@code qmkdc.metrics.port} (defaults
     * 127.0.0.1:9095; environment {@code QMKDC_METRICS_HOST} / {@code QMKDC_METRICS_PORT}; or in {@code overrides}).
     */
    public static InetSocketAddress start(Config overrides) {
        Config settings = settings(overrides);
        return start(settings.getString("qmkdc.metrics.host"), settings.getInt("qmkdc.metrics.port"), overrides);
    }

    /** Starts Kamon and the endpoint on {@code host:port} (port 0 = ephemeral) with qmkdc-kamon.conf. */
    public static InetSocketAddress start(String host, int port) {
        return start(host, port, ConfigFactory.empty());
    }

    /**
     * As {@link #start(String, int)}, with {@code overrides} on top of the settings (tests use
     * {@code kamon.metric.tick-interval} and {@code kamon.init.attach-instrumentation}).
     *
     * @return the bound address (its port is the real one when {@code port} was 0)
     * @throws IllegalStateException when already started
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static synchronized InetSocketAddress start(String host, int port, Config overrides) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or address, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = ephemeral), got " + port);
        }
        Objects.requireNonNull(overrides, "overrides");
        if (kamon != null) {
            throw new IllegalStateException("metrics already started on " + server.address());
        }
        KamonRecorder started = KamonRecorder.start(settings(overrides));
        try {
            server = ScrapeServer.start(host, port, started::scrape);
        } catch (IOException e) {
            started.stop();
            throw new UncheckedIOException("cannot bind the metrics endpoint to " + host + ":" + port, e);
        }
        kamon = started;
        recorder = started;
        return server.address();
    }

    /** qmkdc-kamon.conf under system properties and {@code overrides}, over Kamon's reference.conf files; resolved. */
    public static Config settings(Config overrides) {
        ClassLoader loader = Metrics.class.getClassLoader();
        return ConfigFactory.defaultOverrides(loader)
                .withFallback(overrides)
                .withFallback(ConfigFactory.parseResources(loader, CONFIG_RESOURCE))
                .withFallback(ConfigFactory.defaultReference(loader))
                .resolve();
    }

    /** Stops the endpoint and Kamon; instruments become no-ops again. Does nothing when not started. */
    public static synchronized void stop() {
        if (kamon == null) {
            return;
        }
        recorder = Recorder.NOOP;
        server.stop();
        kamon.stop();
        server = null;
        kamon = null;
    }

    public static synchronized boolean isStarted() {
        return kamon != null;
    }

    /** The bound address of the endpoint, or null when not started. */
    public static synchronized InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** What instruments forward to right now (tests check it is the no-op one when not started). */
    static Recorder recorder() {
        return recorder;
    }

    // ---- instruments -------------------------------------------------------------------------------------------

    /** Gauge {@code qmkdc_link_qber{link}}: the QBER of the link's last estimated block, a fraction in 0..1. */
    public static void linkQber(String link, double qber) {
        requireTag("link", link);
        if (!(qber >= 0 && qber <= 1)) {
            throw new IllegalArgumentException("qber must be a fraction in 0..1, got " + qber);
        }
        recorder.linkQber(link, qber);
    }

    /** Counter {@code qmkdc_link_sifted_bits_total{link}}: adds a block's sifted key length. */
    public static void siftedKeyBits(String link, long bits) {
        requireTag("link", link);
        requireCount("bits", bits);
        recorder.siftedKeyBits(link, bits);
    }

    /** Counter {@code qmkdc_link_final_bits_total{link}}: adds a block's key length after privacy amplification. */
    public static void finalKeyBits(String link, long bits) {
        requireTag("link", link);
        requireCount("bits", bits);
        recorder.finalKeyBits(link, bits);
    }

    /**
     * Counter {@code qmkdc_link_aborts_total{link, reason}}. Keep reasons a small fixed set, e.g.
     * {@code qber_threshold}, {@code decoy_bounds}, {@code verification_failed}, {@code key_too_short}.
     */
    public static void linkAbort(String link, String reason) {
        requireTag("link", link);
        requireTag("reason", reason);
        recorder.linkAbort(link, reason);
    }

    /**
     * Counter {@code qmkdc_authentications_total{mode, result}}; mode {@code paper} or {@code hardened}, result
     * e.g. {@code accepted}, {@code rejected}.
     */
    public static void authentication(String mode, String result) {
        requireTag("mode", mode);
        requireTag("result", result);
        recorder.authentication(mode, result);
    }

    /** Gauge {@code qmkdc_group_key_epoch{group}}: the group's current key epoch. */
    public static void groupKeyEpoch(String group, long epoch) {
        requireTag("group", group);
        requireCount("epoch", epoch);
        recorder.groupKeyEpoch(group, epoch);
    }

    /** Counter {@code qmkdc_messages_total{kind, result}}: one application message at its receiver. */
    public static void message(MessageKind kind, MessageResult result) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        recorder.message(kind, result);
    }

    /** Histogram {@code qmkdc_relay_latency_seconds}: one relayed message, sender to receiver, in nanoseconds. */
    public static void relayLatencyNanos(long nanos) {
        requireCount("nanos", nanos);
        recorder.relayLatencyNanos(nanos);
    }

    /** As {@link #relayLatencyNanos}. */
    public static void relayLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        relayLatencyNanos(latency.toNanos());
    }

    /**
     * Gauge {@code qmkdc_attacks_active{type}}: eavesdroppers of this type attached now (e.g.
     * {@code intercept-resend}, {@code pns}, {@code mitm}, {@code tamper}, {@code denial}); set 0 on the last detach.
     */
    public static void activeAttacks(String type, int count) {
        requireTag("type", type);
        requireCount("count", count);
        recorder.activeAttacks(type, count);
    }

    private static void requireTag(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be a non-empty tag value");
        }
    }

    private static void requireCount(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
