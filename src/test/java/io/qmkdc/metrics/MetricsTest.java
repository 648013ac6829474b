package io.qmkdc.metrics;

import io.qmkdc.testing.Eventually;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import static org.junit.Assert.*;

/** Starts the Prometheus endpoint on an ephemeral loopback port, records values and reads them back by HTTP. */
public class MetricsTest {
    /** Fast ticks so a scrape sees new values soon; no agent, so Akka tests sharing this JVM stay uninstrumented. */
    static final Config TEST = ConfigFactory.parseString(
            "kamon.metric.tick-interval = 100 ms\nkamon.init.attach-instrumentation = no");
    /** Upper bound on polling for a tick (not asserted: only how long we are willing to wait). */
    private static final int MAX_POLLS = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @After
    public void stopMetrics() {
        Metrics.stop();
    }

    @Test
    public void scrapeShowsEveryInstrumentWithItsPrometheusName() throws Exception {
        InetSocketAddress at = Metrics.start("127.0.0.1", 0, TEST);
        assertTrue(at.getPort() > 0);

        Metrics.linkQber("g1", 0.03125);
        Metrics.linkQber("g2", 0.25);
        Metrics.siftedKeyBits("g1", 1000);
        Metrics.siftedKeyBits("g1", 234);
        Metrics.finalKeyBits("g1", 400);
        Metrics.linkAbort("g2", "qber_threshold");
        Metrics.linkAbort("g2", "qber_threshold");
        Metrics.authentication("hardened", "accepted");
        Metrics.groupKeyEpoch("g1", 7);
        Metrics.message(MessageKind.INTRA, MessageResult.DELIVERED);
        Metrics.message(MessageKind.RELAY, MessageResult.DUPLICATE);
        Metrics.message(MessageKind.RELAY, MessageResult.DUPLICATE);
        Metrics.relayLatency(Duration.ofMillis(3));    // in the 5 ms bucket
        Metrics.relayLatency(Duration.ofMillis(40));   // in the 50 ms bucket
        Metrics.relayLatencyNanos(2_000_000_000L);     // 2 s: in the 2.5 s bucket
        Metrics.activeAttacks("intercept-resend", 1);

        String text = scrapeUntil(at, s -> s.contains(MetricNames.PROM_RELAY_LATENCY + "_count")
                && s.contains(MetricNames.PROM_ATTACKS_ACTIVE));

        assertEquals(0.03125, value(text, MetricNames.PROM_LINK_QBER + "{link=\"g1\"}"), 0);
        assertEquals(0.25, value(text, MetricNames.PROM_LINK_QBER + "{link=\"g2\"}"), 0);
        assertEquals(1234, value(text, MetricNames.PROM_LINK_SIFTED_BITS + "{link=\"g1\"}"), 0);
        assertEquals(400, value(text, MetricNames.PROM_LINK_FINAL_BITS + "{link=\"g1\"}"), 0);
        assertEquals(2, value(text, MetricNames.PROM_LINK_ABORTS + "{link=\"g2\",reason=\"qber_threshold\"}"), 0);
        assertEquals(1, value(text, MetricNames.PROM_AUTHENTICATIONS + "{mode=\"hardened\",result=\"accepted\"}"), 0);
        assertEquals(7, value(text, MetricNames.PROM_GROUP_KEY_EPOCH + "{group=\"g1\"}"), 0);
        assertEquals(1, value(text, MetricNames.PROM_MESSAGES + "{kind=\"intra\",result=\"delivered\"}"), 0);
        assertEquals(2, value(text, MetricNames.PROM_MESSAGES + "{kind=\"relay\",result=\"duplicate\"}"), 0);
        assertEquals(0, value(text, MetricNames.PROM_MESSAGES + "{kind=\"relay\",result=\"rejected\"}"), 0);
        assertEquals(1, value(text, MetricNames.PROM_ATTACKS_ACTIVE + "{type=\"intercept-resend\"}"), 0);

        // Two-tag counters have exactly their two labels: no half-tagged series beside them.
        for (String line : text.split("\n")) {
            if (line.startsWith(MetricNames.PROM_LINK_ABORTS + "{") || line.startsWith(MetricNames.PROM_MESSAGES + "{")
                    || line.startsWith(MetricNames.PROM_AUTHENTICATIONS + "{")) {
                assertEquals(line, 2, line.substring(0, line.indexOf('}')).split(",").length);
            }
        }

        String h = MetricNames.PROM_RELAY_LATENCY;
        assertEquals(3, value(text, h + "_count"), 0);
        // Kamon's histograms keep 2 significant digits, so the sum is within 1% of 2.043 s.
        assertEquals(2.043, value(text, h + "_sum"), 2.043 * 0.01);
        assertEquals(0, value(text, h + "_bucket{le=\"0.0025\"}"), 0);
        assertEquals(1, value(text, h + "_bucket{le=\"0.005\"}"), 0);
        assertEquals(1, value(text, h + "_bucket{le=\"0.025\"}"), 0);
        assertEquals(2, value(text, h + "_bucket{le=\"0.05\"}"), 0);
        assertEquals(2, value(text, h + "_bucket{le=\"1.0\"}"), 0);
        assertEquals(3, value(text, h + "_bucket{le=\"2.5\"}"), 0);
        assertEquals(3, value(text, h + "_bucket{le=\"+Inf\"}"), 0);
    }

    @Test
    public void countersAccumulateAcrossTicksAndGaugesKeepTheLastValue() throws Exception {
        InetSocketAddress at = Metrics.start("127.0.0.1", 0, TEST);
        Metrics.finalKeyBits("acc", 10);
        Metrics.groupKeyEpoch("acc", 1);
        String key = MetricNames.PROM_LINK_FINAL_BITS + "{link=\"acc\"}";
        scrapeUntil(at, s -> s.contains("link=\"acc\"}"));
        Metrics.finalKeyBits("acc", 5);
        Metrics.groupKeyEpoch("acc", 2);
        String text = scrapeUntil(at, s -> s.contains("link=\"acc\"} 15"));
        assertEquals(15, value(text, key), 0);
        String epoch = scrapeUntil(at, s -> s.contains(MetricNames.PROM_GROUP_KEY_EPOCH + "{group=\"acc\"} 2"));
        assertEquals(2, value(epoch, MetricNames.PROM_GROUP_KEY_EPOCH + "{group=\"acc\"}"), 0);
    }

    @Test
    public void endpointIsBoundToLoopbackOnly() throws Exception {
        InetSocketAddress at = Metrics.start(Metrics.DEFAULT_HOST, 0, TEST);
        assertEquals(InetAddress.getByName("127.0.0.1"), at.getAddress());
        assertEquals(at, Metrics.address());

        // The kernel's view of the listening socket: 127.0.0.1, or ::ffff:127.0.0.1 on a dual-stack socket.
        List<String> listening = new java.util.ArrayList<>();
        String port = String.format(Locale.ROOT, "%04X", at.getPort());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path tcp = Path.of(table);
            Assume.assumeTrue("needs Linux " + table, Files.isReadable(tcp));
            Files.readAllLines(tcp).stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                    .filter(f -> f[1].endsWith(":" + port) && f[3].equals("0A")) // 0A = LISTEN
                    .forEach(f -> listening.add(f[1].substring(0, f[1].indexOf(':'))));
        }
        assertEquals(1, listening.size());
        assertTrue(listening.get(0), listening.get(0).equals("0100007F")
                || listening.get(0).equals("0000000000000000FFFF00000100007F"));
    }

    @Test
    public void configuredAddressDefaultsToLoopback() throws Exception {
        InetSocketAddress at = Metrics.start(ConfigFactory.parseString("qmkdc.metrics.port = 0").withFallback(TEST));
        assertEquals(InetAddress.getByName(Metrics.DEFAULT_HOST), at.getAddress());
    }

    @Test
    public void onlyMetricsPathIsServed() throws Exception {
        InetSocketAddress at = Metrics.start("127.0.0.1", 0, TEST);
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + at.getPort() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(url(at))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    public void instrumentsAreNoOpsWhenNotStartedAndTheirValuesAreDropped() throws Exception {
        assertFalse(Metrics.isStarted());
        assertSame(Recorder.NOOP, Metrics.recorder());
        assertNull(Metrics.address());
        Metrics.linkQber("dropped", 0.5);
        Metrics.siftedKeyBits("dropped", 99);
        Metrics.linkAbort("dropped", "qber_threshold");
        Metrics.groupKeyEpoch("dropped", 3);
        Metrics.activeAttacks("dropped", 2);
        Metrics.relayLatencyNanos(5);
        Metrics.stop(); // harmless when not started

        InetSocketAddress at = Metrics.start("127.0.0.1", 0, TEST);
        assertNotSame(Recorder.NOOP, Metrics.recorder());
        Metrics.siftedKeyBits("kept", 1);
        String text = scrapeUntil(at, s -> s.contains("link=\"kept\""));
        assertFalse(text, text.contains("dropped"));

        Metrics.stop();
        assertFalse(Metrics.isStarted());
        assertSame(Recorder.NOOP, Metrics.recorder());
        try (ServerSocket again = new ServerSocket(at.getPort(), 1, at.getAddress())) {
            assertEquals(at.getPort(), again.getLocalPort()); // the endpoint let go of its port
        }
    }

    @Test
    public void secondStartIsRefusedAndBusyPortReported() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            try {
                Metrics.start("127.0.0.1", busy.getLocalPort(), TEST);
                fail("bound a busy port");
            } catch (java.io.UncheckedIOException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(":" + busy.getLocalPort()));
            }
        }
        assertFalse(Metrics.isStarted());
        Metrics.start("127.0.0.1", 0, TEST);
        try {
            Metrics.start("127.0.0.1", 0, TEST);
            fail("started twice");
        } catch (IllegalStateException expected) {
            assertTrue(Metrics.isStarted());
        }
    }

    @Test
    public void badArgumentsNameTheParameter() {
        assertBad("qber", () -> Metrics.linkQber("g1", 1.5));
        assertBad("qber", () -> Metrics.linkQber("g1", Double.NaN));
        assertBad("link", () -> Metrics.siftedKeyBits("", 1));
        assertBad("bits", () -> Metrics.finalKeyBits("g1", -1));
        assertBad("reason", () -> Metrics.linkAbort("g1", null));
        assertBad("count", () -> Metrics.activeAttacks("pns", -1));
        assertBad("port", () -> Metrics.start("127.0.0.1", 70000));
        assertBad("host", () -> Metrics.start(" ", 0));
        assertFalse(Metrics.isStarted());
    }

    private static void assertBad(String parameter, Runnable call) {
        try {
            call.run();
            fail("accepted a bad " + parameter);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith(parameter));
        }
    }

    static URI url(InetSocketAddress at) {
        return URI.create("http://127.0.0.1:" + at.getPort() + "/metrics");
    }

    /** GETs /metrics until {@code ready} holds (Kamon publishes once per tick), at most MAX_POLLS times. */
    private String scrapeUntil(InetSocketAddress at, Predicate<String> ready) {
        return Eventually.await(Duration.ofMillis(50L * MAX_POLLS), Duration.ofMillis(50), () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(at)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            return r.body();
        }, ready, "the expected series in the scrape");
    }

    /**
     * The sample value of the series {@code name{labels}} written as in the Prometheus text format; labels may
     * come in any order (Kamon does not sort them), but the label set must match exactly.
     */
    static double value(String text, String series) {
        String wanted = canonical(series);
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            if (canonical(line.substring(0, cut)).equals(wanted)) {
                return Double.parseDouble(line.substring(cut + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + text);
    }

    /** {@code name{b="2",a="1"}} as {@code name{a="1",b="2"}}; our label values hold no commas or braces. */
    static String canonical(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return series;
        }
        String[] labels = series.substring(brace + 1, series.length() - 1).split(",");
        java.util.Arrays.sort(labels);
        return series.substring(0, brace) + "{" + String.join(",", labels) + "}";
    }
}
