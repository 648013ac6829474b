package io.qmkdc.metrics;

import com.typesafe.config.Config;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.metric.Histogram;
import kamon.metric.MeasurementUnit;
import kamon.metric.Metric;
import kamon.module.Module;
import kamon.prometheus.PrometheusReporter;
import kamon.tag.TagSet;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The only class that talks to Kamon: initialises it with qmkdc's config, registers a Prometheus reporter whose
 * text the {@link ScrapeServer} serves, and records into tagged instruments (cached per tag value, so a hot path
 * costs one map lookup).
 */
final class KamonRecorder implements Recorder {
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final PrometheusReporter reporter;
    private final Module.Registration registration;

    private final Metric.Gauge qber = Kamon.gauge(MetricNames.LINK_QBER, "QBER measured on the link's last block");
    private final Metric.Counter sifted = Kamon.counter(MetricNames.LINK_SIFTED_BITS, "sifted key bits");
    private final Metric.Counter finalBits = Kamon.counter(MetricNames.LINK_FINAL_BITS, "final (secret) key bits");
    private final Metric.Counter aborts = Kamon.counter(MetricNames.LINK_ABORTS, "aborted QKD blocks");
    private final Metric.Counter auths = Kamon.counter(MetricNames.AUTHENTICATIONS, "EPR authentications");
    private final Metric.Gauge epochs = Kamon.gauge(MetricNames.GROUP_KEY_EPOCH, "current group key epoch");
    private final Metric.Counter messages = Kamon.counter(MetricNames.MESSAGES, "application messages");
    private final Metric.Gauge attacks = Kamon.gauge(MetricNames.ATTACKS_ACTIVE, "attached eavesdroppers");
    private final Histogram relayLatency = Kamon.histogram(MetricNames.RELAY_LATENCY,
            "cross-group relay latency, sender to receiver", MeasurementUnit.time().nanoseconds()).withoutTags();

    private final Map<String, Gauge> qberByLink = new ConcurrentHashMap<>();
    private final Map<String, Counter> siftedByLink = new ConcurrentHashMap<>();
    private final Map<String, Counter> finalByLink = new ConcurrentHashMap<>();
    private final Map<String, Gauge> epochByGroup = new ConcurrentHashMap<>();
    private final Map<String, Gauge> attacksByType = new ConcurrentHashMap<>();
    private final Map<MessageKind, Map<MessageResult, Counter>> messageCounters = new EnumMap<>(MessageKind.class);

    private KamonRecorder(PrometheusReporter reporter, Module.Registration registration) {
        this.reporter = reporter;
        this.registration = registration;
        for (MessageKind kind : MessageKind.values()) {
            Map<MessageResult, Counter> byResult = new EnumMap<>(MessageResult.class);
            for (MessageResult result : MessageResult.values()) {
                byResult.put(result, messages.withTags(tags(MetricNames.KIND, kind.tag(), MetricNames.RESULT, result.tag())));
            }
            messageCounters.put(kind, byResult);
        }
    }

    /** Kamon.init (attaching Kanela when {@code kamon.init.attach-instrumentation} says so) and the reporter. */
    static KamonRecorder start(Config config) {
        Kamon.init(config);
        PrometheusReporter reporter = new PrometheusReporter("kamon.prometheus", config);
        Module.Registration registration = Kamon.addReporter("qmkdc-prometheus", reporter);
        return new KamonRecorder(reporter, registration);
    }

    /** The current exposition text (the last tick's snapshot, counters cumulative since start). */
    String scrape() {
        return reporter.scrapeData();
    }

    /** Unregisters the reporter and stops Kamon's modules and scheduler (waits up to 10 s). */
    void stop() {
        registration.cancel();
        try {
            scala.concurrent.Await.ready(Kamon.stop(),
                    scala.concurrent.duration.Duration.create(STOP_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            // Kamon's modules keep stopping in the background; nothing of ours is left running.
        }
    }

    /** Both tags at once: chaining withTag would also register a series with only the first tag. */
    private static TagSet tags(String key1, String value1, String key2, String value2) {
        return TagSet.builder().add(key1, value1).add(key2, value2).build();
    }

    private static <T> T cached(Map<String, T> cache, String key, Function<String, T> create) {
        T instrument = cache.get(key);
        return instrument != null ? instrument : cache.computeIfAbsent(key, create);
    }

    @Override
    public void linkQber(String link, double value) {
        cached(qberByLink, link, l -> qber.withTag(MetricNames.LINK, l)).update(value);
    }

    @Override
    public void siftedKeyBits(String link, long bits) {
        cached(siftedByLink, link, l -> sifted.withTag(MetricNames.LINK, l)).increment(bits);
    }

    @Override
    public void finalKeyBits(String link, long bits) {
        cached(finalByLink, link, l -> finalBits.withTag(MetricNames.LINK, l)).increment(bits);
    }

    @Override
    public void linkAbort(String link, String reason) {
        aborts.withTags(tags(MetricNames.LINK, link, MetricNames.REASON, reason)).increment();
    }

    @Override
    public void authentication(String mode, String result) {
        auths.withTags(tags(MetricNames.MODE, mode, MetricNames.RESULT, result)).increment();
    }

    @Override
    public void groupKeyEpoch(String group, long epoch) {
        cached(epochByGroup, group, g -> epochs.withTag(MetricNames.GROUP, g)).update(epoch);
    }

    @Override
    public void message(MessageKind kind, MessageResult result) {
        messageCounters.get(kind).get(result).increment();
    }

    @Override
    public void relayLatencyNanos(long nanos) {
        relayLatency.record(nanos);
    }

    @Override
    public void activeAttacks(String type, long count) {
        cached(attacksByType, type, t -> attacks.withTag(MetricNames.TYPE, t)).update(count);
    }

    @Override
    public String toString() {
        return "KamonRecorder";
    }
}
